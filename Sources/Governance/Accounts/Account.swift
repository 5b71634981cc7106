// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// How an account came to belong to a person.
public enum AccountLink: String, Sendable, Codable {
    /// Matched by a rule (e-mail, employee id, login name); made again at every import.
    case rule
    /// Set by hand; kept across imports until removed by hand.
    case manual
    case none
}

/// An account of a governed system as Bulwark keeps it: the latest import's view of it, the person it belongs to,
/// and when it was first and last seen. An account a later import no longer has is kept, marked removed.
public struct Account: Sendable, Equatable, Codable {
    public var id: String
    public var sourceID: String
    /// The host within a source of several (a Linux tarball of several hosts); empty otherwise.
    public var host: String
    public var username: String
    public var displayName: String
    public var email: String
    public var employeeID: String
    public var enabled: Bool
    /// The last login the system itself reports.
    public var lastLoginAt: Date?
    /// The last successful login seen in the events Bulwark stores.
    public var lastSeenInLogsAt: Date?
    public var createdAt: Date?
    public var uid: Int?
    public var mfa: Bool?
    public var isSystem: Bool
    public var entitlements: [Entitlement]
    public var credentials: [Credential]
    public var personID: String?
    public var link: AccountLink
    /// The declared owner of a service account (from the source's `service_accounts`).
    public var serviceOwner: String?
    public var firstSeenAt: Date
    /// The last import that had it.
    public var lastImportedAt: Date
    /// When an import no longer had it; nil while present.
    public var removedAt: Date?

    public init(id: String = Identifier.make(), sourceID: String, host: String = "", imported: ImportedAccount, at now: Date) {
        self.id = id
        self.sourceID = sourceID
        self.host = host
        self.username = imported.username
        self.displayName = imported.displayName
        self.email = imported.email
        self.employeeID = imported.employeeID
        self.enabled = imported.enabled
        self.lastLoginAt = imported.lastLoginAt
        self.createdAt = imported.createdAt
        self.uid = imported.uid
        self.mfa = imported.mfa
        self.isSystem = imported.isSystem
        self.entitlements = imported.entitlements
        self.credentials = imported.credentials
        self.link = .none
        self.firstSeenAt = now
        self.lastImportedAt = now
    }

    /// The identity of an account within its source: host and login name, without case.
    public var key: String { Self.key(host: host, username: username) }
    public static func key(host: String, username: String) -> String { host.lowercased() + "/" + username.lowercased() }

    /// The later of the system's own last login and the last login seen in the logs.
    public var lastUsedAt: Date? { [lastLoginAt, lastSeenInLogsAt].compactMap { $0 }.max() }

    public var isPrivileged: Bool { entitlements.contains(where: \.privileged) }

    /// The account as the analysis reads it (the last use from the logs counted in).
    public var asImported: ImportedAccount {
        ImportedAccount(
            username: username, displayName: displayName, email: email, employeeID: employeeID, enabled: enabled, lastLoginAt: lastUsedAt,
            createdAt: createdAt, uid: uid, mfa: mfa, isSystem: isSystem, entitlements: entitlements, credentials: credentials)
    }

    /// Takes an import's view of the account, keeping what Bulwark itself knows (person, logs, first seen).
    mutating func update(from imported: ImportedAccount, at now: Date) {
        username = imported.username
        displayName = imported.displayName
        email = imported.email
        employeeID = imported.employeeID
        enabled = imported.enabled
        lastLoginAt = imported.lastLoginAt
        createdAt = imported.createdAt
        uid = imported.uid
        mfa = imported.mfa
        isSystem = imported.isSystem
        entitlements = imported.entitlements
        credentials = imported.credentials
        lastImportedAt = now
        removedAt = nil
    }
}

/// Filters of the account list (`GET /api/v1/accounts`).
public struct AccountQuery: Sendable, Equatable {
    public var sourceID: String?
    public var personID: String?
    /// Accounts with an open finding of this type.
    public var finding: AccessFindingType?
    /// A substring of the login or display name or e-mail.
    public var text: String?
    /// Removed accounts too.
    public var includeRemoved: Bool

    public init(
        sourceID: String? = nil, personID: String? = nil, finding: AccessFindingType? = nil, text: String? = nil, includeRemoved: Bool = false
    ) {
        self.sourceID = sourceID
        self.personID = personID
        self.finding = finding
        self.text = text
        self.includeRemoved = includeRemoved
    }
}
