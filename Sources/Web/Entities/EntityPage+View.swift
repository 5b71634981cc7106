// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Monitoring

extension EntityPage {
    func render() -> Markup {
        let eventRows = events.events.map { stored -> Markup in
            let host = Pivot.render(.host, stored.event.host, around: stored.event.timestamp...stored.event.timestamp)
            return "<tr><td>\(Layout.time(stored.event.timestamp))</td><td>\(host)</td><td>\(stored.event.summary)</td></tr>"
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
                    "Cases (\(cases.count))", id: "cases",
                    body: cases.isEmpty ? EmptyState("No case holds \(value).").render() : "<ul>\(items.joined())</ul>"
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

/// A value that leads somewhere: its page, and a menu of pivots — its events around a time (an alert's window with a
/// margin, or the last day), the alerts and cases that name it, what threat intelligence says, and, on a search, the
/// search filtered to it or without it. Used wherever an IP, a user, a host, a domain or a hash is shown.
enum Pivot {
    /// A search's own links for one value: the query with `field:value` added, and with `NOT field:value` added.
    struct Filter: Sendable {
        var into: String
        var out: String
    }

    /// The margin around a window that the events pivot adds on each side.
    static let margin: TimeInterval = 3600

    static func render(_ type: ObservableType, _ value: String, around: ClosedRange<Date>? = nil) -> Markup {
        menu(type, value, around: around) ?? "\(value)"
    }

    /// The value with its menu, or nil when the value is not one of its type (a user name "-", a malformed address).
    /// The value links to its entity page unless `valueLink` names another (a finding's asset).
    static func menu(
        _ type: ObservableType, _ value: String, around: ClosedRange<Date>? = nil, filter: Filter? = nil, valueLink: String? = nil
    ) -> Markup? {
        guard EntityPage.types.contains(type), !value.isEmpty, value != "-", case .success = type.normalise(value) else { return nil }
        let page = EntityPage.link(type, value, around: around, margin: margin)
        var items: [(String, String)] = [(page, "Everything about \(value)")]
        let range: [(name: String, value: String)] =
            around.map { window in
                [
                    ("range", "custom"), ("from", Timestamp.format(window.lowerBound.addingTimeInterval(-margin))),
                    ("to", Timestamp.format(window.upperBound.addingTimeInterval(margin))),
                ]
            } ?? [("range", "24h")]
        items.append(
            (
                PageLink(path: "/monitoring", parameters: [("q", eventQuery(type, value))] + range).href,
                around == nil ? "Its events, last 24 hours" : "Its events in this window (± 1 h)"
            ))
        let alertFilter: (name: String, value: String) = type == .host ? ("host", value) : ("q", value)
        items.append((PageLink(path: "/alerts", parameters: [alertFilter, ("status", "new,acknowledged,closed")]).href, "Alerts naming it"))
        items.append((page + "#cases", "Cases holding it"))
        if type != .user && type != .host {
            items.append((PageLink(path: "/intel", parameters: [("q", value)]).href, "Threat intelligence"))
        }
        if let filter {
            items.append((filter.into, "Filter in"))
            items.append((filter.out, "Filter out"))
        }
        let links = items.map { href, title -> Markup in "<li><a href=\"\(href)\">\(title)</a></li>" }
        let title = Markup.when(valueLink == nil, " title=\"Everything about \(value)\"")
        return """
            <span class="pivot-value"><a href="\(valueLink ?? page)" class="pivot"\(title)>\(value)</a>\
            <details class="pivot-menu"><summary aria-label="Pivot on \(value)" title="Pivot on \(value)">▾</summary>\
            <ul>\(links.joined())</ul></details></span>
            """
    }

    /// The events that name a value in any field that holds its type.
    static func eventQuery(_ type: ObservableType, _ value: String) -> String {
        let quoted = QueryParser.quoted(value)
        let fields = type.ecsFields
        if fields.isEmpty { return quoted }
        return fields.map { "\($0):\(quoted)" }.joined(separator: " OR ")
    }
}
