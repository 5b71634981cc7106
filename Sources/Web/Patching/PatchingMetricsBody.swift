// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching

/// `GET /api/v1/metrics/patching` (schema `PatchingMetrics`).
struct PatchingMetricsBody: ResponseBody {
    struct Durations: Encodable, Sendable {
        var count: Int
        @Nullable var meanSeconds: Double?
        @Nullable var medianSeconds: Double?
        @Nullable var p90Seconds: Double?
        @Nullable var maxSeconds: Double?

        init(_ durations: PatchingMetrics.Durations) {
            count = durations.count
            meanSeconds = durations.mean
            medianSeconds = durations.median
            p90Seconds = durations.p90
            maxSeconds = durations.max
        }
    }

    struct Remediation: Encodable, Sendable {
        var timeToRemediate: Durations
        @Nullable var slaCompliance: Double?
        var fixedInTime: Int
        var fixedLate: Int
        var openOverdue: Int

        init(_ figures: PatchingMetrics.Remediation) {
            timeToRemediate = Durations(figures.timeToRemediate)
            slaCompliance = figures.slaCompliance
            fixedInTime = figures.fixedInTime
            fixedLate = figures.fixedLate
            openOverdue = figures.openOverdue
        }
    }

    struct Point: Encodable, Sendable {
        var at: Date
        var openRisk: Double
        var openFindings: Int
    }

    var from: Date
    var to: Date
    var all: Remediation
    var bySeverity: [String: Remediation]
    var assetsWithFindings: Int
    var assetsFullyPatched: Int
    @Nullable var assetsFullyPatchedShare: Double?
    var jobsByStatus: [String: Int]
    var jobsOverdue: Int
    var openRisk: Double
    var openRiskOverTime: [Point]
    var kevExposureClosed: Durations
    var kevExposureOpen: Durations

    init(_ metrics: PatchingMetrics) {
        from = metrics.from
        to = metrics.to
        all = Remediation(metrics.all)
        bySeverity = Dictionary(uniqueKeysWithValues: metrics.bySeverity.map { ($0.key.rawValue, Remediation($0.value)) })
        assetsWithFindings = metrics.assetsWithFindings
        assetsFullyPatched = metrics.assetsFullyPatched
        assetsFullyPatchedShare = metrics.assetsFullyPatchedShare
        jobsByStatus = Dictionary(uniqueKeysWithValues: metrics.jobsByStatus.map { ($0.key.rawValue, $0.value) })
        jobsOverdue = metrics.jobsOverdue
        openRisk = metrics.openRisk
        openRiskOverTime = metrics.openRiskOverTime.map { Point(at: $0.at, openRisk: $0.openRisk, openFindings: $0.openFindings) }
        kevExposureClosed = Durations(metrics.kevExposureClosed)
        kevExposureOpen = Durations(metrics.kevExposureOpen)
    }
}

extension OpenAPISchemas {
    static var patchingMetrics: [String: Any] {
        let seconds: [String: Any] = ["type": ["number", "null"], "description": "seconds; null when there is nothing to measure"]
        let durations = object(
            ["count": ["type": "integer"], "mean_seconds": seconds, "median_seconds": seconds, "p90_seconds": seconds, "max_seconds": seconds],
            required: ["count", "mean_seconds", "median_seconds", "p90_seconds", "max_seconds"])
        let remediation = object(
            [
                "time_to_remediate": durations.merging([
                    "description": "first seen → fixed (proved by an inventory), of the findings fixed in the period"
                ]) {
                    $1
                },
                "sla_compliance": [
                    "type": ["number", "null"], "description": "share (0–1) of the findings fixed in the period that were fixed by their due date",
                ],
                "fixed_in_time": ["type": "integer"], "fixed_late": ["type": "integer"],
                "open_overdue": ["type": "integer", "description": "open now and past their due date"],
            ], required: ["time_to_remediate", "sla_compliance", "fixed_in_time", "fixed_late", "open_overdue"])
        let integers: [String: Any] = ["type": "object", "additionalProperties": ["type": "integer"]]
        return [
            "PatchingMetrics": object(
                [
                    "from": time, "to": time, "all": remediation, "by_severity": ["type": "object", "additionalProperties": remediation],
                    "assets_with_findings": ["type": "integer"],
                    "assets_fully_patched": ["type": "integer", "description": "assets with findings but no open finding a known version fixes"],
                    "assets_fully_patched_share": ["type": ["number", "null"]],
                    "jobs_by_status": integers,
                    "jobs_overdue": ["type": "integer", "description": "past their window and the grace period, not finished"],
                    "open_risk": ["type": "number", "description": "the sum of the open findings' risk"],
                    "open_risk_over_time": [
                        "type": "array",
                        "description": "open risk at the end of each day of the period, from when each finding was first seen and closed",
                        "items": object(
                            ["at": time, "open_risk": ["type": "number"], "open_findings": ["type": "integer"]],
                            required: ["at", "open_risk", "open_findings"]),
                    ],
                    "kev_exposure_closed": durations.merging(["description": "known exploited findings closed: first seen → closed"]) { $1 },
                    "kev_exposure_open": durations.merging(["description": "known exploited findings still open: first seen → now"]) { $1 },
                ],
                required: [
                    "from", "to", "all", "by_severity", "assets_with_findings", "assets_fully_patched", "assets_fully_patched_share",
                    "jobs_by_status",
                    "jobs_overdue", "open_risk", "open_risk_over_time", "kev_exposure_closed", "kev_exposure_open",
                ])
        ]
    }
}
