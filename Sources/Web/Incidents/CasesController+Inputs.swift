// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The JSON bodies of the case API (snake_case on the wire; unknown fields are refused).
extension CasesController {
    struct CreateInput: APIInput {
        static let fields: Set<String> = [
            "title", "severity", "description", "alert_ids", "tlp", "pap", "tags", "assignee", "first_event_at", "playbook",
        ]
        var title: String
        var severity: String?
        var description: String?
        var alertIds: [String]?
        var tlp: String?
        var pap: String?
        var tags: [String]?
        var assignee: String?
        var firstEventAt: Date?
        var playbook: String?
    }

    struct NotifiedInput: Codable, Sendable {
        var regulation: String
        var at: Date?
    }

    struct UpdateInput: APIInput {
        static let fields: Set<String> = [
            "title", "description", "severity", "status", "resolution", "summary", "lessons_learned", "tlp", "pap", "tags",
            "assignee", "asset_ids", "person_ids", "regulations", "aware_at", "notified",
        ]
        var title: String?
        var description: String?
        var severity: String?
        var status: String?
        var resolution: String?
        var summary: String?
        var lessonsLearned: String?
        var tlp: String?
        var pap: String?
        var tags: [String]?
        var assignee: String?
        var assetIds: [String]?
        var personIds: [String]?
        var regulations: [String]?
        var awareAt: Date?
        var notified: NotifiedInput?
    }

    struct AlertsInput: APIInput {
        static let fields: Set<String> = ["alert_ids"]
        var alertIds: [String]
    }

    struct MergeInput: APIInput {
        static let fields: Set<String> = ["into"]
        var into: String
    }

    struct LinkInput: APIInput {
        static let fields: Set<String> = ["case_id"]
        var caseId: String
    }

    struct PlaybookInput: APIInput {
        static let fields: Set<String> = ["playbook"]
        var playbook: String
    }

    struct TaskInput: APIInput {
        static let fields: Set<String> = ["title", "description", "phase", "owner", "due_at", "required_evidence"]
        var title: String
        var description: String?
        var phase: String?
        var owner: String?
        var dueAt: Date?
        var requiredEvidence: [String]?
    }

    struct TaskUpdateInput: APIInput {
        static let fields: Set<String> = ["status", "owner", "due_at", "title", "description", "log"]
        var status: String?
        var owner: String?
        var dueAt: Date?
        var title: String?
        var description: String?
        var log: String?
    }

    struct TimelineInput: APIInput {
        static let fields: Set<String> = ["text", "event_at"]
        var text: String
        var eventAt: Date
    }

    struct ObservableInput: APIInput {
        static let fields: Set<String> = ["type", "value", "description", "ioc", "tags"]
        var type: String
        var value: String
        var description: String?
        var ioc: Bool?
        var tags: [String]?
    }

    struct ActionInput: APIInput {
        static let fields: Set<String> = ["action", "observable_id", "value"]
        var action: String
        var observableId: String?
        var value: String?
    }

    struct ViewInput: APIInput {
        static let fields: Set<String> = ["name", "query"]
        var name: String
        var query: String
    }
}
