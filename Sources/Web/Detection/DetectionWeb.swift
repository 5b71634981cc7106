// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Detection
import Hummingbird

/// Detection: rules, exclusions, indicators; API, pages, schemas.
public struct DetectionWeb: WebArea {
    let detection: DetectionService

    public init(detection: DetectionService) {
        self.detection = detection
    }

    public func registerAPI(_ routes: APIRoutes) {
        DetectionController(detection: detection).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        DetectionPages(detection: detection).register(router)
    }

    public var schemas: [String: Any] { OpenAPISchemas.detection }

    public func setupSteps(for principal: Principal) async throws -> [SetupStep] {
        guard principal.can(.detectionWrite) else { return [] }
        let running = await detection.counts()[.running] ?? 0
        return [
            SetupStep(
                "Load detection rules",
                detail: "put Sigma rules (SigmaHQ's rules/ directory, or your own) under --rules and reload", href: "/detection/rules",
                done: running > 0)
        ]
    }
}
