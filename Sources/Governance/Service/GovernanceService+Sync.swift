// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension GovernanceService {
    /// Reads a directory source live and applies it as an import (format `ldap_sync`). A directory is a feed: the
    /// entries that can be read are applied and each one left out is listed with its DN and why. A search that finds
    /// no account at all changes nothing (a wrong base DN or filter must not read as every account removed). A failed
    /// sync is kept on the source (``IdentitySource/lastSyncError``) and in the audit log, and thrown as
    /// ``CoreError/upstream(_:)``.
    public func syncDirectory(sourceID: String, by actor: AuditActor) async throws -> AccountImport {
        guard let source = try await store.source(id: sourceID) else { throw CoreError.notFound(kind: "identity source", id: sourceID) }
        guard let connection = source.directory else {
            throw CoreError.invalid([
                FieldError(field: "directory", message: "\(source.name) has no directory connection: set its directory (url, base_dn) first")
            ])
        }
        guard let reader = directoryReader else { throw CoreError.conflict("this server has no directory client") }
        let entries: [DirectoryEntry]
        do {
            entries = try await reader.entries(connection)
        } catch {
            let message = "\(connection.url): \(error)"
            try await failed(sourceID: source.id, message, by: actor)
            throw CoreError.upstream(message)
        }
        let batch = DirectoryAccounts.accounts(entries)
        guard !batch.accounts.isEmpty else {
            let message =
                "\(connection.url): no account below \(connection.baseDN) matches \(connection.effectiveFilter.prefix(200)) "
                + "(\(entries.count) entries read): nothing was changed"
            try await failed(sourceID: source.id, message, by: actor)
            throw CoreError.upstream(message)
        }
        // Read again: the source may have been edited while the directory answered.
        let current = try await store.source(id: source.id) ?? source
        return try await commit(
            batch.accounts.map { HostAccount(host: "", account: $0) }, rejected: batch.rejected, files: nil, into: current,
            format: "ldap_sync", fileName: connection.url, partial: true, at: clock.now(), by: actor)
    }

    /// The directory sources whose scheduled sync is due: `syncMinutes` since their last import (or never imported).
    public func dueDirectorySyncs() async throws -> [IdentitySource] {
        let now = clock.now()
        return try await store.sources().filter { source in
            guard let minutes = source.directory?.syncMinutes, minutes > 0 else { return false }
            // After a failure, wait a whole interval too rather than hammer a directory that is down.
            guard let since = [source.lastImportAt, source.lastSyncFailedAt].compactMap({ $0 }).max() else { return true }
            return now.timeIntervalSince(since) >= Double(minutes) * 60
        }
    }

    func failed(sourceID: String, _ message: String, by actor: AuditActor) async throws {
        if var source = try await store.source(id: sourceID) {
            source.lastSyncError = String(message.prefix(1000))
            source.lastSyncFailedAt = clock.now()
            _ = try await store.saveSource(source)
        }
        try await record(actor, "identity_source.sync_failed", "identity_source:\(sourceID)", String(message.prefix(500)))
    }
}
