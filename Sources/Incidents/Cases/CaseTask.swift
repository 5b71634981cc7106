// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case todo, inProgress = "in_progress", done, cancelled
}

/// Work to do on a case, from a playbook or added by hand.
public struct CaseTask: CaseRecord, Hashable {
    public static let kind = "task"
    public var id: String
    public var caseID: String
    public var title: String
    public var description: String
    /// The case phase it belongs to (playbooks group tasks by phase).
    public var phase: CaseStatus
    public var owner: String?
    public var dueAt: Date?
    public var status: TaskStatus
    /// The playbook that created it.
    public var playbook: String?
    /// Evidence the task must leave before it can be done (names; any upload attached to the task satisfies it).
    public var requiredEvidence: [String]
    public var logs: [TaskLog]
    public var order: Int
    public var createdAt: Date
    public var completedAt: Date?
    public var completedBy: String?

    public init(
        id: String = Identifier.make(), caseID: String, title: String, description: String = "", phase: CaseStatus = .triage,
        owner: String? = nil, dueAt: Date? = nil, playbook: String? = nil, requiredEvidence: [String] = [], order: Int = 0, createdAt: Date
    ) {
        self.id = id
        self.caseID = caseID
        self.title = title
        self.description = description
        self.phase = phase
        self.owner = owner
        self.dueAt = dueAt
        self.status = .todo
        self.playbook = playbook
        self.requiredEvidence = requiredEvidence
        self.logs = []
        self.order = order
        self.createdAt = createdAt
    }
}

public struct TaskLog: Sendable, Codable, Hashable {
    public var author: String
    public var text: String
    public var at: Date
}
