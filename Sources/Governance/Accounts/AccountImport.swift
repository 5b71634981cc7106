// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// What one import of a source changed, kept as its record: accounts added and removed, entitlements granted and
/// revoked, accounts enabled or disabled, every record left out with its place, and the findings it opened and
/// resolved.
public struct AccountImport: Sendable, Equatable, Codable {
    public struct Change: Sendable, Equatable, Codable {
        public var accountID: String
        public var username: String
        public var granted: [Entitlement]
        public var revoked: [Entitlement]
        /// "enabled", "disabled", or nil when that did not change.
        public var status: String?

        public init(accountID: String, username: String, granted: [Entitlement] = [], revoked: [Entitlement] = [], status: String? = nil) {
            self.accountID = accountID
            self.username = username
            self.granted = granted
            self.revoked = revoked
            self.status = status
        }
    }

    public struct Rejected: Sendable, Equatable, Codable {
        public var place: String
        public var reason: String
    }

    public var id: String
    public var sourceID: String
    public var format: String
    public var fileName: String
    public var at: Date
    public var by: String
    public var partial: Bool
    /// Accounts the source holds after the import.
    public var accounts: Int
    /// Login names (with `host/` where the source has hosts).
    public var added: [String]
    public var removed: [String]
    public var changed: [Change]
    public var rejected: [Rejected]
    public var findingsOpened: Int
    public var findingsResolved: Int

    public init(
        id: String = Identifier.make(), sourceID: String, format: String, fileName: String, at: Date, by: String, partial: Bool, accounts: Int = 0,
        added: [String] = [], removed: [String] = [], changed: [Change] = [], rejected: [Rejected] = [], findingsOpened: Int = 0,
        findingsResolved: Int = 0
    ) {
        self.id = id
        self.sourceID = sourceID
        self.format = format
        self.fileName = fileName
        self.at = at
        self.by = by
        self.partial = partial
        self.accounts = accounts
        self.added = added
        self.removed = removed
        self.changed = changed
        self.rejected = rejected
        self.findingsOpened = findingsOpened
        self.findingsResolved = findingsResolved
    }

    /// Entitlements granted that are privileged: each is worth a look of its own.
    public var privilegedGrants: [(username: String, entitlement: Entitlement)] {
        changed.flatMap { change in change.granted.filter(\.privileged).map { (change.username, $0) } }
    }
}

/// The files a source keeps between imports, for formats that are parts of one picture: a Linux host's passwd,
/// group, shadow (reduced to the password's state: no hash is ever kept), sudoers, keys and logins, per host; and an
/// AWS account's credential report and authorization details. Every upload replaces its part and the whole source
/// is read again.
public struct SourceFiles: Sendable, Equatable, Codable {
    public var hosts: [String: LinuxHostFiles] = [:]
    public var awsCredentialReport: String?
    public var awsAuthorizationDetails: String?

    public init() {}
}
