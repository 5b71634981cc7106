// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Patching

/// One upgrade of the plan (in schema `RemediationPlan`).
struct PlanLineBody: Encodable, Sendable {
    struct Residual: Encodable, Sendable {
        var advisory: String
        var reason: String
    }

    var assetId: String
    var assetName: String
    var ecosystem: String
    var package: String
    var fromVersion: String
    @Nullable var toVersion: String?
    var findingIds: [String]
    var riskRemoved: Double
    var residual: [Residual]
    var noFix: [String]
    var heldBack: [String]
    var majorUpgrade: Bool

    init(_ item: AssetPlanLine) {
        let line = item.line
        assetId = item.assetID
        assetName = item.assetName
        ecosystem = line.ecosystem
        package = line.package
        fromVersion = line.fromVersion
        toVersion = line.toVersion
        findingIds = line.findingIDs
        riskRemoved = line.riskRemoved
        residual = line.residual.map { Residual(advisory: $0.advisory, reason: $0.reason) }
        noFix = line.noFix
        heldBack = line.heldBack
        majorUpgrade = line.majorUpgrade
    }
}

struct RemediationPlanBody: ResponseBody {
    var lines: [PlanLineBody]
}

extension OpenAPISchemas {
    static var patching: [String: Any] {
        let line = object(
            [
                "asset_id": string, "asset_name": string, "ecosystem": string, "package": string, "from_version": string,
                "to_version": ["type": ["string", "null"], "description": "null: no known version fixes any of its findings"],
                "finding_ids": ["type": "array", "items": ["type": "string"], "description": "the findings the upgrade closes"],
                "risk_removed": ["type": "number", "description": "the sum of their risk"],
                "residual": [
                    "type": "array", "description": "what still affects the target version, and why",
                    "items": object(["advisory": string, "reason": string], required: ["advisory", "reason"]),
                ],
                "no_fix": ["type": "array", "items": ["type": "string"], "description": "findings no known version fixes"],
                "held_back": [
                    "type": "array", "items": ["type": "string"],
                    "description": "findings only a major upgrade fixes, held back by the patch policy (--patch-policy): they stay open",
                ],
                "major_upgrade": ["type": "boolean", "description": "the upgrade changes the major version (a breaking change is likely)"],
            ],
            required: [
                "asset_id", "package", "ecosystem", "from_version", "to_version", "finding_ids", "risk_removed", "residual", "no_fix", "held_back",
            ])
        return ["RemediationPlan": object(["lines": ["type": "array", "items": line]], required: ["lines"])]
    }
}

/// One package change of a job (in schema `PatchJob`).
struct PatchJobLineBody: Encodable, Sendable {
    var assetId: String
    var assetName: String
    var ecosystem: String
    var package: String
    var fromVersion: String
    var toVersion: String
    var findingIds: [String]
    var riskRemoved: Double
    var majorUpgrade: Bool
    var urgent: Bool

    init(_ line: PatchJobLine) {
        assetId = line.assetID
        assetName = line.assetName
        ecosystem = line.ecosystem
        package = line.package
        fromVersion = line.fromVersion
        toVersion = line.toVersion
        findingIds = line.findingIDs
        riskRemoved = line.riskRemoved
        majorUpgrade = line.majorUpgrade
        urgent = line.urgent
    }
}

/// One asset of a job: its run and its verification (in schema `PatchJob`).
struct PatchJobAssetBody: Encodable, Sendable {
    var assetId: String
    var assetName: String
    var host: String
    var state: String
    @Nullable var exitStatus: Int?
    @Nullable var output: String?
    @Nullable var reportedAt: Date?
    @Nullable var reportedBy: String?
    @Nullable var verifiedByInventory: String?
    @Nullable var verifiedAt: Date?
    @Nullable var failureReason: String?

    init(_ asset: PatchJobAsset) {
        assetId = asset.assetID
        assetName = asset.assetName
        host = asset.host
        state = asset.state.rawValue
        exitStatus = asset.exitStatus
        output = asset.output
        reportedAt = asset.reportedAt
        reportedBy = asset.reportedBy
        verifiedByInventory = asset.verifiedByInventory
        verifiedAt = asset.verifiedAt
        failureReason = asset.failureReason
    }
}

struct PatchApprovalBody: Encodable, Sendable {
    var by: String
    var at: Date
    @Nullable var comment: String?
}

struct PatchJobEventBody: Encodable, Sendable {
    var at: Date
    var by: String
    var kind: String
    var text: String
}

/// A patch job (schema `PatchJob`).
struct PatchJobBody: ResponseBody {
    var id: String
    var title: String
    var status: String
    var emergency: Bool
    @Nullable var windowId: String?
    var reboot: String
    @Nullable var rollbackNotes: String?
    var lines: [PatchJobLineBody]
    var assets: [PatchJobAssetBody]
    var approvals: [PatchApprovalBody]
    var requiredApprovals: Int
    var riskRemoved: Double
    var createdBy: String
    var createdAt: Date
    @Nullable var submittedBy: String?
    @Nullable var submittedAt: Date?
    @Nullable var scheduledStart: Date?
    @Nullable var scheduledEnd: Date?
    @Nullable var startedAt: Date?
    @Nullable var appliedAt: Date?
    @Nullable var finishedAt: Date?
    var updatedAt: Date
    var allowedTransitions: [String]

    init(_ job: PatchJob) {
        id = job.id
        title = job.title
        status = job.status.rawValue
        emergency = job.emergency
        windowId = job.windowID
        reboot = job.reboot.rawValue
        rollbackNotes = job.rollbackNotes
        lines = job.lines.map(PatchJobLineBody.init)
        assets = job.assets.map(PatchJobAssetBody.init)
        approvals = job.approvals.map { PatchApprovalBody(by: $0.by, at: $0.at, comment: $0.comment) }
        requiredApprovals = job.requiredApprovals
        riskRemoved = job.riskRemoved
        createdBy = job.createdBy
        createdAt = job.createdAt
        submittedBy = job.submittedBy
        submittedAt = job.submittedAt
        scheduledStart = job.scheduledStart
        scheduledEnd = job.scheduledEnd
        startedAt = job.startedAt
        appliedAt = job.appliedAt
        finishedAt = job.finishedAt
        updatedAt = job.updatedAt
        allowedTransitions = job.allowedMoves.map(\.rawValue)
    }
}

/// A job with its timeline and the proof of each finding it covers (schema `PatchJobDetail`).
struct PatchJobDetailBody: ResponseBody {
    struct FindingProof: Encodable, Sendable {
        var id: String
        var fixed: Bool
        @Nullable var fixedByInventory: String?
    }

    var job: PatchJobBody
    var timeline: [PatchJobEventBody]
    var findings: [FindingProof]

    enum CodingKeys: String, CodingKey { case timeline, findings }

    init(_ job: PatchJob, proof: [String: String?]) {
        self.job = PatchJobBody(job)
        timeline = job.timeline.map { PatchJobEventBody(at: $0.at, by: $0.by, kind: $0.kind, text: $0.text) }
        findings = job.findingIDs.map { id in
            FindingProof(id: id, fixed: proof[id] != nil, fixedByInventory: proof[id] ?? nil)
        }
    }

    func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(findings, forKey: .findings)
    }
}

struct PatchJobListBody: ResponseBody {
    var jobs: [PatchJobBody]
    @Nullable var next: String?
}

/// A maintenance window (schema `MaintenanceWindow`).
struct MaintenanceWindowBody: ResponseBody {
    var id: String
    var name: String
    var recurrence: String
    var weekdays: [Int]
    @Nullable var ordinal: Int?
    var start: String
    var durationMinutes: Int
    var timeZone: String
    @Nullable var assetTag: String?
    var summary: String
    @Nullable var nextStart: Date?
    @Nullable var nextEnd: Date?
    var open: Bool
    var createdBy: String
    var createdAt: Date

    init(_ window: MaintenanceWindow, now: Date) {
        id = window.id
        name = window.name
        recurrence = window.recurrence.rawValue
        weekdays = window.weekdays
        ordinal = window.ordinal
        start = window.start
        durationMinutes = window.durationMinutes
        timeZone = window.timeZone
        assetTag = window.assetTag
        summary = window.summary
        let next = window.opening(atOrAfter: now)
        nextStart = next?.start
        nextEnd = next?.end
        open = window.isOpen(at: now)
        createdBy = window.createdBy
        createdAt = window.createdAt
    }
}

struct MaintenanceWindowListBody: ResponseBody {
    var windows: [MaintenanceWindowBody]
}

extension OpenAPISchemas {
    static var patchJobs: [String: Any] {
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let nullableInt: [String: Any] = ["type": ["integer", "null"]]
        let status = enumeration(PatchJobStatus.allCases.map(\.rawValue))
        let line = object(
            [
                "asset_id": string, "asset_name": string, "ecosystem": string, "package": string, "from_version": string, "to_version": string,
                "finding_ids": strings, "risk_removed": ["type": "number"], "major_upgrade": boolean,
                "urgent": ["type": "boolean", "description": "closes a KEV or critical finding (what allows an emergency job)"],
            ],
            required: ["asset_id", "ecosystem", "package", "from_version", "to_version", "finding_ids", "risk_removed"])
        let asset = object(
            [
                "asset_id": string, "asset_name": string, "host": string,
                "state": enumeration(PatchJobAsset.State.allCases.map(\.rawValue)), "exit_status": nullableInt,
                "output": ["type": ["string", "null"], "description": "the end of the run's output (64 KiB at most)"], "reported_at": nullableTime,
                "reported_by": nullableString,
                "verified_by_inventory": ["type": ["string", "null"], "description": "the inventory import that proved the asset patched"],
                "verified_at": nullableTime, "failure_reason": nullableString,
            ], required: ["asset_id", "asset_name", "host", "state"])
        let job: [String: Any] = [
            "id": string, "title": string, "status": status, "emergency": boolean, "window_id": nullableString,
            "reboot": enumeration(RebootExpectation.allCases.map(\.rawValue)), "rollback_notes": nullableString,
            "lines": ["type": "array", "items": line], "assets": ["type": "array", "items": asset],
            "approvals": ["type": "array", "items": object(["by": string, "at": time, "comment": nullableString], required: ["by", "at"])],
            "required_approvals": ["type": "integer"], "risk_removed": ["type": "number"], "created_by": string, "created_at": time,
            "submitted_by": nullableString, "submitted_at": nullableTime, "scheduled_start": nullableTime, "scheduled_end": nullableTime,
            "started_at": nullableTime, "applied_at": nullableTime, "finished_at": nullableTime, "updated_at": time,
            "allowed_transitions": ["type": "array", "items": status, "description": "the statuses PATCH may set from this one"],
        ]
        let jobRequired = ["id", "title", "status", "emergency", "lines", "assets", "approvals", "required_approvals", "allowed_transitions"]
        var detail = job
        detail["timeline"] = [
            "type": "array", "items": object(["at": time, "by": string, "kind": string, "text": string], required: ["at", "by", "kind", "text"]),
        ]
        detail["findings"] = [
            "type": "array", "description": "each finding the job covers: fixed or not, and the inventory import that proved it",
            "items": object(["id": string, "fixed": boolean, "fixed_by_inventory": nullableString], required: ["id", "fixed"]),
        ]
        let window: [String: Any] = [
            "id": string, "name": string, "recurrence": enumeration(MaintenanceWindow.Recurrence.allCases.map(\.rawValue)),
            "weekdays": ["type": "array", "items": ["type": "integer", "minimum": 1, "maximum": 7], "description": "1 = Monday … 7 = Sunday"],
            "ordinal": ["type": ["integer", "null"], "description": "monthly: 1–4, or -1 for the last such weekday"],
            "start": ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "description": "local time HH:MM"],
            "duration_minutes": ["type": "integer", "minimum": 15, "maximum": 10080],
            "time_zone": ["type": "string", "description": "IANA time zone, e.g. Europe/Berlin"], "asset_tag": nullableString,
        ]
        var windowOut = window
        windowOut["summary"] = string
        windowOut["next_start"] = nullableTime
        windowOut["next_end"] = nullableTime
        windowOut["open"] = boolean
        windowOut["created_by"] = string
        windowOut["created_at"] = time
        return [
            "PatchJob": object(job, required: jobRequired),
            "PatchJobDetail": object(detail, required: jobRequired + ["timeline", "findings"]),
            "PatchJobList": page("jobs", "PatchJob"),
            "PatchJobInput": object(
                [
                    "title": nonEmpty, "asset_ids": strings,
                    "tag": ["type": "string", "description": "take every asset with this tag"], "owner": string, "environment": string,
                    "finding_ids": ["type": "array", "items": ["type": "string"], "description": "only the plan lines that close these findings"],
                    "lines": [
                        "type": "array", "description": "only these plan lines (and, with to_version, another target)",
                        "items": object(["asset_id": string, "package": string, "to_version": string], required: ["asset_id", "package"]),
                    ],
                    "window_id": string, "emergency": ["type": "boolean", "description": "may run outside windows; needs a KEV or critical finding"],
                    "reboot": enumeration(RebootExpectation.allCases.map(\.rawValue)), "rollback_notes": string,
                ], required: ["title"]),
            "PatchJobUpdate": object([
                "status": status, "window_id": nullableString, "title": nonEmpty, "reboot": enumeration(RebootExpectation.allCases.map(\.rawValue)),
                "rollback_notes": string, "comment": string,
            ]),
            "PatchApprovalInput": object(["comment": string]),
            "PatchResultInput": object(
                [
                    "asset_id": string, "exit_status": ["type": "integer"],
                    "output": ["type": "string", "description": "the run's output; the last 64 KiB are kept"],
                ], required: ["asset_id", "exit_status"]),
            "PatchArtifact": ["type": "string", "description": "a shell script, an Ansible playbook or a JSON plan"],
            "MaintenanceWindow": object(
                windowOut, required: ["id", "name", "recurrence", "weekdays", "start", "duration_minutes", "time_zone", "open"]),
            "MaintenanceWindowInput": object(
                window.filter { $0.key != "id" }, required: ["name", "recurrence", "weekdays", "start", "duration_minutes", "time_zone"]),
            "MaintenanceWindowList": object(["windows": ["type": "array", "items": ref("MaintenanceWindow")]], required: ["windows"]),
        ]
    }
}
