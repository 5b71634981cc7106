// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension GovernanceService {
    /// Separation of duties at an import: each holder (a person, across every system; or an unlinked account alone)
    /// is checked against the rules with this source's accounts as imported now. Answers the `sod` drafts of this
    /// source's accounts, and the `sod` findings of the other systems' accounts of the people this import touched,
    /// opened, updated or resolved (a conflict across systems ends when either side is revoked).
    func separationOfDuties(
        source: IdentitySource, present: [Account], removed: [Account], record: inout AccountImport, now: Date
    ) async throws -> (mine: [String: AccessFindingDraft], others: [AccessFinding]) {
        guard !settings.sodRules.isEmpty else { return ([:], []) }
        let sources = try await store.sources()
        let names = Dictionary(sources.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        var all = present
        var others: [String: [Account]] = [:]
        for other in sources where other.id != source.id {
            let accounts = try await store.accounts(sourceID: other.id).filter { $0.removedAt == nil }
            others[other.id] = accounts
            all += accounts
        }
        var conflicts: [String: [SeparationOfDuties.Conflict]] = [:]
        for (_, holder) in Dictionary(grouping: all, by: { $0.personID ?? "account:" + $0.id }) {
            conflicts.merge(SeparationOfDuties.conflicts(holder, rules: settings.sodRules, sourceNames: names)) { first, _ in first }
        }
        func draft(_ account: Account, _ found: [SeparationOfDuties.Conflict]) -> AccessFindingDraft {
            let severity = found.map(\.rule.severity).max() ?? .high
            return AccessFindingDraft(
                type: .sod, username: account.username, severity: severity,
                reasons: found.map { "separation of duties '\($0.rule.id)' (\($0.rule.title)): holds \($0.held.joined(separator: " and "))" })
        }
        var mine: [String: AccessFindingDraft] = [:]
        for account in present { if let found = conflicts[account.id] { mine[account.id] = draft(account, found) } }

        // The other systems' accounts of the people this import touched.
        let touched = Set((present + removed).compactMap(\.personID))
        var updated: [AccessFinding] = []
        for (sourceID, accounts) in others {
            let concerned = accounts.filter { $0.personID.map(touched.contains) ?? false }
            guard !concerned.isEmpty else { continue }
            let ids = Set(concerned.map(\.id))
            let existing = Dictionary(
                try await store.findings(sourceID: sourceID).filter { $0.type == .sod && ids.contains($0.accountID) }.map { ($0.accountID, $0) },
                uniquingKeysWith: { first, _ in first })
            for account in concerned {
                if let found = conflicts[account.id] {
                    let next = draft(account, found)
                    if var finding = existing[account.id] {
                        let before = finding
                        finding.severity = next.severity
                        finding.reasons = next.reasons
                        finding.lastSeenAt = now
                        if finding.state == .resolved {
                            finding.state = .open
                            finding.resolvedAt = nil
                            finding.resolvedByImport = nil
                            record.findingsOpened += 1
                        }
                        if finding != before { updated.append(finding) }
                    } else {
                        updated.append(
                            AccessFinding(
                                type: .sod, sourceID: sourceID, accountID: account.id, username: account.username, personID: account.personID,
                                severity: next.severity, reasons: next.reasons, at: now))
                        record.findingsOpened += 1
                    }
                } else if var finding = existing[account.id], finding.state != .resolved {
                    finding.state = .resolved
                    finding.resolvedAt = now
                    finding.resolvedByImport = record.id
                    updated.append(finding)
                    record.findingsResolved += 1
                }
            }
        }
        return (mine, updated)
    }
}
