// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Incidents

/// The suppressions (expired ones too, with their hits) and the form to add one, filled from an alert.
struct SuppressionsPage: Sendable {
    var suppressions: [AlertSuppression]
    var canWrite: Bool
    /// The rule and host of the alert the analyst came from ("Suppress alerts like this…").
    var ruleID: String
    var host: String
    var csrf: String
    var now: Date

    static func load(_ service: AlertService, link: PageLink, principal: Principal, csrf: String, now: Date) async throws -> SuppressionsPage {
        SuppressionsPage(
            suppressions: try await service.listSuppressions(), canWrite: principal.can(.alertsWrite), ruleID: link.value("rule_id") ?? "",
            host: link.value("host") ?? "", csrf: csrf, now: now)
    }

    func expired(_ suppression: AlertSuppression) -> Bool { suppression.expiresAt.map { $0 <= now } ?? false }
}
