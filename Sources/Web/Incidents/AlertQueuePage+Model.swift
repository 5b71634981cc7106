// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Incidents

/// The alert queue: the alerts of a query, newest first, with what the principal may do to a selection.
struct AlertQueuePage: Sendable {
    var alerts: [Alert]
    var next: String?
    var counts: AlertCounts
    var link: PageLink
    var canWrite: Bool
    /// Whether the selection can open a case or join one.
    var canWorkCases: Bool
    var csrf: String
    var now: Date

    static func load(_ service: AlertService, query: AlertQuery, page: PageRequest, link: PageLink, principal: Principal, csrf: String, now: Date)
        async throws -> AlertQueuePage
    {
        let found = try await service.listAlerts(query, page: page)
        return AlertQueuePage(
            alerts: found.items, next: found.next, counts: try await service.counts(since: now.addingTimeInterval(-86400)), link: link,
            canWrite: principal.can(.alertsWrite), canWorkCases: principal.can(.incidentsWrite), csrf: csrf, now: now)
    }

    /// The status filters offered, as (value, title): the open ones by default, "all" last.
    static let statusChoices: [(value: String, title: String)] = ["new,acknowledged", "new", "acknowledged", "closed", "new,acknowledged,closed"].map
    {
        ($0, $0 == "new,acknowledged,closed" ? "all" : $0.replacingOccurrences(of: ",", with: " + "))
    }
}
