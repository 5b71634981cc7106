import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring

/// Monitoring pages: event search and the sources table.
struct EventPages {
    let monitoring: MonitoringService
    let clock: any WallClock

    func register(_ router: Router<WebContext>) {
        router.get("/monitoring") { request, context in
            let principal = try context.require(.eventsRead)
            let page = try await EventSearchPage.load(request, monitoring: monitoring, now: clock.now())
            return HTML.response(Layout.page(title: "Event search", area: .monitoring, principal: principal, csrf: context.csrf, body: page.render()))
        }
        router.get("/monitoring/sources") { _, context in
            let principal = try context.require(.eventsRead)
            let sources = try await monitoring.sources()
            let threshold = EventHistogramChart.describe(monitoring.settings.sourceSilence)
            let rows = sources.map { source -> Markup in
                let status: Markup =
                    source.silentSince.map { "<span class=\"failure\">Silent since \(Layout.time($0))</span>" }
                    ?? "<span class=\"success\">Active</span>"
                let search = EventSearchPage(text: "", range: EventSearchPage.ranges[5], fromText: "", toText: "", from: nil, to: clock.now())
                return """
                    <tr><td><a href="\(search.link(query: search.adding(field: EventColumns.host, value: source.host)))">\(source.host.isEmpty ? "(unknown)" : source.host)</a></td>
                    <td>\(source.input)</td><td>\(Layout.time(source.firstSeen))</td><td>\(Layout.time(source.lastSeen))</td>
                    <td class="number">\(Int(source.events))</td><td class="number">\(String(format: "%.1f", source.eventsPerMinute))</td><td>\(status)</td></tr>
                    """
            }
            let silent = sources.filter { $0.silentSince != nil }.count
            let body: Markup = """
                <p class="actions"><a href="/monitoring">Event search</a></p>
                <p>\(sources.count) sources; \(silent) silent. A source is silent after \(threshold) without events; it is then recorded in the audit log (<code>events.source_silent</code>).</p>
                <table class="list sources"><thead><tr><th>Host</th><th>Input</th><th>First seen</th><th>Last seen</th><th>Events</th><th>Events/min</th><th>Status</th></tr></thead>
                <tbody>\(rows)</tbody></table>
                """
            return HTML.response(Layout.page(title: "Log sources", area: .monitoring, principal: principal, csrf: context.csrf, body: body))
        }
    }
}
