// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

/// An identity source (schema `IdentitySource`).
struct IdentitySourceBody: ResponseBody {
    var id: String
    var name: String
    var kind: String
    var formats: [String]
    var owner: String
    @Nullable var assetId: String?
    @Nullable var criticality: String?
    var dormantDays: Int
    var serviceAccounts: [String: String]
    var createdAt: Date
    var updatedAt: Date
    @Nullable var lastImportAt: Date?
    @Nullable var directory: DirectoryConnectionBody?
    @Nullable var lastSyncError: String?

    init(_ source: IdentitySource) {
        id = source.id
        name = source.name
        kind = source.kind.rawValue
        formats = source.kind.formats.map(\.rawValue)
        owner = source.owner
        assetId = source.assetID
        criticality = source.criticality?.rawValue
        dormantDays = source.dormantDays
        serviceAccounts = source.serviceAccounts
        createdAt = source.createdAt
        updatedAt = source.updatedAt
        lastImportAt = source.lastImportAt
        directory = source.directory.map(DirectoryConnectionBody.init)
        lastSyncError = source.lastSyncError
    }
}

struct IdentitySourceListBody: ResponseBody {
    var sources: [IdentitySourceBody]
}

/// What an import changed (schema `AccountImport`).
struct AccountImportBody: ResponseBody {
    struct EntitlementBody: Encodable, Sendable {
        var kind: String
        var name: String
        var privileged: Bool
        var reason: String

        init(_ entitlement: Entitlement) {
            kind = entitlement.kind.rawValue
            name = entitlement.name
            privileged = entitlement.privileged
            reason = entitlement.reason
        }
    }

    struct ChangeBody: Encodable, Sendable {
        var accountId: String
        var account: String
        var granted: [EntitlementBody]
        var revoked: [EntitlementBody]
        @Nullable var status: String?
    }

    struct RejectedBody: Encodable, Sendable {
        var place: String
        var reason: String
    }

    var id: String
    var sourceId: String
    var format: String
    var fileName: String
    var at: Date
    var by: String
    var partial: Bool
    var accounts: Int
    var added: [String]
    var removed: [String]
    var changed: [ChangeBody]
    var rejected: [RejectedBody]
    var findingsOpened: Int
    var findingsResolved: Int

    init(_ record: AccountImport) {
        id = record.id
        sourceId = record.sourceID
        format = record.format
        fileName = record.fileName
        at = record.at
        by = record.by
        partial = record.partial
        accounts = record.accounts
        added = record.added
        removed = record.removed
        changed = record.changed.map {
            ChangeBody(
                accountId: $0.accountID, account: $0.username, granted: $0.granted.map(EntitlementBody.init),
                revoked: $0.revoked.map(EntitlementBody.init),
                status: $0.status)
        }
        rejected = record.rejected.map { RejectedBody(place: $0.place, reason: $0.reason) }
        findingsOpened = record.findingsOpened
        findingsResolved = record.findingsResolved
    }
}

/// A source with its latest imports (schema `IdentitySourceDetail`).
struct IdentitySourceDetailBody: ResponseBody {
    var source: IdentitySourceBody
    var imports: [AccountImportBody]
}

/// An account (schema `Account`).
struct AccountBody: ResponseBody {
    struct CredentialBody: Encodable, Sendable {
        var kind: String
        var identifier: String
        var active: Bool
        @Nullable var createdAt: Date?
        @Nullable var lastUsedAt: Date?
    }

    var id: String
    var sourceId: String
    var host: String
    var username: String
    var displayName: String
    var email: String
    var employeeId: String
    var enabled: Bool
    var privileged: Bool
    var system: Bool
    @Nullable var mfa: Bool?
    @Nullable var lastLoginAt: Date?
    @Nullable var lastSeenInLogsAt: Date?
    @Nullable var lastUsedAt: Date?
    @Nullable var createdAt: Date?
    @Nullable var personId: String?
    var link: String
    @Nullable var serviceOwner: String?
    var entitlements: [AccountImportBody.EntitlementBody]
    var credentials: [CredentialBody]
    var firstSeenAt: Date
    var lastImportedAt: Date
    @Nullable var removedAt: Date?

    init(_ account: Account) {
        id = account.id
        sourceId = account.sourceID
        host = account.host
        username = account.username
        displayName = account.displayName
        email = account.email
        employeeId = account.employeeID
        enabled = account.enabled
        privileged = account.isPrivileged
        system = account.isSystem
        mfa = account.mfa
        lastLoginAt = account.lastLoginAt
        lastSeenInLogsAt = account.lastSeenInLogsAt
        lastUsedAt = account.lastUsedAt
        createdAt = account.createdAt
        personId = account.personID
        link = account.link.rawValue
        serviceOwner = account.serviceOwner
        entitlements = account.entitlements.map(AccountImportBody.EntitlementBody.init)
        credentials = account.credentials.map {
            CredentialBody(kind: $0.kind.rawValue, identifier: $0.identifier, active: $0.active, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt)
        }
        firstSeenAt = account.firstSeenAt
        lastImportedAt = account.lastImportedAt
        removedAt = account.removedAt
    }
}

struct AccountListBody: ResponseBody {
    var accounts: [AccountBody]
    @Nullable var next: String?
}

/// An account with its findings (schema `AccountDetail`).
struct AccountDetailBody: ResponseBody {
    var account: AccountBody
    var findings: [AccessFindingBody]
}

/// A finding of risky access (schema `AccessFinding`).
struct AccessFindingBody: ResponseBody {
    struct AcceptanceBody: Encodable, Sendable {
        var reason: String
        var by: String
        var at: Date
        var expiresAt: Date
    }

    var id: String
    var type: String
    var sourceId: String
    var accountId: String
    var account: String
    @Nullable var personId: String?
    var severity: String
    var reasons: [String]
    var state: String
    var firstSeenAt: Date
    var lastSeenAt: Date
    @Nullable var resolvedAt: Date?
    @Nullable var resolvedByImport: String?
    @Nullable var acceptance: AcceptanceBody?

    init(_ finding: AccessFinding) {
        id = finding.id
        type = finding.type.rawValue
        sourceId = finding.sourceID
        accountId = finding.accountID
        account = finding.username
        personId = finding.personID
        severity = finding.severity.rawValue
        reasons = finding.reasons
        state = finding.state.rawValue
        firstSeenAt = finding.firstSeenAt
        lastSeenAt = finding.lastSeenAt
        resolvedAt = finding.resolvedAt
        resolvedByImport = finding.resolvedByImport
        acceptance = finding.acceptance.map { AcceptanceBody(reason: $0.reason, by: $0.by, at: $0.at, expiresAt: $0.expiresAt) }
    }
}

struct AccessFindingListBody: ResponseBody {
    var findings: [AccessFindingBody]
    @Nullable var next: String?
}

extension OpenAPISchemas {
    static var governance: [String: Any] {
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let entitlement = object(
            ["kind": enumeration(Entitlement.Kind.allCases.map(\.rawValue)), "name": string, "privileged": boolean, "reason": string],
            required: ["kind", "name", "privileged", "reason"])
        let source: [String: Any] = [
            "id": string, "name": string, "kind": enumeration(IdentitySourceKind.allCases.map(\.rawValue)),
            "formats": ["type": "array", "items": enumeration(AccountFormat.allCases.map(\.rawValue)), "description": "the import formats it takes"],
            "owner": string, "asset_id": nullableString,
            "criticality": ["type": ["string", "null"], "enum": SystemCriticality.allCases.map(\.rawValue) + [NSNull()]],
            "dormant_days": ["type": "integer"], "service_accounts": ["type": "object", "additionalProperties": ["type": "string"]],
            "created_at": time, "updated_at": time, "last_import_at": nullableTime,
            "directory": ["oneOf": [ref("DirectoryConnection"), ["type": "null"]], "description": "read live (ldap and ad sources)"],
            "last_sync_error": ["type": ["string", "null"], "description": "why the last directory sync failed (null after one that worked)"],
        ]
        let record: [String: Any] = [
            "id": string, "source_id": string, "format": string, "file_name": string, "at": time, "by": string, "partial": boolean,
            "accounts": ["type": "integer"], "added": strings, "removed": strings,
            "changed": [
                "type": "array",
                "items": object(
                    [
                        "account_id": string, "account": string, "granted": ["type": "array", "items": entitlement],
                        "revoked": ["type": "array", "items": entitlement],
                        "status": ["type": ["string", "null"], "enum": ["enabled", "disabled", NSNull()]],
                    ], required: ["account_id", "account", "granted", "revoked", "status"]),
            ],
            "rejected": ["type": "array", "items": object(["place": string, "reason": string], required: ["place", "reason"])],
            "findings_opened": ["type": "integer"], "findings_resolved": ["type": "integer"],
        ]
        let credential = object(
            ["kind": string, "identifier": string, "active": boolean, "created_at": nullableTime, "last_used_at": nullableTime],
            required: ["kind", "identifier", "active", "created_at", "last_used_at"])
        let account: [String: Any] = [
            "id": string, "source_id": string, "host": string, "username": string, "display_name": string, "email": string, "employee_id": string,
            "enabled": boolean, "privileged": boolean, "system": boolean, "mfa": ["type": ["boolean", "null"]], "last_login_at": nullableTime,
            "last_seen_in_logs_at": nullableTime, "last_used_at": nullableTime, "created_at": nullableTime, "person_id": nullableString,
            "link": enumeration(["rule", "manual", "none"]), "service_owner": nullableString,
            "entitlements": ["type": "array", "items": entitlement],
            "credentials": ["type": "array", "items": credential], "first_seen_at": time, "last_imported_at": time, "removed_at": nullableTime,
        ]
        let finding: [String: Any] = [
            "id": string, "type": enumeration(AccessFindingType.allCases.map(\.rawValue)), "source_id": string, "account_id": string,
            "account": string, "person_id": nullableString, "severity": enumeration(Severity.allCases.map(\.rawValue)), "reasons": strings,
            "state": enumeration(AccessFindingState.allCases.map(\.rawValue)), "first_seen_at": time, "last_seen_at": time,
            "resolved_at": nullableTime, "resolved_by_import": nullableString,
            "acceptance": [
                "type": ["object", "null"],
                "properties": ["reason": string, "by": string, "at": time, "expires_at": time],
                "required": ["reason", "by", "at", "expires_at"],
            ],
        ]
        return directoryConnection.merging([
            "IdentitySource": object(source, required: Array(source.keys)),
            "IdentitySourceList": object(["sources": ["type": "array", "items": ref("IdentitySource")]], required: ["sources"]),
            "IdentitySourceDetail": object(
                ["source": ref("IdentitySource"), "imports": ["type": "array", "items": ref("AccountImport")]], required: ["source", "imports"]),
            "IdentitySourceInput": object(
                [
                    "name": nonEmpty, "kind": enumeration(IdentitySourceKind.allCases.map(\.rawValue)),
                    "owner": ["type": "string", "description": "who answers for the system (an e-mail of the people inventory)"],
                    "asset_id": ["type": ["string", "null"], "description": "the asset it runs on: its criticality unless criticality is set"],
                    "criticality": ["type": ["string", "null"], "enum": SystemCriticality.allCases.map(\.rawValue) + [NSNull()]],
                    "dormant_days": ["type": "integer", "minimum": 1, "maximum": 3650, "description": "default 90"],
                    "service_accounts": [
                        "type": "object", "additionalProperties": ["type": "string"],
                        "description": "declared service accounts: login name → owner",
                    ],
                    "directory": ref("DirectoryConnectionInput"),
                ], required: ["name", "kind"]),
            "IdentitySourceUpdate": object(
                [
                    "name": nonEmpty, "owner": string, "asset_id": nullableString,
                    "criticality": ["type": ["string", "null"], "enum": SystemCriticality.allCases.map(\.rawValue) + [NSNull()]],
                    "dormant_days": ["type": "integer", "minimum": 1, "maximum": 3650],
                    "service_accounts": ["type": "object", "additionalProperties": ["type": "string"]],
                    "directory": ["oneOf": [ref("DirectoryConnectionInput"), ["type": "null"]], "description": "null: no live directory"],
                ]),
            "AccountImport": object(record, required: Array(record.keys)),
            "Account": object(account, required: Array(account.keys)),
            "AccountList": page("accounts", "Account"),
            "AccountDetail": object(
                ["account": ref("Account"), "findings": ["type": "array", "items": ref("AccessFinding")]], required: ["account", "findings"]),
            "AccountUpdate": object(
                [
                    "person_id": [
                        "type": ["string", "null"], "description": "link to this person by hand (kept across imports); null: let the rules decide",
                    ]
                ],
                required: ["person_id"]),
            "AccessFinding": object(finding, required: Array(finding.keys)),
            "AccessFindingList": page("findings", "AccessFinding"),
            "AccessFindingUpdate": object(
                [
                    "state": enumeration(["open", "accepted"]), "reason": ["type": "string", "description": "required to accept"],
                    "expires_at": ["type": "string", "format": "date-time", "description": "required to accept; within the acceptance limit"],
                ], required: ["state"]),
        ]) { first, _ in first }
    }
}
