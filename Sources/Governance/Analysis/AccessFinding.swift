// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where a finding stands: open; accepted (with a reason, until an expiry); resolved, by a later import that no
/// longer shows it.
public enum AccessFindingState: String, Sendable, Codable, CaseIterable {
    case open, accepted, resolved
}

/// One risky access of one account, tracked across imports as vulnerability findings are across scans.
public struct AccessFinding: Sendable, Equatable, Codable {
    public struct Acceptance: Sendable, Equatable, Codable {
        public var reason: String
        public var by: String
        public var at: Date
        public var expiresAt: Date

        public init(reason: String, by: String, at: Date, expiresAt: Date) {
            self.reason = reason
            self.by = by
            self.at = at
            self.expiresAt = expiresAt
        }
    }

    public var id: String
    public var type: AccessFindingType
    public var sourceID: String
    public var accountID: String
    public var username: String
    public var personID: String?
    public var severity: Severity
    public var reasons: [String]
    public var state: AccessFindingState
    public var firstSeenAt: Date
    public var lastSeenAt: Date
    public var resolvedAt: Date?
    /// The import that no longer showed it.
    public var resolvedByImport: String?
    public var acceptance: Acceptance?

    public init(
        id: String = Identifier.make(), type: AccessFindingType, sourceID: String, accountID: String, username: String, personID: String?,
        severity: Severity, reasons: [String], at now: Date
    ) {
        self.id = id
        self.type = type
        self.sourceID = sourceID
        self.accountID = accountID
        self.username = username
        self.personID = personID
        self.severity = severity
        self.reasons = reasons
        self.state = .open
        self.firstSeenAt = now
        self.lastSeenAt = now
    }

    /// One finding per account and type.
    public var key: String { accountID + "/" + type.rawValue }
}

/// Filters of the finding list (`GET /api/v1/access-findings`).
public struct AccessFindingQuery: Sendable, Equatable {
    public var type: AccessFindingType?
    /// Every state when empty.
    public var states: [AccessFindingState]
    public var sourceID: String?
    public var accountID: String?
    public var personID: String?

    public init(
        type: AccessFindingType? = nil, states: [AccessFindingState] = [], sourceID: String? = nil, accountID: String? = nil,
        personID: String? = nil
    ) {
        self.type = type
        self.states = states
        self.sourceID = sourceID
        self.accountID = accountID
        self.personID = personID
    }
}
