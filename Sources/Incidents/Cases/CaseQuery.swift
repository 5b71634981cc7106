// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A filter of the case list (empty lists and nil values: any).
public struct CaseQuery: Sendable, Equatable {
    public var statuses: [CaseStatus]
    public var severities: [Severity]
    /// nil: any; "": unassigned.
    public var assignee: String?
    public var tag: String?
    public var text: String?
    public var alertID: String?
    public var automationKey: String?

    public init(
        statuses: [CaseStatus] = [], severities: [Severity] = [], assignee: String? = nil, tag: String? = nil, text: String? = nil,
        alertID: String? = nil, automationKey: String? = nil
    ) {
        self.statuses = statuses
        self.severities = severities
        self.assignee = assignee
        self.tag = tag
        self.text = text
        self.alertID = alertID
        self.automationKey = automationKey
    }

    public static let openStatuses: [CaseStatus] = CaseStatus.allCases.filter { $0 != .closed }
}

/// A named filter of the case list that a user kept.
public struct CaseView: Sendable, Codable, Hashable {
    public var id: String
    public var owner: String
    public var name: String
    /// The list's query string, e.g. `status=triage&severity=high`.
    public var query: String
    public var createdAt: Date

    public init(id: String = Identifier.make(), owner: String, name: String, query: String, createdAt: Date) {
        self.id = id
        self.owner = owner
        self.name = name
        self.query = query
        self.createdAt = createdAt
    }
}
