// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Saved event searches: a user keeps their own, and may share one with everyone who searches.
extension MonitoringService {
    public func savedSearches(visibleTo username: String) async throws -> [SavedSearch] {
        guard let savedSearches else { return [] }
        return try await savedSearches.searches(visibleTo: username)
    }

    /// Saves a search under a name (the same name of the same owner replaces it); the query must parse.
    public func saveSearch(name: String, query: String, range: String, shared: Bool, by actor: AuditActor) async throws -> SavedSearch {
        guard let savedSearches else { throw CoreError.conflict("saved searches are not available") }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 100 { errors.append(FieldError(field: "name", message: "1 to 100 characters")) }
        if !SavedSearch.ranges.contains(range) {
            errors.append(FieldError(field: "range", message: "'\(range)' is not one of \(SavedSearch.ranges.joined(separator: ", "))"))
        }
        do {
            _ = try QueryParser.parse(query)
        } catch {
            errors.append(FieldError(field: "query", message: error.description))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let existing = try await savedSearches.searches(visibleTo: actor.username).first { $0.owner == actor.username && $0.name == name }
        let search = SavedSearch(
            id: existing?.id ?? Identifier.make(), owner: actor.username, name: name, query: query, range: range, shared: shared,
            createdAt: existing?.createdAt ?? clock.now())
        try await savedSearches.save(search)
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor.username, action: "events.search.save", target: "saved_search:\(search.id)", source: actor.source,
                detail: "\(name)\(shared ? " (shared)" : ""): \(query)"))
        return search
    }

    /// Deletes a saved search: its owner may, and an admin (`mayDeleteOthers`) may delete a shared one.
    public func deleteSearch(id: String, mayDeleteOthers: Bool, by actor: AuditActor) async throws {
        guard let savedSearches, let search = try await savedSearches.search(id: id),
            search.owner == actor.username || (search.shared && mayDeleteOthers)
        else { throw CoreError.notFound(kind: "saved search", id: id) }
        _ = try await savedSearches.delete(id: id)
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor.username, action: "events.search.delete", target: "saved_search:\(id)", source: actor.source,
                detail: search.name))
    }
}
