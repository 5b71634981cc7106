// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// What an account grants: a group, a role, a sudo rule, an SSH key, a cloud policy.
public struct Entitlement: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case group, role, sudo
        case sshKey = "ssh_key"
        case policy
    }

    public var kind: Kind
    /// The name as the system writes it: `wheel`, `Domain Admins`, `(ALL) NOPASSWD: ALL`, `ssh-ed25519 SHA256:…`,
    /// `arn:aws:iam::aws:policy/AdministratorAccess`.
    public var name: String
    /// Administrative power on the system (admin groups, `sudo ALL`, uid 0, `adminCount`, `*:*` policies).
    public var privileged: Bool
    /// Why it counts as privileged, in words (empty when it does not).
    public var reason: String

    public init(kind: Kind, name: String, privileged: Bool = false, reason: String = "") {
        self.kind = kind
        self.name = name
        self.privileged = privileged
        self.reason = reason
    }
}

/// A credential of an account whose age and use matter: a password, an access key, an SSH key.
public struct Credential: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case password, accessKey = "access_key", sshKey = "ssh_key", certificate }

    public var kind: Kind
    /// The key's id or fingerprint; empty for a password.
    public var identifier: String
    public var active: Bool
    public var createdAt: Date?
    public var lastUsedAt: Date?

    public init(kind: Kind, identifier: String = "", active: Bool = true, createdAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.kind = kind
        self.identifier = identifier
        self.active = active
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// One account as a source reports it, before it is matched to a person.
public struct ImportedAccount: Sendable, Equatable, Codable {
    /// The login name, unique within its source (compared without case where the system does: AD, AWS, e-mail).
    public var username: String
    public var displayName: String
    public var email: String
    public var employeeID: String
    public var enabled: Bool
    public var lastLoginAt: Date?
    public var createdAt: Date?
    /// Unix uid, when the system has one.
    public var uid: Int?
    /// `nil` when the source does not say; `false` is a finding.
    public var mfa: Bool?
    /// A system or service account (a uid below 1000 with no login shell, an AWS root): not a person's.
    public var isSystem: Bool
    public var entitlements: [Entitlement]
    public var credentials: [Credential]
    /// Where it was read (`passwd:12`, `report.csv:4`), for messages.
    public var place: String

    public init(
        username: String, displayName: String = "", email: String = "", employeeID: String = "", enabled: Bool = true, lastLoginAt: Date? = nil,
        createdAt: Date? = nil, uid: Int? = nil, mfa: Bool? = nil, isSystem: Bool = false, entitlements: [Entitlement] = [],
        credentials: [Credential] = [], place: String = ""
    ) {
        self.username = username
        self.displayName = displayName
        self.email = email
        self.employeeID = employeeID
        self.enabled = enabled
        self.lastLoginAt = lastLoginAt
        self.createdAt = createdAt
        self.uid = uid
        self.mfa = mfa
        self.isSystem = isSystem
        self.entitlements = entitlements
        self.credentials = credentials
        self.place = place
    }

    public var isPrivileged: Bool { entitlements.contains(where: \.privileged) }
}

/// What an import read: the accounts, and every record left out with its place and reason.
public struct AccountBatch: Sendable, Equatable {
    public struct Rejected: Sendable, Equatable, CustomStringConvertible {
        public var place: String
        public var reason: String
        public init(place: String, reason: String) {
            self.place = place
            self.reason = reason
        }
        public var description: String { "\(place): \(reason)" }
    }

    public var accounts: [ImportedAccount] = []
    public var rejected: [Rejected] = []
    public init(accounts: [ImportedAccount] = [], rejected: [Rejected] = []) {
        self.accounts = accounts
        self.rejected = rejected
    }

    mutating func reject(_ place: String, _ reason: String) { rejected.append(Rejected(place: place, reason: reason)) }
}

/// The import formats, as `POST /api/v1/identity-sources/{id}/import?format=` names them.
public enum AccountFormat: String, Sendable, CaseIterable {
    case passwd, group, shadow, sudoers
    case authorizedKeys = "authorized_keys"
    case lastlog, last
    case linuxTar = "linux_tar"
    case awsCredentialReport = "aws_credential_report"
    case adCSV = "ad_csv"
    case accountsCSV = "accounts_csv"
    case ldif
    case awsAuthorizationDetails = "aws_authorization_details"
    case scimJSON = "scim_json"
}

enum AccountText {
    /// A login name a system could have: 1 to 256 characters, no control characters, no spaces at its ends.
    static func usernameProblem(_ name: String) -> String? {
        if name.isEmpty { return "the account name is empty" }
        if name.count > 256 { return "the account name is longer than 256 characters" }
        if Validation.hasControlOrBidi(name) { return "the account name holds control characters" }
        if name != name.trimmingCharacters(in: .whitespaces) { return "the account name begins or ends with a space" }
        return nil
    }
}
