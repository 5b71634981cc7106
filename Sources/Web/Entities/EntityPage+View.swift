import BulwarkCore
import Foundation
import Incidents

extension EntityPage {
    func render() -> Markup {
        let eventRows = events.events.map { stored -> Markup in
            "<tr><td>\(Layout.time(stored.event.timestamp))</td><td>\(stored.event.host)</td><td>\(stored.event.summary)</td></tr>"
        }
        let eventTable: Markup =
            events.events.isEmpty
            ? EmptyState("No events name \(value) from \(Layout.time(from)) to \(Layout.time(to)).").render()
            : """
            <div class="table-scroll"><table class="list matched-events"><thead><tr><th>Time</th><th>Host</th><th>Event</th></tr></thead>\
            <tbody>\(eventRows.joined())</tbody></table></div>
            """
        let alertRows = alerts.prefix(50).map { alert -> Markup in
            """
            <tr><td>\(Badge.severity(alert.severity))</td><td><a href="/alerts/\(alert.id)">\(alert.title)</a></td><td>\(alert.host)</td>\
            <td>\(alert.status.rawValue)</td><td>\(Layout.time(alert.lastEventAt))</td></tr>
            """
        }
        let alertTable: Markup =
            alerts.isEmpty
            ? EmptyState("No alert names \(value).").render()
            : """
            <div class="table-scroll"><table class="list"><thead><tr><th>Severity</th><th>Alert</th><th>Host</th><th>Status</th><th>Last event</th>\
            </tr></thead>\
            <tbody>\(alertRows.joined())</tbody></table></div>
            """
        let caseSection: Markup =
            cases.map { cases in
                let items = cases.map { item -> Markup in
                    "<li><a href=\"/incidents/\(item.id)\">\(item.reference) \(item.title)</a> (\(item.status.rawValue))</li>"
                }
                return Card(
                    "Cases (\(cases.count))", body: cases.isEmpty ? EmptyState("No case holds \(value).").render() : "<ul>\(items.joined())</ul>"
                )
                .render()
            } ?? ""
        let intelSection = Card(
            "Threat intelligence",
            body: intel.isEmpty ? "<p>No indicator matches.</p>" : "<ul class=\"failure\">\(intel.map { "<li>\($0)</li>" as Markup }.joined())</ul>"
        ).render()
        let assetLine: Markup =
            asset.map { asset in
                """
                <p>Inventory asset <a href="/assets/\(asset.id)">\(asset.name)</a>: \(Badge.tag(asset.criticality.rawValue)) \(asset.environment)\
                \(Markup.when(asset.internetFacing, " · internet-facing")) · owner \(asset.owner.isEmpty ? "—" : asset.owner) · \
                <a href="/vulnerabilities/assets/\(asset.id)">its findings</a></p>
                """
            } ?? ""
        let hostAlerts = Markup.when(
            type == .host, " · <a href=\"\(PageLink(path: "/alerts", parameters: [("host", value)]).href)\">open alerts on this host</a>")
        return """
            <section class="card entity">\(assetLine)
            <p class="actions"><a href="\(searchLink)">All \(events.total) events</a> from \(Layout.time(from)) to \(Layout.time(to))\
            · <a href="\(PageLink(path: "/alerts", parameters: [("q", value), ("status", "new,acknowledged,closed")]).href)">alerts</a>\
            \(hostAlerts)</p>
            </section>
            \(Card("Events (\(events.total))", body: eventTable).render())
            \(Card("Alerts (\(alerts.count))", body: alertTable).render())
            \(caseSection)\(intelSection)
            """
    }
}

/// A value that leads somewhere: its page, and a small menu of pivots (its events around a time, its alerts, its
/// cases). Used wherever an IP, a user or a host is shown.
enum Pivot {
    static func render(_ type: ObservableType, _ value: String, around: ClosedRange<Date>? = nil) -> Markup {
        guard !value.isEmpty, value != "-", case .success = type.normalise(value) else { return "\(value)" }
        let page = EntityPage.link(type, value, around: around)
        return "<a href=\"\(page)\" class=\"pivot\" title=\"Everything about \(value)\">\(value)</a>"
    }
}
