// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Monitoring

extension SourcesPage {
    func render() -> Markup {
        let table = DataTable(
            columns: [
                .init("Host") { source in "<a href=\"\(search(host: source.host))\">\(source.host.isEmpty ? "(unknown)" : source.host)</a>" },
                .init("Input") { "\($0.input)" },
                .init("First seen") { "\(Layout.time($0.firstSeen))" },
                .init("Last seen") { "\(TimeAgo($0.lastSeen, now: now).render())" },
                .init("Events", numeric: true) { "\(Int($0.events))" },
                .init("Per day", numeric: true) { "\(String(format: $0.averagePerDay < 10 ? "%.1f" : "%.0f", $0.averagePerDay))" },
                .init("Last 5 min", numeric: true) { "\(String(format: "%.1f", $0.eventsPerMinute))/min" },
                .init("Status") { source in
                    source.silentSince.map {
                        "<span class=\"failure\">Silent since <time datetime=\"\(Timestamp.format($0))\">\(Layout.time($0))</time></span>"
                    }
                        ?? "<span class=\"success\">Active</span>"
                },
            ], rows: sources, link: PageLink(path: "/monitoring/sources"),
            empty: EmptyState(
                "Nothing has been received yet. Point syslog or an HTTP shipper at Bulwark (README, “Monitoring: logs in, search out”)."),
            classes: "list sources")
        return """
            <p class="actions"><a href="/monitoring">Event search</a></p>
            <p>\(sources.count) sources; \(silentCount) silent. <em>Per day</em> is the average between the first and the last event received; \
            <em>last 5 min</em> the rate of the last complete five minutes. A source is silent after \(EventHistogramChart.describe(silence)) \
            without events; it is then recorded in the audit log (<code>events.source_silent</code>).</p>
            \(table.render())
            """
    }
}
