// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// What kind of system a source is; it decides which import formats it takes.
public enum IdentitySourceKind: String, Sendable, Codable, CaseIterable {
    case ldap, ad, linux, aws, application, scim

    public var formats: [AccountFormat] {
        switch self {
        case .ldap: [.ldif]
        case .ad: [.adCSV, .ldif]
        case .linux: [.passwd, .group, .shadow, .sudoers, .authorizedKeys, .lastlog, .last, .linuxTar]
        case .aws: [.awsCredentialReport, .awsAuthorizationDetails]
        case .application: [.accountsCSV]
        case .scim: [.scimJSON]
        }
    }
}

/// A system whose accounts are governed: a directory, a set of Linux hosts, an AWS account, an application.
public struct IdentitySource: Sendable, Equatable, Codable {
    public var id: String
    /// Unique, as the CLI names it (`bulwark access import --source NAME`).
    public var name: String
    public var kind: IdentitySourceKind
    /// Who answers for the system (an e-mail of the people inventory, or a name): reviewer of its access, and who
    /// carries out its revocations.
    public var owner: String
    /// The asset the system runs on, whose criticality it takes unless `criticality` is set.
    public var assetID: String?
    public var criticality: SystemCriticality?
    /// An account with no use for this many days is dormant.
    public var dormantDays: Int
    /// Accounts declared as service accounts, by login name (lowercase), each with the person who owns it.
    public var serviceAccounts: [String: String]
    public var createdAt: Date
    public var updatedAt: Date
    public var lastImportAt: Date?
    /// A directory (`ldap`, `ad`) read live by ``GovernanceService/syncDirectory(sourceID:by:)``; nil: by uploads only.
    public var directory: DirectoryConnection?
    /// The last sync's failure (nil after a sync that worked), for the source's page and the scheduled sync's log.
    public var lastSyncError: String?
    public var lastSyncFailedAt: Date?

    public init(
        id: String = Identifier.make(), name: String, kind: IdentitySourceKind, owner: String = "", assetID: String? = nil,
        criticality: SystemCriticality? = nil, dormantDays: Int = 90, serviceAccounts: [String: String] = [:],
        directory: DirectoryConnection? = nil, createdAt: Date
    ) {
        self.directory = directory
        self.id = id
        self.name = name
        self.kind = kind
        self.owner = owner
        self.assetID = assetID
        self.criticality = criticality
        self.dormantDays = dormantDays
        self.serviceAccounts = serviceAccounts
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// The problems of a source as given, each naming its field.
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.count > 120 || Validation.hasControlOrBidi(name) || trimmed != name {
            problems.append(FieldError(field: "name", message: "a name of 1 to 120 characters, without control characters or outer spaces"))
        }
        if owner.count > 320 || Validation.hasControlOrBidi(owner) {
            problems.append(FieldError(field: "owner", message: "at most 320 characters, without control characters"))
        }
        if !(1...3650).contains(dormantDays) {
            problems.append(FieldError(field: "dormant_days", message: "a number of days from 1 to 3650"))
        }
        for (account, owner) in serviceAccounts where AccountText.usernameProblem(account) != nil || owner.isEmpty || owner.count > 320 {
            problems.append(FieldError(field: "service_accounts", message: "'\(account.prefix(64))' needs a valid account name and an owner"))
        }
        if let directory {
            if ![.ldap, .ad].contains(kind) {
                problems.append(FieldError(field: "directory", message: "only ldap and ad sources are read from a directory server"))
            }
            problems += directory.problems()
        }
        return problems
    }
}
