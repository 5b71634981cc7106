// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Inventory
import Foundation

/// What is known about one vulnerability on one asset, for prioritising it.
public struct RiskInput: Sendable, Equatable {
    public var cvss: CVSSScore?
    public var kev: KEVEntry?
    public var epss: EPSSScore?
    public var criticality: Criticality
    public var internetFacing: Bool
    public var assetName: String?

    public init(
        cvss: CVSSScore?, kev: KEVEntry?, epss: EPSSScore?, criticality: Criticality = .medium, internetFacing: Bool = false, assetName: String? = nil
    ) {
        self.cvss = cvss
        self.kev = kev
        self.epss = epss
        self.criticality = criticality
        self.internetFacing = internetFacing
        self.assetName = assetName
    }
}

/// An SSVC-style decision (CISA's deployer tree, simplified): what to do and how soon.
public enum SSVCDecision: String, Sendable, Codable, CaseIterable {
    case act = "Act", attend = "Attend", trackStar = "Track*", track = "Track"

    public var meaning: String {
        switch self {
        case .act: return "remediate now, out of cycle"
        case .attend: return "remediate sooner than the normal cycle"
        case .trackStar: return "remediate in the normal cycle, watch closely"
        case .track: return "remediate in the normal cycle"
        }
    }
}

/// A finding's priority: a 0–100 risk score, the SSVC decision, and the reasons in words, strongest first.
public struct RiskAssessment: Sendable, Codable, Equatable {
    public var score: Double
    public var severity: Severity
    public var decision: SSVCDecision
    public var reasons: [String]

    /// Severity from the CVSS score (v3/v4 bands); medium when no vector is known.
    public static func severity(of cvss: CVSSScore?) -> Severity {
        guard let score = cvss?.baseScore else { return .medium }
        switch score {
        case 9...: return .critical
        case 7..<9: return .high
        case 4..<7: return .medium
        case 0.1..<4: return .low
        default: return .informational
        }
    }

    /// 0–100: impact (CVSS^0.8) × likelihood (0.3 + 0.7·√p, p = 1 for KEV, else EPSS, else 0.05) × asset weight
    /// (0.6 + 0.4·a, a from criticality 0.25–1 plus 0.25 when internet-facing), +3 for ransomware use.
    public static func assess(_ input: RiskInput) -> RiskAssessment {
        var reasons: [(Double, String)] = []
        let severity = severity(of: input.cvss)
        let impact: Double
        if let cvss = input.cvss {
            impact = cvss.baseScore / 10
            reasons.append((impact, "CVSS \(cvss.version) base score \(format(cvss.baseScore)) (\(cvss.severity))"))
        } else {
            impact = 0.55
            reasons.append((0.3, "no CVSS vector published: impact assumed medium"))
        }
        var likelihood = input.epss?.probability ?? 0.05
        if let kev = input.kev {
            likelihood = 1
            reasons.append((2, "known exploited (CISA KEV since \(kev.dateAdded), federal due date \(kev.dueDate))"))
            if kev.usedByRansomware { reasons.append((1.9, "used in ransomware campaigns")) }
        }
        if let epss = input.epss {
            let note =
                "EPSS \(format(epss.probability, places: 3)): \(Int((epss.probability * 100).rounded()))% chance of exploitation in 30 days (percentile \(Int((epss.percentile * 100).rounded(.down))))"
            reasons.append((epss.probability * 1.5, note))
        }
        // The asset's weight: criticality, raised by internet exposure; a low-value internal asset keeps 60% of the score.
        let assetFactor = min(
            1, ["low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0][input.criticality.rawValue]! + (input.internetFacing ? 0.25 : 0))
        let asset = input.assetName.map { "asset \($0)" } ?? "the asset"
        if input.criticality >= .high || input.internetFacing {
            let parts = [
                input.criticality >= .high ? "\(input.criticality.rawValue) criticality" : nil, input.internetFacing ? "internet-facing" : nil,
            ].compactMap { $0 }
            reasons.append((0.5 + assetFactor, "\(asset) is \(parts.joined(separator: " and "))"))
        } else {
            reasons.append((0.1, "\(asset) has \(input.criticality.rawValue) criticality"))
        }
        var score = 100 * pow(impact, 0.8) * (0.3 + 0.7 * likelihood.squareRoot()) * (0.6 + 0.4 * assetFactor)
        if input.kev?.usedByRansomware == true { score += 3 }
        score = min(100, max(0, (score * 10).rounded() / 10))
        let decision = decide(input, severity: severity)
        return RiskAssessment(
            score: score, severity: severity, decision: decision,
            reasons: reasons.sorted { $0.0 > $1.0 }.map(\.1) + ["SSVC: \(decision.rawValue) — \(decision.meaning)"])
    }

    /// Exploitation (active / PoC / none) × automatable × technical impact × mission prevalence.
    static func decide(_ input: RiskInput, severity: Severity) -> SSVCDecision {
        let exploitation = input.kev != nil ? 2 : ((input.epss?.probability ?? 0) >= 0.1 ? 1 : 0)
        let vector = input.cvss?.vector ?? ""
        let automatable =
            input.internetFacing && vector.contains("AV:N") && (vector.contains("PR:N") || vector.contains("Au:N"))
            && (vector.contains("UI:N") || input.cvss?.version == "2.0")
        let totalImpact = severity >= .critical || (input.cvss?.baseScore ?? 0) >= 9
        let highMission = input.criticality >= .high
        switch exploitation {
        case 2:
            return (automatable && totalImpact) || highMission ? .act : .attend
        case 1:
            return totalImpact && (highMission || automatable) ? .attend : .trackStar
        default:
            if totalImpact && automatable && highMission { return .attend }
            return totalImpact && highMission ? .trackStar : .track
        }
    }

    /// Fixed-point text without Foundation's String(format:), which is slow on Linux and runs once per finding here.
    static func format(_ value: Double, places: Int = 1) -> String {
        let scale = places == 1 ? 10.0 : places == 2 ? 100.0 : 1000.0
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale), fraction = scaled % Int(scale)
        let digits = String(fraction)
        return (value < 0 ? "-" : "") + "\(whole)." + String(repeating: "0", count: places - digits.count) + digits
    }
}

/// Days to remediate by severity; KEV items are due by CISA's due date when that is sooner.
public struct SLAPolicy: Sendable, Equatable, Codable {
    public var days: [Severity: Int]

    public static let standard = SLAPolicy(days: [.critical: 15, .high: 30, .medium: 90, .low: 180, .informational: 365])

    public init(days: [Severity: Int]) { self.days = days }

    /// Parses `critical=7,high=30,…`; unspecified severities keep the standard days.
    public static func parse(_ text: String) throws -> SLAPolicy {
        var policy = standard
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=")
            guard pair.count == 2, let severity = Severity(rawValue: pair[0].trimmingCharacters(in: .whitespaces).lowercased()),
                let days = Int(pair[1].trimmingCharacters(in: .whitespaces)), days > 0
            else {
                throw VersionError("'\(part)' is not SEVERITY=DAYS (severities: critical, high, medium, low, informational)")
            }
            policy.days[severity] = days
        }
        return policy
    }

    public func due(firstSeen: Date, severity: Severity, kev: KEVEntry?) -> Date {
        let byPolicy = firstSeen.addingTimeInterval(Double(days[severity] ?? 90) * 86_400)
        if let kev, let kevDue = Self.day.date(from: kev.dueDate) {
            let endOfDay = kevDue.addingTimeInterval(86_399)
            return min(byPolicy, max(endOfDay, firstSeen))
        }
        return byPolicy
    }

    static let day: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f
    }()
}
