// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// What the API, the pages and the other areas may read of alerts: the service is the only door to its store.
extension AlertService {
    /// The alert, or nil when there is none with this id.
    public nonisolated func findAlert(id: String) async throws -> Alert? { try await store.get(id: id) }

    /// The alert, or `CoreError.notFound`.
    public nonisolated func alert(id: String) async throws -> Alert {
        guard let alert = try await store.get(id: id) else { throw CoreError.notFound(kind: "alert", id: id) }
        return alert
    }

    public nonisolated func listAlerts(_ query: AlertQuery, page: PageRequest) async throws -> Page<Alert> {
        try await store.list(query, page: page)
    }

    /// Open alerts by status and severity, and what was raised and closed since `since`.
    /// How many alerts match the query.
    public nonisolated func countAlerts(_ query: AlertQuery) async throws -> Int { try await store.count(query) }

    public nonisolated func counts(since: Date) async throws -> AlertCounts { try await store.counts(since: since) }

    public nonisolated func comments(alertID: String) async throws -> [AlertComment] { try await store.comments(alertID: alertID) }

    /// Every suppression, expired ones included (the page shows them as expired).
    public nonisolated func listSuppressions() async throws -> [AlertSuppression] { try await store.suppressions() }
}
