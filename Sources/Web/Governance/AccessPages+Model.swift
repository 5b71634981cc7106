// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance
import Monitoring

/// `/access`: the governed systems, the open findings by type, and the form for a new source.
struct AccessOverview: Sendable {
    var sources: [IdentitySource]
    var counts: [AccessFindingType: [AccessFindingState: Int]]
    var canWrite: Bool
    var csrf: String
    var now: Date

    static func load(_ governance: GovernanceService, principal: Principal, csrf: String, now: Date) async throws -> AccessOverview {
        AccessOverview(
            sources: try await governance.sources(), counts: try await governance.findingCounts(), canWrite: principal.can(.accessWrite), csrf: csrf,
            now: now)
    }
}

/// `/access/sources/{id}`: a source, the upload form for the formats it takes, its latest imports with what each changed.
struct IdentitySourcePage: Sendable {
    var source: IdentitySource
    var imports: [AccountImport]
    var openFindings: Int
    var canWrite: Bool
    var csrf: String
    var now: Date

    static func load(_ governance: GovernanceService, id: String, principal: Principal, csrf: String, now: Date) async throws -> IdentitySourcePage {
        guard let source = try await governance.source(id: id) else { throw CoreError.notFound(kind: "identity source", id: id) }
        let open = try await governance.findings(
            AccessFindingQuery(states: [.open], sourceID: id), page: PageRequest(limit: PageRequest.maximumLimit))
        return IdentitySourcePage(
            source: source, imports: try await governance.imports(sourceID: id, limit: 10), openFindings: open.items.count,
            canWrite: principal.can(.accessWrite), csrf: csrf, now: now)
    }
}

/// `/access/accounts`: accounts filtered by source, finding type and text.
struct AccountsPage: Sendable {
    var accounts: Page<Account>
    var sources: [IdentitySource]
    var query: AccountQuery
    var link: PageLink
    var now: Date

    static func load(_ governance: GovernanceService, link: PageLink, now: Date) async throws -> AccountsPage {
        let query = AccountQuery(
            sourceID: link.value("source_id").flatMap { Identifier.isValid($0) ? $0 : nil },
            personID: link.value("person_id").flatMap { Identifier.isValid($0) ? $0 : nil },
            finding: link.value("finding").flatMap(AccessFindingType.init(rawValue:)), text: link.value("q").map { String($0.prefix(200)) },
            includeRemoved: link.value("include_removed") == "on")
        return AccountsPage(
            accounts: try await governance.accounts(query, page: PageRequest(limit: 50, cursor: link.value("cursor"))),
            sources: try await governance.sources(), query: query, link: link, now: now)
    }
}

/// `/access/accounts/{id}`: one account with its entitlements, credentials, findings, and the forms that link it and
/// decide its findings.
struct GovernedAccountPage: Sendable {
    var account: Account
    var source: IdentitySource?
    var findings: [AccessFinding]
    var canWrite: Bool
    var csrf: String
    var now: Date
    /// Its latest authentication events in the stored logs (for those who may read events); nil when not looked up.
    var logins: [StoredEvent]?

    /// The search for its authentication events: its login name in `user.name`.
    var loginQuery: String { "user.name:\(QueryParser.quoted(account.username)) AND event.category:authentication" }

    static func load(_ governance: GovernanceService, id: String, principal: Principal, csrf: String, now: Date) async throws -> GovernedAccountPage {
        guard let account = try await governance.account(id: id) else { throw CoreError.notFound(kind: "account", id: id) }
        return GovernedAccountPage(
            account: account, source: try await governance.source(id: account.sourceID),
            findings: try await governance.findings(AccessFindingQuery(accountID: id), page: PageRequest(limit: PageRequest.maximumLimit)).items,
            canWrite: principal.can(.accessWrite), csrf: csrf, now: now)
    }
}

/// `/access/findings`: risky access by type and state, the most severe first.
struct AccessFindingsPage: Sendable {
    var findings: Page<AccessFinding>
    var type: AccessFindingType?
    var state: AccessFindingState?
    var link: PageLink
    var now: Date

    static func load(_ governance: GovernanceService, link: PageLink, now: Date) async throws -> AccessFindingsPage {
        let type = link.value("type").flatMap(AccessFindingType.init(rawValue:))
        let state = link.value("state").map { AccessFindingState(rawValue: $0) } ?? .open
        let findings = try await governance.findings(
            AccessFindingQuery(type: type, states: state.map { [$0] } ?? []), page: PageRequest(limit: 50, cursor: link.value("cursor")))
        return AccessFindingsPage(findings: findings, type: type, state: state, link: link, now: now)
    }
}
