// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents

/// A case as the API writes it, with its clocks at `now` (schema `Case` below).
struct CaseBody: ResponseBody {
    var id: String
    var number: Int
    var reference: String
    var title: String
    var description: String
    var severity: String
    var status: String
    var tlp: String
    var pap: String
    var tags: [String]
    @Nullable var assignee: String?
    var alertIds: [String]
    var assetIds: [String]
    var personIds: [String]
    var relatedCaseIds: [String]
    @Nullable var mergedInto: String?
    @Nullable var resolution: String?
    var summary: String
    var lessonsLearned: String
    var playbooks: [String]
    var regulations: [String]
    @Nullable var awareAt: Date?
    var notified: [String: Date]
    var createdAt: Date
    var createdBy: String
    var updatedAt: Date
    @Nullable var firstEventAt: Date?
    var detectedAt: Date
    @Nullable var acknowledgedAt: Date?
    @Nullable var resolvedAt: Date?
    @Nullable var acknowledgeDueAt: Date?
    @Nullable var resolveDueAt: Date?
    @Nullable var timeToDetect: Double?
    @Nullable var timeToAcknowledge: Double?
    @Nullable var timeToResolve: Double?
    var allowedTransitions: [String]
    var sla: [CaseClockBody]
    var regulatoryClocks: [CaseClockBody]

    init(_ item: Case, regulatory: RegulatorySettings, now: Date) {
        id = item.id
        number = item.number
        reference = item.reference
        title = item.title
        description = item.description
        severity = item.severity.rawValue
        status = item.status.rawValue
        tlp = item.tlp.rawValue
        pap = item.pap.rawValue
        tags = item.tags
        assignee = item.assignee
        alertIds = item.alertIDs
        assetIds = item.assetIDs
        personIds = item.personIDs
        relatedCaseIds = item.relatedCaseIDs
        mergedInto = item.mergedInto
        resolution = item.resolution?.rawValue
        summary = item.summary
        lessonsLearned = item.lessonsLearned
        playbooks = item.playbooks
        regulations = item.regulations.map(\.rawValue)
        awareAt = item.awareAt
        notified = item.notified
        createdAt = item.createdAt
        createdBy = item.createdBy
        updatedAt = item.updatedAt
        firstEventAt = item.firstEventAt
        detectedAt = item.detectedAt
        acknowledgedAt = item.acknowledgedAt
        resolvedAt = item.resolvedAt
        acknowledgeDueAt = item.acknowledgeDueAt
        resolveDueAt = item.resolveDueAt
        timeToDetect = item.timeToDetect
        timeToAcknowledge = item.timeToAcknowledge
        timeToResolve = item.timeToResolve
        allowedTransitions = item.status.allowedTransitions.map(\.rawValue)
        sla = item.slaClocks(now: now).map(CaseClockBody.init)
        regulatoryClocks = item.regulatoryClocks(regulatory, now: now).map(CaseClockBody.init)
    }
}

/// An SLA or notification clock (schema `CaseClock`).
struct CaseClockBody: ResponseBody {
    var name: String
    var title: String
    var startedAt: Date
    var dueAt: Date
    @Nullable var stoppedAt: Date?
    var state: String
    var remainingSeconds: Double
    var summary: String

    init(_ clock: CaseClock) {
        name = clock.name
        title = clock.title
        startedAt = clock.startedAt
        dueAt = clock.dueAt
        stoppedAt = clock.stoppedAt
        state = clock.state.rawValue
        remainingSeconds = clock.remaining
        summary = clock.summary
    }
}

/// A case with every record (schema `CaseDetail`).
struct CaseDetailBody: ResponseBody {
    var item: CaseBody
    var tasks: [CaseTaskBody]
    var observables: [CaseObservableBody]
    var timeline: [CaseTimelineBody]
    var evidence: [CaseEvidenceBody]
    var actions: [CaseActionRunBody]
    var comments: [CaseCommentBody]

    enum CodingKeys: String, CodingKey { case tasks, observables, timeline, evidence, actions, comments }

    /// The case's own keys, then its records beside them in one object.
    func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tasks, forKey: .tasks)
        try container.encode(observables, forKey: .observables)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(actions, forKey: .actions)
        try container.encode(comments, forKey: .comments)
    }
}

/// A list of tasks (schema `CaseTaskList`).
struct CaseTaskListBody: ResponseBody { var tasks: [CaseTaskBody] }

/// The timeline (schema `CaseTimeline`).
struct CaseTimelineListBody: ResponseBody { var timeline: [CaseTimelineBody] }

/// The observables (schema `CaseObservableList`).
struct CaseObservableListBody: ResponseBody { var observables: [CaseObservableBody] }

/// The playbooks and the files left out (schema `PlaybookList`).
struct PlaybookListBody: ResponseBody {
    var playbooks: [PlaybookBody]
    var errors: [String]
}

/// The configured response actions (schema `ResponseActionList`).
struct ResponseActionListBody: ResponseBody { var actions: [ResponseActionBody] }

/// A saved case-list view: a name and the list's query string (schema `CaseView`).
struct CaseViewBody: ResponseBody {
    var id: String
    var name: String
    var query: String

    init(_ view: CaseView) {
        id = view.id
        name = view.name
        query = view.query
    }
}

/// The caller's saved views (schema `CaseViewList`).
struct CaseViewListBody: ResponseBody {
    var views: [CaseViewBody]
}

extension OpenAPISchemas {
    /// Cases, their records, playbooks, response actions, saved views and incident metrics.
    static var cases: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let nullableNumber: [String: Any] = ["type": ["number", "null"]]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let severity = enumeration(Severity.allCases.map(\.rawValue))
        let status = enumeration(CaseStatus.allCases.map(\.rawValue))
        let clock = object([
            "name": string, "title": string, "started_at": time, "due_at": time, "stopped_at": nullableTime,
            "state": enumeration(["running", "warning", "breached", "met", "late"]), "remaining_seconds": ["type": "number"], "summary": string,
        ])
        let caseFields: [String: Any] = [
            "id": string, "number": integer, "reference": ["type": "string", "description": "#number"], "title": string,
            "description": ["type": "string", "description": "Markdown"], "severity": severity, "status": status,
            "tlp": enumeration(TLP.allCases.map(\.rawValue)), "pap": enumeration(PAP.allCases.map(\.rawValue)), "tags": strings,
            "assignee": nullableString,
            "alert_ids": strings, "asset_ids": strings, "person_ids": strings, "related_case_ids": strings, "merged_into": nullableString,
            "resolution": ["type": ["string", "null"], "description": CloseReason.allCases.map(\.rawValue).joined(separator: ", ")],
            "summary": string, "lessons_learned": string,
            "playbooks": strings, "regulations": ["type": "array", "items": enumeration(Regulation.allCases.map(\.rawValue))],
            "aware_at": nullableTime,
            "notified": ["type": "object", "additionalProperties": time], "created_at": time, "created_by": string, "updated_at": time,
            "first_event_at": nullableTime, "detected_at": time, "acknowledged_at": nullableTime, "resolved_at": nullableTime,
            "acknowledge_due_at": nullableTime, "resolve_due_at": nullableTime, "time_to_detect": nullableNumber,
            "time_to_acknowledge": nullableNumber,
            "time_to_resolve": nullableNumber, "allowed_transitions": ["type": "array", "items": status],
            "sla": ["type": "array", "items": clock], "regulatory_clocks": ["type": "array", "items": clock],
        ]
        let task = object(
            [
                "id": string, "case_id": string, "title": string, "description": string, "phase": status, "owner": nullableString,
                "due_at": nullableTime,
                "status": enumeration(TaskStatus.allCases.map(\.rawValue)), "playbook": nullableString, "required_evidence": strings,
                "logs": ["type": "array", "items": object(["author": string, "text": string, "at": time])], "created_at": time,
                "completed_at": nullableTime, "completed_by": nullableString,
            ], required: ["id", "title", "phase", "status"])
        let observableType = enumeration(ObservableType.allCases.map(\.rawValue))
        let observable = object(
            [
                "id": string, "case_id": string, "type": observableType, "value": string, "description": string, "ioc": boolean, "tags": strings,
                "source": string, "created_by": string, "created_at": time, "indicator_id": nullableString,
                "seen": object([
                    "cases": strings, "alerts": strings, "events_30_days": integer, "intel": strings,
                    "event_query": ["type": "string", "description": "the event search that counted events_30_days"],
                ]),
            ], required: ["id", "type", "value"])
        let entry = object([
            "id": string, "category": enumeration(TimelineCategory.allCases.map(\.rawValue)), "event_at": time, "recorded_at": time, "actor": string,
            "text": string,
        ])
        let evidence = object([
            "id": string, "case_id": string, "task_id": nullableString, "file_name": string, "content_type": string, "size": integer,
            "sha256": string, "description": string, "added_by": string, "added_at": time,
            "custody": ["type": "array", "items": object(["action": string, "actor": string, "at": time, "detail": string])],
        ])
        let run = object([
            "id": string, "case_id": string, "action": string, "action_name": string, "observable_id": nullableString, "input": string,
            "status": enumeration(ActionRunStatus.allCases.map(\.rawValue)), "requested_by": string, "requested_at": time,
            "decided_by": nullableString,
            "decided_at": nullableTime,
            "request": [
                "type": ["object", "null"], "properties": ["method": string, "url": string, "headers": ["type": "object"], "body": nullableString],
            ],
            "response_status": ["type": ["integer", "null"]], "response_body": nullableString, "error": nullableString, "finished_at": nullableTime,
        ])
        let figures = object([
            "cases": integer, "closed": integer, "mttd_seconds": nullableNumber, "mttd_median_seconds": nullableNumber,
            "mtta_seconds": nullableNumber,
            "mtta_median_seconds": nullableNumber, "mttr_seconds": nullableNumber, "mttr_median_seconds": nullableNumber,
            "acknowledge_sla_met": nullableNumber, "resolve_sla_met": nullableNumber, "open_sla_breaches": integer,
        ])
        let view = object(["id": string, "name": string, "query": string])
        return [
            "Case": object(caseFields, required: ["id", "number", "title", "severity", "status", "allowed_transitions"]),
            "CaseDetail": object(
                caseFields.merging([
                    "tasks": ["type": "array", "items": ref("CaseTask")], "observables": ["type": "array", "items": ref("CaseObservable")],
                    "timeline": ["type": "array", "items": ref("CaseTimelineEntry")], "evidence": ["type": "array", "items": ref("CaseEvidence")],
                    "actions": ["type": "array", "items": ref("CaseActionRun")], "comments": ["type": "array", "items": ref("CaseComment")],
                ]) { a, _ in a }),
            "CaseList": object(["cases": ["type": "array", "items": ref("Case")], "next": nullableString], required: ["cases", "next"]),
            "CaseInput": object(
                [
                    "title": OpenAPISchemas.nonEmpty, "severity": severity, "description": string, "alert_ids": strings,
                    "tlp": enumeration(TLP.allCases.map(\.rawValue)),
                    "pap": enumeration(PAP.allCases.map(\.rawValue)), "tags": strings, "assignee": string, "first_event_at": time,
                    "playbook": ["type": "string", "description": "a playbook to apply at once"],
                ], required: ["title"]),
            "CaseUpdate": object([
                "title": OpenAPISchemas.nonEmpty, "description": string, "severity": severity, "status": status,
                "resolution": enumeration(CloseReason.allCases.map(\.rawValue)), "summary": string, "lessons_learned": string,
                "tlp": enumeration(TLP.allCases.map(\.rawValue)), "pap": enumeration(PAP.allCases.map(\.rawValue)), "tags": strings,
                "assignee": ["type": "string", "description": "empty to unassign"], "asset_ids": strings, "person_ids": strings,
                "regulations": ["type": "array", "items": enumeration(Regulation.allCases.map(\.rawValue))], "aware_at": time,
                "notified": object(["regulation": enumeration(Regulation.allCases.map(\.rawValue)), "at": time], required: ["regulation"]),
            ]),
            "CaseAlertsInput": object(["alert_ids": OpenAPISchemas.ids], required: ["alert_ids"]),
            "CaseMergeInput": object(["into": ["type": "string", "description": "the case that absorbs this one"]], required: ["into"]),
            "CaseLinkInput": object(["case_id": string], required: ["case_id"]),
            "PlaybookInput": object(["playbook": string], required: ["playbook"]),
            "CaseTask": task,
            "CaseTaskList": object(["tasks": ["type": "array", "items": ref("CaseTask")]]),
            "CaseTaskInput": object(
                [
                    "title": OpenAPISchemas.nonEmpty, "description": string, "phase": status, "owner": string, "due_at": time,
                    "required_evidence": strings,
                ], required: ["title"]),
            "CaseTaskUpdate": object([
                "status": enumeration(TaskStatus.allCases.map(\.rawValue)), "owner": string, "due_at": time, "title": string, "description": string,
                "log": ["type": "string", "description": "a line for the task's log"],
            ]),
            "CaseComment": object(["id": string, "author": string, "text": string, "mentions": strings, "created_at": time]),
            "CaseTimelineEntry": entry,
            "CaseTimeline": object(["timeline": ["type": "array", "items": ref("CaseTimelineEntry")]]),
            "CaseTimelineInput": object(["text": OpenAPISchemas.nonEmpty, "event_at": time], required: ["text", "event_at"]),
            "CaseObservable": observable,
            "CaseObservableList": object(["observables": ["type": "array", "items": ref("CaseObservable")]]),
            "CaseObservableInput": object(
                ["type": observableType, "value": OpenAPISchemas.nonEmpty, "description": string, "ioc": boolean, "tags": strings],
                required: ["type", "value"]),
            "STIXBundle": [
                "type": "object", "description": "STIX 2.1 bundle (or CSV with format=csv)",
                "properties": ["type": string, "id": string, "objects": ["type": "array", "items": ["type": "object"]]],
            ],
            "CaseEvidence": evidence,
            "EvidenceFile": ["type": "string", "format": "binary"],
            "CaseReport": ["type": "string", "description": "Markdown or HTML"],
            "ResponseActionList": object([
                "actions": [
                    "type": "array",
                    "items": object([
                        "id": string, "name": string, "description": string, "method": string, "url": string,
                        "observable_types": strings, "requires_approval": boolean, "timeout_seconds": ["type": "number"],
                    ]),
                ]
            ]),
            "CaseActionInput": object(["action": string, "observable_id": string, "value": string], required: ["action"]),
            "CaseActionRun": run,
            "PlaybookList": object([
                "playbooks": [
                    "type": "array",
                    "items": object([
                        "id": string, "name": string, "description": string, "tags": strings, "regulations": strings,
                        "source": string, "phases": ["type": "array", "items": ["type": "object"]],
                    ]),
                ], "errors": strings,
            ]),
            "IncidentMetrics": object([
                "from": time, "to": time, "all": figures, "by_severity": ["type": "object", "additionalProperties": figures],
                "periods": ["type": "array", "items": object(["start": time, "end": time, "figures": figures])],
            ]),
            "CaseView": view,
            "CaseViewList": object(["views": ["type": "array", "items": view]]),
            "CaseViewInput": object(["name": ["type": "string", "minLength": 1, "maxLength": 100], "query": string], required: ["name", "query"]),
        ]
    }
}
