// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Incidents
import Inventory
import Monitoring

/// One IP address, user account or host across Bulwark: its recent events, the alerts and cases that name it, what
/// threat intelligence says, and the inventory asset it is — the page every value on an event, alert or case leads to.
struct EntityPage: Sendable {
    var type: ObservableType
    var value: String
    /// The range the events are from: the caller's window (an alert's time ± a margin) or the last 30 days.
    var from: Date
    var to: Date
    var events: EventSearchResult
    var eventQuery: String
    var alerts: [Alert]
    /// Nil when the principal may not read cases.
    var cases: [Case]?
    var intel: [String]
    var asset: Asset?

    /// The types an entity page is for.
    static let types: [ObservableType] = [.ip, .user, .host, .domain, .hash, .email]

    /// The type of an event field's values when they have a page.
    static func type(ofField field: String) -> ObservableType? { ObservableType.of(field: field).flatMap { types.contains($0) ? $0 : nil } }

    /// `value` is in canonical form (``EntityPages`` checks and normalises it before any area reads it).
    static func load(
        type: ObservableType, value: String, from: Date?, to: Date?, monitoring: MonitoringService, alerts: AlertService,
        cases: CaseService, inventory: InventoryService, principal: Principal, now: Date
    ) async throws -> EntityPage {
        let sightings = try await cases.sightings(of: type, value: value)
        let from = from ?? now.addingTimeInterval(-30 * 86_400)
        let to = to ?? now.addingTimeInterval(1)
        let query = try EventQuery(sightings.eventQuery.isEmpty ? QueryParser.quoted(value) : sightings.eventQuery, from: from, to: to, now: now)
        let events = try await monitoring.search(query, limit: 25, cursor: nil)
        let found = try await alerts.listAlerts(
            AlertQuery(statuses: AlertStatus.allCases, host: type == .host ? value : nil, text: type == .host ? nil : value),
            page: PageRequest(limit: 100))
        let named = found.items.filter { alert in
            switch type {
            case .user:
                return alert.user.caseInsensitiveCompare(value) == .orderedSame
                    || (alert.context["users"] ?? "").lowercased().split(separator: ",").contains {
                        $0.trimmingCharacters(in: .whitespaces) == value.lowercased()
                    }
            case .host: return alert.host.caseInsensitiveCompare(value) == .orderedSame
            default: return true
            }
        }
        var holding: [Case]?
        if principal.can(.incidentsRead) {
            var list: [Case] = []
            for id in sightings.cases.prefix(50) { if let item = try await cases.findCase(id: id) { list.append(item) } }
            holding = list
        }
        let asset = principal.can(.inventoryRead) ? try await Self.asset(type, value, inventory: inventory) : nil
        return EntityPage(
            type: type, value: value, from: from, to: to, events: events, eventQuery: query.text, alerts: named, cases: holding,
            intel: sightings.intel, asset: asset)
    }

    /// The inventory asset a host name or an address is: by name, hostname or IP.
    static func asset(_ type: ObservableType, _ value: String, inventory: InventoryService) async throws -> Asset? {
        guard type == .host || type == .ip else { return nil }
        let candidates = try await inventory.listAssets(AssetQuery(text: value), page: PageRequest(limit: 20)).items
        return candidates.first { item in
            item.name.caseInsensitiveCompare(value) == .orderedSame || item.ips.contains(value)
                || item.hostnames.contains { $0.caseInsensitiveCompare(value) == .orderedSame }
        }
    }

    static func title(_ type: ObservableType, _ value: String) -> String {
        switch type {
        case .ip: "IP address \(value)"
        case .user: "User \(value)"
        case .host: "Host \(value)"
        case .email: "Email address \(value)"
        default: "\(type.rawValue.capitalized) \(value)"
        }
    }

    /// The event search for this value in this range.
    var searchLink: String {
        PageLink(
            path: "/monitoring",
            parameters: [("q", eventQuery), ("range", "custom"), ("from", Timestamp.format(from)), ("to", Timestamp.format(to))]
        ).href
    }

    /// The address of a value's page, with an optional window of time around something (an alert, an event).
    static func link(_ type: ObservableType, _ value: String, around: ClosedRange<Date>? = nil, margin: TimeInterval = 3600) -> String {
        var parameters: [(name: String, value: String)] = []
        if let around {
            parameters = [
                ("from", Timestamp.format(around.lowerBound.addingTimeInterval(-margin))),
                ("to", Timestamp.format(around.upperBound.addingTimeInterval(margin))),
            ]
        }
        return PageLink(path: "/entities/\(type.rawValue)/" + PageLink.encode(value), parameters: parameters).href
    }
}
