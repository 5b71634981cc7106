// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Access governance of the organisation's systems: identity sources and their imports, accounts linked to people,
/// and the risky access found in them, tracked from import to import.
public struct GovernanceService: Sendable {
    public struct Settings: Sendable, Equatable {
        /// A password or key older than this is stale.
        public var credentialMaxAgeDays: Int
        /// The longest a finding may be accepted for.
        public var maximumAcceptanceDays: Int
        /// Separation-of-duties rules (`--access-sod`): entitlements one person must not hold together.
        public var sodRules: [SoDRule]

        public init(credentialMaxAgeDays: Int = 365, maximumAcceptanceDays: Int = 365, sodRules: [SoDRule] = []) {
            self.credentialMaxAgeDays = credentialMaxAgeDays
            self.maximumAcceptanceDays = maximumAcceptanceDays
            self.sodRules = sodRules
        }
    }

    let store: any GovernanceStore
    let directory: any GovernanceDirectory
    let audit: any AuditLog
    let clock: any WallClock
    /// Reads directory sources live (nil: sources are imported from files only).
    let directoryReader: (any DirectoryReader)?
    public let settings: Settings

    public init(
        store: any GovernanceStore, directory: any GovernanceDirectory, audit: any AuditLog, clock: any WallClock, settings: Settings = Settings(),
        directoryReader: (any DirectoryReader)? = nil
    ) {
        self.directoryReader = directoryReader
        self.store = store
        self.directory = directory
        self.audit = audit
        self.clock = clock
        self.settings = settings
    }

    // MARK: Sources

    public func createSource(_ draft: IdentitySource, by actor: AuditActor) async throws -> IdentitySource {
        var source = draft
        source.createdAt = clock.now()
        source.updatedAt = source.createdAt
        source.serviceAccounts = Dictionary(source.serviceAccounts.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        try await check(source)
        guard try await store.saveSource(source) else { throw CoreError.conflict("an identity source is already named '\(source.name)'") }
        try await record(actor, "identity_source.create", "identity_source:\(source.id)", "\(source.kind.rawValue) \(source.name)")
        return source
    }

    public func updateSource(id: String, by actor: AuditActor, change: (inout IdentitySource) -> Void) async throws -> IdentitySource {
        guard var source = try await store.source(id: id) else { throw CoreError.notFound(kind: "identity source", id: id) }
        let before = source
        change(&source)
        source.id = before.id
        source.kind = before.kind
        source.createdAt = before.createdAt
        source.updatedAt = clock.now()
        source.serviceAccounts = Dictionary(source.serviceAccounts.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        try await check(source)
        guard try await store.saveSource(source) else { throw CoreError.conflict("an identity source is already named '\(source.name)'") }
        try await record(actor, "identity_source.update", "identity_source:\(source.id)", source.name)
        return source
    }

    func check(_ source: IdentitySource) async throws {
        var problems = source.problems()
        if let assetID = source.assetID, try await directory.criticality(assetID: assetID) == nil {
            problems.append(FieldError(field: "asset_id", message: "'\(assetID.prefix(64))' is not an asset"))
        }
        guard problems.isEmpty else { throw CoreError.invalid(problems) }
    }

    public func sources() async throws -> [IdentitySource] { try await store.sources() }
    public func source(id: String) async throws -> IdentitySource? { try await store.source(id: id) }
    public func source(name: String) async throws -> IdentitySource? { try await store.source(name: name) }
    public func imports(sourceID: String, limit: Int = 20) async throws -> [AccountImport] {
        try await store.imports(sourceID: sourceID, limit: limit)
    }
    public func importRecord(id: String) async throws -> AccountImport? { try await store.importRecord(id: id) }

    // MARK: Accounts

    public func accounts(_ query: AccountQuery, page: PageRequest) async throws -> Page<Account> { try await store.accounts(query, page: page) }
    public func account(id: String) async throws -> Account? { try await store.account(id: id) }
    public func accounts(personID: String) async throws -> [Account] { try await store.accounts(personID: personID) }

    /// Links an account to a person by hand (kept across imports), or (nil) takes the manual link away so that the
    /// rules decide again at the next import.
    public func link(accountID: String, personID: String?, by actor: AuditActor) async throws -> Account {
        guard var account = try await store.account(id: accountID) else { throw CoreError.notFound(kind: "account", id: accountID) }
        if let personID {
            guard try await directory.people().contains(where: { $0.id == personID }) else {
                throw CoreError.invalid([FieldError(field: "person_id", message: "'\(personID.prefix(64))' is not in the people inventory")])
            }
            account.personID = personID
            account.link = .manual
        } else {
            account.personID = nil
            account.link = .none
        }
        try await store.saveAccount(account)
        try await record(
            actor, "account.link", "account:\(account.id)", personID.map { "linked to person \($0)" } ?? "manual link removed")
        return account
    }

    /// The person of the people inventory with this e-mail.
    /// Everyone in the people inventory, as governance sees them.
    public func people() async throws -> [GovernancePerson] { try await directory.people() }

    public func person(email: String) async throws -> GovernancePerson? {
        try await directory.person(email: email.lowercased())
    }

    // MARK: Findings

    public func findings(_ query: AccessFindingQuery, page: PageRequest) async throws -> Page<AccessFinding> {
        try await store.findings(query, page: page)
    }
    public func finding(id: String) async throws -> AccessFinding? { try await store.finding(id: id) }
    public func findingCounts() async throws -> [AccessFindingType: [AccessFindingState: Int]] { try await store.findingCounts() }

    /// Accepts a finding (a reason and an expiry within the limit are required) or opens it again. A resolved
    /// finding is resolved by an import, not by hand.
    public func decide(
        findingID: String, state: AccessFindingState, reason: String?, expiresAt: Date?, by actor: AuditActor
    ) async throws -> AccessFinding {
        guard var finding = try await store.finding(id: findingID) else { throw CoreError.notFound(kind: "access finding", id: findingID) }
        let now = clock.now()
        switch state {
        case .accepted:
            let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var problems: [FieldError] = []
            if reason.isEmpty || reason.count > 2000 {
                problems.append(FieldError(field: "reason", message: "accepting a risk needs a reason (at most 2,000 characters)"))
            }
            let limit = now.addingTimeInterval(Double(settings.maximumAcceptanceDays) * 86400)
            if let expiresAt, expiresAt <= now || expiresAt > limit {
                problems.append(
                    FieldError(field: "expires_at", message: "a time after now and at most \(settings.maximumAcceptanceDays) days ahead"))
            } else if expiresAt == nil {
                problems.append(FieldError(field: "expires_at", message: "an acceptance expires: give expires_at"))
            }
            guard problems.isEmpty, let expiresAt else { throw CoreError.invalid(problems) }
            guard finding.state != .resolved else { throw CoreError.conflict("the finding is resolved: there is nothing to accept") }
            finding.state = .accepted
            finding.acceptance = .init(reason: reason, by: actor.username, at: now, expiresAt: expiresAt)
        case .open:
            guard finding.state == .accepted else {
                throw CoreError.conflict("only an accepted finding can be opened again (it is \(finding.state.rawValue))")
            }
            finding.state = .open
            finding.acceptance = nil
        case .resolved:
            throw CoreError.invalid([
                FieldError(field: "state", message: "a finding is resolved by an import that no longer shows it: open or accepted")
            ])
        }
        try await store.saveFinding(finding)
        try await record(
            actor, "access_finding.\(state.rawValue)", "access_finding:\(finding.id)",
            "\(finding.type.rawValue) \(finding.username)" + (finding.acceptance.map { ": \($0.reason)" } ?? ""))
        return finding
    }

    func record(_ actor: AuditActor, _ action: String, _ target: String, _ detail: String) async throws {
        try await audit.record(
            AuditEntry(time: clock.now(), actor: actor.username, action: action, target: target, source: actor.source, detail: detail))
    }
}
