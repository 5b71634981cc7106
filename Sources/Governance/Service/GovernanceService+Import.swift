// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension GovernanceService {
    /// Imports an upload into a source. All or nothing unless `partial`: a record that cannot be read stops the whole
    /// import (every such record is named, with its place); with `partial` the rest is applied and the record of the
    /// import lists each one left out. The accounts are matched to the stored ones by host and login name, linked to
    /// people, analysed, and their findings opened, kept, re-opened or resolved.
    public func importAccounts(sourceID: String, _ upload: AccountUpload, partial: Bool, by actor: AuditActor) async throws -> AccountImport {
        guard let source = try await store.source(id: sourceID) else { throw CoreError.notFound(kind: "identity source", id: sourceID) }
        if let problem = SourceReader.problem(upload, kind: source.kind) { throw CoreError.invalid([problem]) }
        let now = clock.now()
        let kept = try await store.files(sourceID: source.id) ?? SourceFiles()
        let read = SourceReader.read(upload, kept: kept, now: now)
        return try await commit(
            read.accounts, rejected: read.rejected, files: read.files, into: source, format: upload.format.rawValue, fileName: upload.fileName,
            partial: partial, at: now, by: actor)
    }

    /// Applies what was read to the source: one account per host and login name (a second is left out), then all or
    /// nothing unless `partial`, reconciled with the stored accounts, analysed, and recorded with the import.
    func commit(
        _ accounts: [HostAccount], rejected: [AccountBatch.Rejected], files: SourceFiles?, into source: IdentitySource, format: String,
        fileName: String, partial: Bool, at now: Date, by actor: AuditActor
    ) async throws -> AccountImport {
        var source = source
        var read = (accounts: accounts, rejected: rejected)
        var seen = Set<String>()
        read.accounts = read.accounts.filter { item in
            guard seen.insert(Account.key(host: item.host, username: item.account.username)).inserted else {
                read.rejected.append(.init(place: item.account.place, reason: "\(item.account.username.prefix(64)) is listed twice"))
                return false
            }
            return true
        }
        if !read.rejected.isEmpty && !partial {
            throw CoreError.invalid(
                read.rejected.prefix(200).map { FieldError(field: $0.place, message: $0.reason) }
                    + (read.rejected.count > 200 ? [FieldError(field: fileName, message: "and \(read.rejected.count - 200) more")] : []))
        }
        if read.accounts.isEmpty && !read.rejected.isEmpty {
            throw CoreError.invalid([FieldError(field: fileName, message: "no account could be read: nothing was imported")])
        }

        var record = AccountImport(
            sourceID: source.id, format: format, fileName: fileName, at: now, by: actor.username, partial: partial,
            rejected: read.rejected.map { .init(place: $0.place, reason: $0.reason) })
        let people = try await directory.people()
        let outcome = try await reconcile(source: source, read: read.accounts, people: people, record: &record, now: now)
        source.lastImportAt = now
        source.updatedAt = now
        if format == "ldap_sync" {
            source.lastSyncError = nil
            source.lastSyncFailedAt = nil
        }
        let followed = try await followThrough(sourceID: source.id, changed: outcome.accounts, record: record, now: now)
        try await store.apply(
            source: source, files: files, accounts: outcome.accounts, findings: outcome.findings, reviewItems: followed, record: record)
        try await self.record(
            actor, "identity_source.import", "identity_source:\(source.id)",
            "\(format) \(fileName): \(record.accounts) accounts, \(record.added.count) added, "
                + "\(record.removed.count) removed, "
                + "\(record.changed.count) changed, \(record.rejected.count) left out; findings \(record.findingsOpened) opened, "
                + "\(record.findingsResolved) resolved")
        return record
    }

    /// The accounts to store (added, changed, removed) and the findings to store (new, updated, resolved), with the
    /// changes written into the import's record.
    func reconcile(
        source: IdentitySource, read: [HostAccount], people: [GovernancePerson], record: inout AccountImport, now: Date
    ) async throws -> (accounts: [Account], findings: [AccessFinding]) {
        let stored = try await store.accounts(sourceID: source.id)
        var byKey = Dictionary(stored.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let index = AccountLinking.Index(people)
        let peopleByID = Dictionary(people.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var criticality = source.criticality ?? .medium
        if source.criticality == nil, let assetID = source.assetID, let found = try await directory.criticality(assetID: assetID) {
            criticality = found
        }
        let analysis = AccessAnalysis.Settings(dormantDays: source.dormantDays, credentialMaxAgeDays: settings.credentialMaxAgeDays)

        var changedAccounts: [Account] = []
        var present = Set<String>()
        var drafts: [String: (Account, [AccessFindingDraft], Set<Entitlement>)] = [:]
        for item in read {
            let key = Account.key(host: item.host, username: item.account.username)
            present.insert(key)
            var account: Account
            var granted: Set<Entitlement> = []
            if var existing = byKey[key] {
                let before = existing
                existing.update(from: item.account, at: now)
                account = existing
                let old = Set(before.entitlements)
                let new = Set(account.entitlements)
                granted = new.subtracting(old)
                let revoked = old.subtracting(new)
                let status = before.removedAt != nil ? nil : before.enabled == account.enabled ? nil : account.enabled ? "enabled" : "disabled"
                if before.removedAt != nil { record.added.append(label(account)) }
                if !granted.isEmpty || !revoked.isEmpty || status != nil {
                    record.changed.append(
                        .init(
                            accountID: account.id, username: label(account), granted: granted.sorted(by: Self.order),
                            revoked: revoked.sorted(by: Self.order),
                            status: status))
                }
            } else {
                account = Account(sourceID: source.id, host: item.host, imported: item.account, at: now)
                record.added.append(label(account))
                granted = Set(account.entitlements)
            }
            if account.link != .manual || account.personID.map({ peopleByID[$0] == nil }) == true {
                let person = index.person(for: item.account)
                account.personID = person?.id
                account.link = person == nil ? .none : .rule
            }
            account.serviceOwner = source.serviceAccounts[account.username.lowercased()]
            byKey[key] = account
            changedAccounts.append(account)
            let person = account.personID.flatMap { peopleByID[$0] }
            var found = AccessAnalysis.findings(
                account.asImported, person: person, serviceOwner: account.serviceOwner, criticality: criticality, settings: analysis, now: now)
            if !stored.isEmpty {
                // A privileged grant since the last import is said so.
                let new = granted.filter(\.privileged)
                if !new.isEmpty, let at = found.firstIndex(where: { $0.type == .privileged }) {
                    found[at].reasons.insert("granted since the last import: \(new.map(\.name).sorted().joined(separator: ", "))", at: 0)
                }
            }
            drafts[account.id] = (account, found, granted)
        }
        var removedAccounts: [Account] = []
        for account in stored where account.removedAt == nil && !present.contains(account.key) {
            var removed = account
            removed.removedAt = now
            changedAccounts.append(removed)
            removedAccounts.append(removed)
            record.removed.append(label(account))
        }
        record.accounts = present.count
        let sod = try await separationOfDuties(
            source: source, present: drafts.values.map(\.0), removed: removedAccounts, record: &record, now: now)
        for (id, draft) in sod.mine { drafts[id]?.1.append(draft) }

        // Findings: one per account and type, kept from import to import.
        let existing = try await store.findings(sourceID: source.id)
        let existingByKey = Dictionary(existing.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var findings: [AccessFinding] = []
        var produced = Set<String>()
        for (account, found, _) in drafts.values {
            for draft in found {
                let key = account.id + "/" + draft.type.rawValue
                produced.insert(key)
                if var finding = existingByKey[key] {
                    let before = finding
                    finding.severity = draft.severity
                    finding.reasons = draft.reasons
                    finding.username = account.username
                    finding.personID = account.personID
                    finding.lastSeenAt = now
                    if finding.state == .resolved || (finding.state == .accepted && (finding.acceptance?.expiresAt ?? now) <= now) {
                        // Back again, or its acceptance has run out.
                        if finding.state == .resolved { record.findingsOpened += 1 }
                        finding.state = .open
                        finding.acceptance = nil
                        finding.resolvedAt = nil
                        finding.resolvedByImport = nil
                    }
                    if finding != before { findings.append(finding) }
                } else {
                    findings.append(
                        AccessFinding(
                            type: draft.type, sourceID: source.id, accountID: account.id, username: account.username, personID: account.personID,
                            severity: draft.severity, reasons: draft.reasons, at: now))
                    record.findingsOpened += 1
                }
            }
        }
        for var finding in existing where finding.state != .resolved && !produced.contains(finding.key) {
            finding.state = .resolved
            finding.resolvedAt = now
            finding.resolvedByImport = record.id
            findings.append(finding)
            record.findingsResolved += 1
        }
        findings.append(contentsOf: sod.others)
        record.added.sort()
        record.removed.sort()
        record.changed.sort { $0.username < $1.username }
        return (changedAccounts, findings)
    }

    /// The revocations this import proves done (the access is gone: the account removed or disabled, the
    /// entitlement no longer held) or finds still there.
    func followThrough(sourceID: String, changed: [Account], record: AccountImport, now: Date) async throws -> [ReviewItem] {
        let items = try await store.followThroughItems(sourceID: sourceID)
        guard !items.isEmpty else { return [] }
        var accounts = Dictionary(try await store.accounts(sourceID: sourceID).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for account in changed { accounts[account.id] = account }
        var updated: [ReviewItem] = []
        for var item in items {
            let state: FollowThrough = item.stillPresent(in: accounts[item.accountID]) ? .stillPresent : .confirmed
            guard state != item.followThrough || item.followThrough == .pending else { continue }
            item.followThrough = state
            item.followThroughAt = now
            item.followThroughImport = record.id
            updated.append(item)
        }
        return updated
    }

    func label(_ account: Account) -> String { account.host.isEmpty ? account.username : account.host + "/" + account.username }

    static func order(_ a: Entitlement, _ b: Entitlement) -> Bool { (a.kind.rawValue, a.name) < (b.kind.rawValue, b.name) }
}
