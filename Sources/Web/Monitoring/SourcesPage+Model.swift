// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Monitoring

/// Every host and input heard from, its rate, and whether it has fallen silent.
struct SourcesPage: Sendable {
    var sources: [EventSource]
    /// How long without events makes a source silent.
    var silence: TimeInterval
    var now: Date

    static func load(_ monitoring: MonitoringService, now: Date) async throws -> SourcesPage {
        SourcesPage(sources: try await monitoring.sources(), silence: monitoring.settings.sourceSilence, now: now)
    }

    var silentCount: Int { sources.filter { $0.silentSince != nil }.count }

    /// The last 30 days of a host's events in the search page.
    func search(host: String) -> String {
        let search = EventSearchPage(text: "", range: EventSearchPage.ranges[5], fromText: "", toText: "", from: nil, to: now)
        return search.link(query: search.adding(field: EventColumns.host, value: host))
    }
}
