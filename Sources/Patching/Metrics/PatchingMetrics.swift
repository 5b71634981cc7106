// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// One finding's life as remediation metrics read it, from vulnerability management (through ``RemediationSource``).
public struct FindingHistory: Sendable, Equatable {
    public var id: String
    public var assetID: String
    public var severity: Severity
    public var kev: Bool
    public var risk: Double
    /// A known version fixes it.
    public var hasFix: Bool
    public var firstSeen: Date
    public var dueAt: Date
    /// When an inventory (or rescan) showed it fixed.
    public var fixedAt: Date?
    /// When it stopped being open work: fixed, risk accepted, false positive, not affected; nil while open.
    public var closedAt: Date?

    public init(
        id: String, assetID: String, severity: Severity, kev: Bool, risk: Double, hasFix: Bool, firstSeen: Date, dueAt: Date, fixedAt: Date?,
        closedAt: Date?
    ) {
        self.id = id
        self.assetID = assetID
        self.severity = severity
        self.kev = kev
        self.risk = risk
        self.hasFix = hasFix
        self.firstSeen = firstSeen
        self.dueAt = dueAt
        self.fixedAt = fixedAt
        self.closedAt = closedAt
    }

    public var isOpen: Bool { closedAt == nil }
}

/// How fast findings get fixed and what stays exposed: time to remediate by severity (first seen → fixed, as proved
/// by an inventory), patch SLA compliance, the share of assets fully patched, overdue jobs, open risk day by day, and
/// the exposure window of known exploited vulnerabilities.
public struct PatchingMetrics: Sendable, Equatable {
    /// Seconds.
    public struct Durations: Sendable, Equatable {
        public var count: Int
        public var mean: Double?
        public var median: Double?
        public var p90: Double?
        public var max: Double?

        init(_ values: [TimeInterval]) {
            count = values.count
            guard !values.isEmpty else { return }
            let sorted = values.sorted()
            mean = sorted.reduce(0, +) / Double(sorted.count)
            median = Self.percentile(sorted, 0.5)
            p90 = Self.percentile(sorted, 0.9)
            max = sorted.last
        }

        /// Linear interpolation between the closest ranks (as numpy's default).
        static func percentile(_ sorted: [Double], _ p: Double) -> Double {
            let rank = p * Double(sorted.count - 1)
            let low = Int(rank.rounded(.down))
            let high = Swift.min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
        }
    }

    public struct Remediation: Sendable, Equatable {
        /// First seen → fixed, of the findings fixed in the period.
        public var timeToRemediate: Durations
        /// Of those, the share fixed by their due date; nil when none was fixed.
        public var slaCompliance: Double?
        public var fixedInTime: Int
        public var fixedLate: Int
        /// Open now and past their due date.
        public var openOverdue: Int
    }

    public struct Point: Sendable, Equatable {
        /// The end of the day (UTC) the figure is taken at.
        public var at: Date
        public var openRisk: Double
        public var openFindings: Int
    }

    public var from: Date
    public var to: Date
    public var all: Remediation
    public var bySeverity: [Severity: Remediation]
    /// Of the assets with findings, those with no open finding that a known version fixes.
    public var assetsWithFindings: Int
    public var assetsFullyPatched: Int
    public var assetsFullyPatchedShare: Double? { assetsWithFindings == 0 ? nil : Double(assetsFullyPatched) / Double(assetsWithFindings) }
    public var jobsByStatus: [PatchJobStatus: Int]
    public var jobsOverdue: Int
    public var openRisk: Double
    /// Open risk at the end of each day of the period, rebuilt from when each finding was first seen and closed.
    public var openRiskOverTime: [Point]
    /// KEV findings: how long the closed ones were exposed (first seen → closed), and how long the open ones have been.
    public var kevExposureClosed: Durations
    public var kevExposureOpen: Durations

    public static let maximumDays = 366

    /// Risk to one decimal, as findings show it (and `abs` keeps a sum that came back to zero from reading -0.0).
    static func rounded(_ risk: Double) -> Double { abs((risk * 10).rounded() / 10) }

    public init(findings: [FindingHistory], jobs: [PatchJob], from: Date, to: Date, now: Date, grace: TimeInterval) {
        self.from = from
        self.to = to
        func remediation(_ items: [FindingHistory]) -> Remediation {
            let fixed = items.filter { finding in finding.fixedAt.map { $0 >= from && $0 < to } ?? false }
            let inTime = fixed.filter { $0.fixedAt! <= $0.dueAt }.count
            return Remediation(
                timeToRemediate: Durations(fixed.map { $0.fixedAt!.timeIntervalSince($0.firstSeen) }),
                slaCompliance: fixed.isEmpty ? nil : Double(inTime) / Double(fixed.count), fixedInTime: inTime, fixedLate: fixed.count - inTime,
                openOverdue: items.filter { $0.isOpen && $0.dueAt < now }.count)
        }
        all = remediation(findings)
        var bySeverity: [Severity: Remediation] = [:]
        for severity in Severity.allCases { bySeverity[severity] = remediation(findings.filter { $0.severity == severity }) }
        self.bySeverity = bySeverity

        let byAsset = Dictionary(grouping: findings, by: \.assetID)
        assetsWithFindings = byAsset.count
        assetsFullyPatched = byAsset.values.filter { items in !items.contains { $0.isOpen && $0.hasFix } }.count

        var counts: [PatchJobStatus: Int] = [:]
        for status in PatchJobStatus.allCases { counts[status] = 0 }
        for job in jobs { counts[job.status, default: 0] += 1 }
        jobsByStatus = counts
        jobsOverdue = jobs.filter { $0.isOverdue(at: now, grace: grace) }.count

        let open = findings.filter(\.isOpen)
        openRisk = Self.rounded(open.map(\.risk).reduce(0, +))
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // One sweep over the findings sorted by when they opened and closed (a finding is open at t when first seen at
        // or before t and closed after it), instead of a pass over every finding for every day.
        let opened = findings.map { ($0.firstSeen, $0.risk) }.sorted { $0.0 < $1.0 }
        let closed = findings.compactMap { finding in finding.closedAt.map { (Swift.max($0, finding.firstSeen), finding.risk) } }
            .sorted { $0.0 < $1.0 }
        var (nextOpened, nextClosed, risk, count) = (0, 0, 0.0, 0)
        var points: [Point] = []
        var day = calendar.startOfDay(for: from)
        while day < to && points.count < Self.maximumDays {
            let end = Swift.min(calendar.date(byAdding: .day, value: 1, to: day) ?? to, to, now)
            while nextOpened < opened.count && opened[nextOpened].0 <= end {
                (risk, count, nextOpened) = (risk + opened[nextOpened].1, count + 1, nextOpened + 1)
            }
            while nextClosed < closed.count && closed[nextClosed].0 <= end {
                (risk, count, nextClosed) = (risk - closed[nextClosed].1, count - 1, nextClosed + 1)
            }
            points.append(Point(at: end, openRisk: Self.rounded(risk), openFindings: count))
            day = calendar.date(byAdding: .day, value: 1, to: day) ?? to
            if end >= now { break }
        }
        openRiskOverTime = points

        let kev = findings.filter(\.kev)
        kevExposureClosed = Durations(kev.compactMap { finding in finding.closedAt.map { $0.timeIntervalSince(finding.firstSeen) } })
        kevExposureOpen = Durations(kev.filter(\.isOpen).map { now.timeIntervalSince($0.firstSeen) })
    }
}

extension PatchingService {
    /// The remediation metrics of a period (at most a year; open figures are as of now).
    public func metrics(from: Date, to: Date) async throws -> PatchingMetrics {
        guard from < to else { throw CoreError.invalid([FieldError(field: "from", message: "must be before 'to'")]) }
        guard to.timeIntervalSince(from) <= Double(PatchingMetrics.maximumDays) * 86400 else {
            throw CoreError.invalid([FieldError(field: "from", message: "the period is at most \(PatchingMetrics.maximumDays) days")])
        }
        var jobs: [PatchJob] = []
        var cursor: String?
        repeat {
            let page = try await store.jobs(statuses: [], page: PageRequest(limit: 200, cursor: cursor))
            jobs += page.items
            cursor = page.next
        } while cursor != nil && jobs.count < 100_000
        return PatchingMetrics(
            findings: try await source.findingHistory(openOnly: false), jobs: jobs, from: from, to: to, now: clock.now(),
            grace: settings.verificationGrace)
    }

    /// The figures the Prometheus gauges show: jobs by status and the open risk.
    public func gauges() async throws -> (jobs: [PatchJobStatus: Int], openRisk: Double) {
        var counts = try await store.counts()
        for status in PatchJobStatus.allCases where counts[status] == nil { counts[status] = 0 }
        let open = try await source.findingHistory(openOnly: true).filter(\.isOpen)
        return (counts, PatchingMetrics.rounded(open.map(\.risk).reduce(0, +)))
    }
}
