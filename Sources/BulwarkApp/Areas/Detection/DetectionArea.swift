// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Logging
import Storage
import Web

/// Detection: Sigma rules (with correlations and the logsource mapping) and threat-intelligence indicators, run
/// over every committed event by the Incidents area's ``DetectionRunner``.
public struct DetectionArea: AreaModule {
    /// Which rules run (`bulwark serve --help`, "Detection"). Empty rule paths: the data directory's `rules` folder
    /// when it exists.
    public struct Settings: Sendable {
        public var engine = DetectionService.Settings()
        public init() {}
    }

    public let settings: Settings
    public let store: any DetectionStore
    public let service: DetectionService

    init(_ settings: Settings, foundation: FoundationArea, logger: Logger) {
        var settings = settings
        let folder = foundation.settings.storage.path("rules")
        if settings.engine.rulePaths.isEmpty, FileManager.default.fileExists(atPath: folder) { settings.engine.rulePaths = [folder] }
        self.settings = settings
        store = SQLDetectionStore(database: foundation.database)
        service = DetectionService(settings: settings.engine, store: store, audit: foundation.audit, clock: foundation.clock, logger: logger)
    }

    public var web: [any WebArea] { [DetectionWeb(detection: service)] }

    /// The demo's rules are written to DATA/rules before the platform is assembled (the rule paths are fixed then).
    static func prepareDemo(dataDirectory: String) throws {
        try DemoDetection.writeRules(to: (dataDirectory as NSString).appendingPathComponent("rules"))
    }

    /// The demo feed's indicators (the demo's events are evaluated by the Incidents area, which raises the alerts).
    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoDetection.importIndicators(into: service)
    }
}
