import BulwarkCore
import Foundation
import Incidents

/// Cases and their records as the API writes them.
enum CaseJSON {
    static func time(_ date: Date?) -> Any { orNull(date.map(Timestamp.format)) }

    static func object(_ item: Case, regulatory: RegulatorySettings, now: Date) -> [String: Any] {
        [
            "id": item.id, "number": item.number, "reference": item.reference, "title": item.title, "description": item.description,
            "severity": item.severity.rawValue, "status": item.status.rawValue, "tlp": item.tlp.rawValue, "pap": item.pap.rawValue, "tags": item.tags,
            "assignee": orNull(item.assignee), "alert_ids": item.alertIDs, "asset_ids": item.assetIDs, "person_ids": item.personIDs,
            "related_case_ids": item.relatedCaseIDs, "merged_into": orNull(item.mergedInto), "resolution": orNull(item.resolution?.rawValue),
            "summary": item.summary, "lessons_learned": item.lessonsLearned, "playbooks": item.playbooks,
            "regulations": item.regulations.map(\.rawValue), "aware_at": time(item.awareAt),
            "notified": item.notified.mapValues(Timestamp.format),
            "created_at": time(item.createdAt), "created_by": item.createdBy, "updated_at": time(item.updatedAt),
            "first_event_at": time(item.firstEventAt), "detected_at": time(item.detectedAt), "acknowledged_at": time(item.acknowledgedAt),
            "resolved_at": time(item.resolvedAt), "acknowledge_due_at": time(item.acknowledgeDueAt), "resolve_due_at": time(item.resolveDueAt),
            "time_to_detect": orNull(item.timeToDetect), "time_to_acknowledge": orNull(item.timeToAcknowledge),
            "time_to_resolve": orNull(item.timeToResolve),
            "allowed_transitions": item.status.allowedTransitions.map(\.rawValue),
            "sla": item.slaClocks(now: now).map(clock), "regulatory_clocks": item.regulatoryClocks(regulatory, now: now).map(clock),
        ]
    }

    static func clock(_ clock: CaseClock) -> [String: Any] {
        [
            "name": clock.name, "title": clock.title, "started_at": Timestamp.format(clock.startedAt), "due_at": Timestamp.format(clock.dueAt),
            "stopped_at": time(clock.stoppedAt), "state": clock.state.rawValue, "remaining_seconds": clock.remaining, "summary": clock.summary,
        ]
    }

    static func task(_ task: CaseTask) -> [String: Any] {
        [
            "id": task.id, "case_id": task.caseID, "title": task.title, "description": task.description, "phase": task.phase.rawValue,
            "owner": orNull(task.owner), "due_at": time(task.dueAt), "status": task.status.rawValue, "playbook": orNull(task.playbook),
            "required_evidence": task.requiredEvidence,
            "logs": task.logs.map { ["author": $0.author, "text": $0.text, "at": Timestamp.format($0.at)] },
            "created_at": time(task.createdAt), "completed_at": time(task.completedAt), "completed_by": orNull(task.completedBy),
        ]
    }

    static func observable(_ item: CaseObservable, sightings: ObservableSightings? = nil) -> [String: Any] {
        var object: [String: Any] = [
            "id": item.id, "case_id": item.caseID, "type": item.type.rawValue, "value": item.value, "description": item.description,
            "ioc": item.ioc, "tags": item.tags, "source": item.source, "created_by": item.createdBy, "created_at": time(item.createdAt),
            "indicator_id": orNull(item.indicatorID),
        ]
        if let sightings {
            object["seen"] =
                ["cases": sightings.cases, "alerts": sightings.alerts, "events_30_days": sightings.events, "intel": sightings.intel] as [String: Any]
        }
        return object
    }

    static func timeline(_ entry: TimelineEntry) -> [String: Any] {
        [
            "id": entry.id, "category": entry.category.rawValue, "event_at": time(entry.eventAt), "recorded_at": time(entry.createdAt),
            "actor": entry.actor, "text": entry.text,
        ]
    }

    static func comment(_ comment: CaseComment) -> [String: Any] {
        ["id": comment.id, "author": comment.author, "text": comment.text, "mentions": comment.mentions, "created_at": time(comment.createdAt)]
    }

    static func evidence(_ item: Evidence) -> [String: Any] {
        [
            "id": item.id, "case_id": item.caseID, "task_id": orNull(item.taskID), "file_name": item.fileName, "content_type": item.contentType,
            "size": item.size,
            "sha256": item.sha256, "description": item.description, "added_by": item.addedBy, "added_at": time(item.createdAt),
            "custody": item.custody.map { ["action": $0.action, "actor": $0.actor, "at": Timestamp.format($0.at), "detail": $0.detail] },
        ]
    }

    static func action(_ run: ActionRun) -> [String: Any] {
        [
            "id": run.id, "case_id": run.caseID, "action": run.actionID, "action_name": run.actionName, "observable_id": orNull(run.observableID),
            "input": run.input,
            "status": run.status.rawValue, "requested_by": run.requestedBy, "requested_at": time(run.createdAt), "decided_by": orNull(run.decidedBy),
            "decided_at": time(run.decidedAt),
            "request": orNull(
                run.request.map { ["method": $0.method, "url": $0.url, "headers": $0.headers, "body": orNull($0.body)] as [String: Any] }),
            "response_status": orNull(run.responseStatus), "response_body": orNull(run.responseBody), "error": orNull(run.error),
            "finished_at": time(run.finishedAt),
        ]
    }

    static func playbook(_ playbook: Playbook) -> [String: Any] {
        [
            "id": playbook.id, "name": playbook.name, "description": playbook.description, "tags": playbook.tags,
            "regulations": playbook.regulations.map(\.rawValue),
            "source": playbook.source,
            "phases": playbook.phases.map { phase in
                [
                    "phase": phase.phase.rawValue,
                    "tasks": phase.tasks.map {
                        [
                            "title": $0.title, "description": $0.description, "required_evidence": $0.requiredEvidence,
                            "due_seconds": orNull($0.due),
                        ] as [String: Any]
                    },
                ] as [String: Any]
            },
        ]
    }

    static func responseAction(_ action: ResponseAction) -> [String: Any] {
        [
            "id": action.id, "name": action.name, "description": action.description, "method": action.method, "url": action.url,
            "observable_types": action.observableTypes.map(\.rawValue), "requires_approval": action.requiresApproval,
            "timeout_seconds": action.timeout,
        ]
    }

    static func figures(_ figures: IncidentMetrics.Figures) -> [String: Any] {
        [
            "cases": figures.cases, "closed": figures.closed, "mttd_seconds": orNull(figures.meanTimeToDetect),
            "mttd_median_seconds": orNull(figures.medianTimeToDetect),
            "mtta_seconds": orNull(figures.meanTimeToAcknowledge), "mtta_median_seconds": orNull(figures.medianTimeToAcknowledge),
            "mttr_seconds": orNull(figures.meanTimeToResolve), "mttr_median_seconds": orNull(figures.medianTimeToResolve),
            "acknowledge_sla_met": orNull(figures.acknowledgeSLAMet), "resolve_sla_met": orNull(figures.resolveSLAMet),
            "open_sla_breaches": figures.slaBreachesOpen,
        ]
    }

    static func metrics(_ metrics: IncidentMetrics) -> [String: Any] {
        var bySeverity: [String: Any] = [:]
        for (severity, figures) in metrics.bySeverity { bySeverity[severity.rawValue] = self.figures(figures) }
        return [
            "from": Timestamp.format(metrics.from), "to": Timestamp.format(metrics.to), "all": figures(metrics.all), "by_severity": bySeverity,
            "periods": metrics.periods.map {
                ["start": Timestamp.format($0.start), "end": Timestamp.format($0.end), "figures": figures($0.figures)] as [String: Any]
            },
        ]
    }
}
