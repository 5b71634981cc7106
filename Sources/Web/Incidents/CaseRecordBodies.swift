// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents

// A case's records, playbooks, response actions and metrics as the API writes them; their schemas are in
// CaseBodies.swift with the case's.

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
        /// The search that counted them (`GET /api/v1/events?q=…`).
        var eventQuery: String
        var intel: [String]

        enum CodingKeys: String, CodingKey {
            case cases, alerts, intel, eventQuery
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
        seen = sightings.map { Seen(cases: $0.cases, alerts: $0.alerts, events30Days: $0.events, eventQuery: $0.eventQuery, intel: $0.intel) }
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
