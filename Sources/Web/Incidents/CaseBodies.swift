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

/// A task (schema `CaseTask`).
struct CaseTaskBody: ResponseBody {
    struct Log: Encodable, Sendable {
        var author: String
        var text: String
        var at: Date
    }

    var id: String
    var caseId: String
    var title: String
    var description: String
    var phase: String
    @Nullable var owner: String?
    @Nullable var dueAt: Date?
    var status: String
    @Nullable var playbook: String?
    var requiredEvidence: [String]
    var logs: [Log]
    var createdAt: Date
    @Nullable var completedAt: Date?
    @Nullable var completedBy: String?

    init(_ task: CaseTask) {
        id = task.id
        caseId = task.caseID
        title = task.title
        description = task.description
        phase = task.phase.rawValue
        owner = task.owner
        dueAt = task.dueAt
        status = task.status.rawValue
        playbook = task.playbook
        requiredEvidence = task.requiredEvidence
        logs = task.logs.map { Log(author: $0.author, text: $0.text, at: $0.at) }
        createdAt = task.createdAt
        completedAt = task.completedAt
        completedBy = task.completedBy
    }
}

/// An observable, with where else it was seen when that was asked (schema `CaseObservable`).
struct CaseObservableBody: ResponseBody {
    struct Seen: Encodable, Sendable {
        var cases: [String]
        var alerts: [String]
        var events30Days: Int
        var intel: [String]

        enum CodingKeys: String, CodingKey {
            case cases, alerts, intel
            case events30Days = "events_30_days"
        }
    }

    var id: String
    var caseId: String
    var type: String
    var value: String
    var description: String
    var ioc: Bool
    var tags: [String]
    var source: String
    var createdBy: String
    var createdAt: Date
    @Nullable var indicatorId: String?
    /// Left out when not asked for.
    var seen: Seen?

    init(_ item: CaseObservable, sightings: ObservableSightings? = nil) {
        id = item.id
        caseId = item.caseID
        type = item.type.rawValue
        value = item.value
        description = item.description
        ioc = item.ioc
        tags = item.tags
        source = item.source
        createdBy = item.createdBy
        createdAt = item.createdAt
        indicatorId = item.indicatorID
        seen = sightings.map { Seen(cases: $0.cases, alerts: $0.alerts, events30Days: $0.events, intel: $0.intel) }
    }
}

/// A timeline entry: when it happened and when it was recorded (schema `CaseTimelineEntry`).
struct CaseTimelineBody: ResponseBody {
    var id: String
    var category: String
    var eventAt: Date
    var recordedAt: Date
    var actor: String
    var text: String

    init(_ entry: TimelineEntry) {
        id = entry.id
        category = entry.category.rawValue
        eventAt = entry.eventAt
        recordedAt = entry.createdAt
        actor = entry.actor
        text = entry.text
    }
}

/// A comment with the users it mentions (schema `CaseComment`).
struct CaseCommentBody: ResponseBody {
    var id: String
    var author: String
    var text: String
    var mentions: [String]
    var createdAt: Date

    init(_ comment: CaseComment) {
        id = comment.id
        author = comment.author
        text = comment.text
        mentions = comment.mentions
        createdAt = comment.createdAt
    }
}

/// An evidence file's record and chain of custody (schema `CaseEvidence`).
struct CaseEvidenceBody: ResponseBody {
    struct Custody: Encodable, Sendable {
        var action: String
        var actor: String
        var at: Date
        var detail: String
    }

    var id: String
    var caseId: String
    @Nullable var taskId: String?
    var fileName: String
    var contentType: String
    var size: Int
    var sha256: String
    var description: String
    var addedBy: String
    var addedAt: Date
    var custody: [Custody]

    init(_ item: Evidence) {
        id = item.id
        caseId = item.caseID
        taskId = item.taskID
        fileName = item.fileName
        contentType = item.contentType
        size = item.size
        sha256 = item.sha256
        description = item.description
        addedBy = item.addedBy
        addedAt = item.createdAt
        custody = item.custody.map { Custody(action: $0.action, actor: $0.actor, at: $0.at, detail: $0.detail) }
    }
}

/// A response action's run: request (headers masked), decision, outcome (schema `CaseActionRun`).
struct CaseActionRunBody: ResponseBody {
    struct Request: Encodable, Sendable {
        var method: String
        var url: String
        var headers: [String: String]
        @Nullable var body: String?
    }

    var id: String
    var caseId: String
    var action: String
    var actionName: String
    @Nullable var observableId: String?
    var input: String
    var status: String
    var requestedBy: String
    var requestedAt: Date
    @Nullable var decidedBy: String?
    @Nullable var decidedAt: Date?
    @Nullable var request: Request?
    @Nullable var responseStatus: Int?
    @Nullable var responseBody: String?
    @Nullable var error: String?
    @Nullable var finishedAt: Date?

    init(_ run: ActionRun) {
        id = run.id
        caseId = run.caseID
        action = run.actionID
        actionName = run.actionName
        observableId = run.observableID
        input = run.input
        status = run.status.rawValue
        requestedBy = run.requestedBy
        requestedAt = run.createdAt
        decidedBy = run.decidedBy
        decidedAt = run.decidedAt
        request = run.request.map { Request(method: $0.method, url: $0.url, headers: $0.headers, body: $0.body) }
        responseStatus = run.responseStatus
        responseBody = run.responseBody
        error = run.error
        finishedAt = run.finishedAt
    }
}

/// A playbook and its tasks by phase (schema `Playbook`).
struct PlaybookBody: ResponseBody {
    struct Phase: Encodable, Sendable {
        var phase: String
        var tasks: [Step]
    }

    struct Step: Encodable, Sendable {
        var title: String
        var description: String
        var requiredEvidence: [String]
        @Nullable var dueSeconds: Double?
    }

    var id: String
    var name: String
    var description: String
    var tags: [String]
    var regulations: [String]
    var source: String
    var phases: [Phase]

    init(_ playbook: Playbook) {
        id = playbook.id
        name = playbook.name
        description = playbook.description
        tags = playbook.tags
        regulations = playbook.regulations.map(\.rawValue)
        source = playbook.source
        phases = playbook.phases.map { phase in
            Phase(
                phase: phase.phase.rawValue,
                tasks: phase.tasks.map {
                    Step(title: $0.title, description: $0.description, requiredEvidence: $0.requiredEvidence, dueSeconds: $0.due)
                })
        }
    }
}

/// A configured response action (schema `ResponseAction`): never its headers, which may hold secrets.
struct ResponseActionBody: ResponseBody {
    var id: String
    var name: String
    var description: String
    var method: String
    var url: String
    var observableTypes: [String]
    var requiresApproval: Bool
    var timeoutSeconds: Double

    init(_ action: ResponseAction) {
        id = action.id
        name = action.name
        description = action.description
        method = action.method
        url = action.url
        observableTypes = action.observableTypes.map(\.rawValue)
        requiresApproval = action.requiresApproval
        timeoutSeconds = action.timeout
    }
}

/// Incident metrics of a period, overall, by severity and per week or month (schema `IncidentMetrics`).
struct IncidentMetricsBody: ResponseBody {
    struct Figures: Encodable, Sendable {
        var cases: Int
        var closed: Int
        @Nullable var mttdSeconds: Double?
        @Nullable var mttdMedianSeconds: Double?
        @Nullable var mttaSeconds: Double?
        @Nullable var mttaMedianSeconds: Double?
        @Nullable var mttrSeconds: Double?
        @Nullable var mttrMedianSeconds: Double?
        @Nullable var acknowledgeSlaMet: Double?
        @Nullable var resolveSlaMet: Double?
        var openSlaBreaches: Int

        init(_ figures: IncidentMetrics.Figures) {
            cases = figures.cases
            closed = figures.closed
            mttdSeconds = figures.meanTimeToDetect
            mttdMedianSeconds = figures.medianTimeToDetect
            mttaSeconds = figures.meanTimeToAcknowledge
            mttaMedianSeconds = figures.medianTimeToAcknowledge
            mttrSeconds = figures.meanTimeToResolve
            mttrMedianSeconds = figures.medianTimeToResolve
            acknowledgeSlaMet = figures.acknowledgeSLAMet
            resolveSlaMet = figures.resolveSLAMet
            openSlaBreaches = figures.slaBreachesOpen
        }
    }

    struct Period: Encodable, Sendable {
        var start: Date
        var end: Date
        var figures: Figures
    }

    var from: Date
    var to: Date
    var all: Figures
    var bySeverity: [String: Figures]
    var periods: [Period]

    init(_ metrics: IncidentMetrics) {
        from = metrics.from
        to = metrics.to
        all = Figures(metrics.all)
        bySeverity = Dictionary(uniqueKeysWithValues: metrics.bySeverity.map { ($0.key.rawValue, Figures($0.value)) })
        periods = metrics.periods.map { Period(start: $0.start, end: $0.end, figures: Figures($0.figures)) }
    }
}

/// A page of cases (schema `CaseList`).
struct CaseListBody: ResponseBody {
    var cases: [CaseBody]
    @Nullable var next: String?
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
                "seen": object(["cases": strings, "alerts": strings, "events_30_days": integer, "intel": strings]),
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
