// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// One line of the case's story. `eventAt` is when it happened, `recordedAt` when it was written down (an analyst
/// records on Tuesday that the attacker logged in on Sunday).
public struct TimelineEntry: CaseRecord, Hashable {
    public static let kind = "timeline"
    public var id: String
    public var caseID: String
    public var category: TimelineCategory
    public var eventAt: Date
    public var createdAt: Date
    public var actor: String
    public var text: String

    public init(
        id: String = Identifier.make(), caseID: String, category: TimelineCategory, eventAt: Date, createdAt: Date, actor: String, text: String
    ) {
        self.id = id
        self.caseID = caseID
        self.category = category
        self.eventAt = eventAt
        self.createdAt = createdAt
        self.actor = actor
        self.text = text
    }
}

public enum TimelineCategory: String, Sendable, Codable, CaseIterable {
    case created, alert, status, assignment, task, observable, evidence, action, comment, playbook, manual, merge, link, sla, regulatory, update
}
