// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// MTTD, MTTA and MTTR of the cases detected in a period, by severity and by sub-period, with SLA compliance.
/// Cases merged into others are left out (their alerts count in the case they joined).
public struct IncidentMetrics: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        public var cases: Int
        public var closed: Int
        /// Mean and median seconds; nil when no case has the two timestamps.
        public var meanTimeToDetect: Double?
        public var medianTimeToDetect: Double?
        public var meanTimeToAcknowledge: Double?
        public var medianTimeToAcknowledge: Double?
        public var meanTimeToResolve: Double?
        public var medianTimeToResolve: Double?
        /// Share (0–1) of the cases with a stopped clock that stopped in time.
        public var acknowledgeSLAMet: Double?
        public var resolveSLAMet: Double?
        public var slaBreachesOpen: Int

        init(_ cases: [Case], now: Date) {
            self.cases = cases.count
            closed = cases.filter { $0.status == .closed }.count
            func stats(_ values: [TimeInterval]) -> (Double?, Double?) {
                guard !values.isEmpty else { return (nil, nil) }
                let sorted = values.sorted()
                let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
                return (sorted.reduce(0, +) / Double(sorted.count), median)
            }
            (meanTimeToDetect, medianTimeToDetect) = stats(cases.compactMap(\.timeToDetect))
            (meanTimeToAcknowledge, medianTimeToAcknowledge) = stats(cases.compactMap(\.timeToAcknowledge))
            (meanTimeToResolve, medianTimeToResolve) = stats(cases.compactMap(\.timeToResolve))
            func share(_ name: String) -> Double? {
                let stopped = cases.flatMap { $0.slaClocks(now: now) }.filter { $0.name == name && ($0.state == .met || $0.state == .late) }
                return stopped.isEmpty ? nil : Double(stopped.filter { $0.state == .met }.count) / Double(stopped.count)
            }
            acknowledgeSLAMet = share("acknowledge")
            resolveSLAMet = share("resolve")
            slaBreachesOpen = cases.filter { $0.breachesSLA(now: now) }.count
        }
    }

    public enum Interval: String, Sendable, CaseIterable {
        case day, week, month
    }

    public struct Period: Sendable, Equatable {
        public var start: Date
        public var end: Date
        public var figures: Figures
    }

    public var from: Date
    public var to: Date
    public var all: Figures
    public var bySeverity: [Severity: Figures]
    public var periods: [Period]

    public init(cases input: [Case], from: Date, to: Date, interval: Interval, now: Date) {
        let cases = input.filter { $0.mergedInto == nil && $0.detectedAt >= from && $0.detectedAt < to }
        self.from = from
        self.to = to
        all = Figures(cases, now: now)
        var bySeverity: [Severity: Figures] = [:]
        for severity in Severity.allCases { bySeverity[severity] = Figures(cases.filter { $0.severity == severity }, now: now) }
        self.bySeverity = bySeverity
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let component: Calendar.Component = interval == .day ? .day : interval == .week ? .weekOfYear : .month
        var periods: [Period] = []
        var start = calendar.dateInterval(of: component, for: from)?.start ?? from
        while start < to && periods.count < 400 {
            let end = calendar.date(byAdding: component, value: 1, to: start) ?? to
            periods.append(Period(start: start, end: end, figures: Figures(cases.filter { $0.detectedAt >= start && $0.detectedAt < end }, now: now)))
            start = end
        }
        self.periods = periods
    }
}

extension CaseService {
    public func metrics(from: Date, to: Date, interval: IncidentMetrics.Interval) async throws -> IncidentMetrics {
        guard from < to else { throw CoreError.invalid([FieldError(field: "from", message: "must be before 'to'")]) }
        guard to.timeIntervalSince(from) <= 3 * 366 * 86400 else {
            throw CoreError.invalid([FieldError(field: "from", message: "at most three years")])
        }
        return IncidentMetrics(cases: try await store.detected(from: from, to: to), from: from, to: to, interval: interval, now: clock.now())
    }
}
