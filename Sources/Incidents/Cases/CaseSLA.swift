// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Per-severity targets: time to acknowledge (leave `new`) and time to resolve (close), from detection.
public struct CaseSLAPolicy: Sendable, Equatable {
    public var acknowledge: [Severity: TimeInterval]
    public var resolve: [Severity: TimeInterval]

    public init(acknowledge: [Severity: TimeInterval], resolve: [Severity: TimeInterval]) {
        self.acknowledge = acknowledge
        self.resolve = resolve
    }

    private static let hour: TimeInterval = 3600
    public static let standard = CaseSLAPolicy(
        acknowledge: [.critical: 0.25 * hour, .high: hour, .medium: 4 * hour, .low: 24 * hour, .informational: 72 * hour],
        resolve: [.critical: 24 * hour, .high: 72 * hour, .medium: 7 * 24 * hour, .low: 30 * 24 * hour, .informational: 90 * 24 * hour])

    /// Parses `critical=15m/24h,high=1h/3d`: per severity, acknowledge/resolve durations (m, h, d). Unnamed
    /// severities keep the standard targets.
    public static func parse(_ text: String) throws -> CaseSLAPolicy {
        var policy = standard
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let severity = Severity(rawValue: parts[0]) else {
                throw CoreError.invalid([FieldError(field: "case-sla", message: "'\(item)': expected SEVERITY=ACK/RESOLVE, e.g. critical=15m/24h")])
            }
            let times = parts[1].split(separator: "/").map { duration(String($0)) }
            guard times.count == 2, let ack = times[0], let resolve = times[1], ack > 0, resolve >= ack else {
                throw CoreError.invalid([
                    FieldError(field: "case-sla", message: "'\(item)': two durations (m, h or d), acknowledge then resolve, e.g. 1h/3d")
                ])
            }
            policy.acknowledge[severity] = ack
            policy.resolve[severity] = resolve
        }
        return policy
    }

    /// `30m`, `4h`, `2d` (a clock is not set in seconds).
    static func duration(_ text: String) -> TimeInterval? {
        text.trimmingCharacters(in: .whitespaces).hasSuffix("s") ? nil : ConfigNode.seconds(text)
    }

    public static func describe(_ seconds: TimeInterval) -> String {
        let magnitude = abs(seconds)
        if magnitude < 3600 { return "\(Int(magnitude / 60))m" }
        if magnitude < 48 * 3600 { return "\(Int(magnitude / 3600))h \(Int(magnitude.truncatingRemainder(dividingBy: 3600) / 60))m" }
        return "\(Int(magnitude / 86400))d \(Int(magnitude.truncatingRemainder(dividingBy: 86400) / 3600))h"
    }
}

/// Where a case stands against one target or deadline.
public struct CaseClock: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Running, with time to spare.
        case running
        /// Running, less than a third of the time left.
        case warning
        /// Running, past due.
        case breached
        /// Stopped in time.
        case met
        /// Stopped after the due time.
        case late
    }

    public var name: String
    public var title: String
    public var startedAt: Date
    public var dueAt: Date
    public var stoppedAt: Date?
    public var state: State
    /// Seconds to the due time (negative when past), or how early (positive)/late (negative) it stopped.
    public var remaining: TimeInterval

    public init(name: String, title: String, startedAt: Date, dueAt: Date, stoppedAt: Date?, now: Date) {
        self.name = name
        self.title = title
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.stoppedAt = stoppedAt
        if let stoppedAt {
            remaining = dueAt.timeIntervalSince(stoppedAt)
            state = stoppedAt <= dueAt ? .met : .late
        } else {
            remaining = dueAt.timeIntervalSince(now)
            let total = dueAt.timeIntervalSince(startedAt)
            state = remaining < 0 ? .breached : remaining < total / 3 ? .warning : .running
        }
    }

    public var summary: String {
        switch state {
        case .running, .warning: return "\(CaseSLAPolicy.describe(remaining)) left"
        case .breached: return "overdue by \(CaseSLAPolicy.describe(remaining))"
        case .met: return "met (\(CaseSLAPolicy.describe(remaining)) to spare)"
        case .late: return "late by \(CaseSLAPolicy.describe(remaining))"
        }
    }
}

/// Breach-notification deadlines: GDPR 72 hours, HIPAA 60 days, PCI DSS as the organisation's plan says.
public struct RegulatorySettings: Sendable, Equatable {
    public var pciDeadline: TimeInterval

    public init(pciDeadline: TimeInterval = 24 * 3600) { self.pciDeadline = pciDeadline }

    public func deadline(_ regulation: Regulation) -> TimeInterval {
        switch regulation {
        case .gdpr: return 72 * 3600
        case .hipaa: return 60 * 86400
        case .pci: return pciDeadline
        }
    }
}

extension Case {
    /// The SLA clocks: acknowledge and resolve.
    public func slaClocks(now: Date) -> [CaseClock] {
        var clocks: [CaseClock] = []
        if let due = acknowledgeDueAt {
            clocks.append(
                CaseClock(name: "acknowledge", title: "Time to acknowledge", startedAt: detectedAt, dueAt: due, stoppedAt: acknowledgedAt, now: now))
        }
        if let due = resolveDueAt {
            clocks.append(CaseClock(name: "resolve", title: "Time to resolve", startedAt: detectedAt, dueAt: due, stoppedAt: resolvedAt, now: now))
        }
        return clocks
    }

    /// The regulatory clocks, from the time of awareness; a clock stops when its notification is recorded.
    public func regulatoryClocks(_ settings: RegulatorySettings, now: Date) -> [CaseClock] {
        let start = awareAt ?? detectedAt
        return regulations.map { regulation in
            CaseClock(
                name: regulation.rawValue, title: regulation.title, startedAt: start, dueAt: start.addingTimeInterval(settings.deadline(regulation)),
                stoppedAt: notified[regulation.rawValue], now: now)
        }
    }
}
