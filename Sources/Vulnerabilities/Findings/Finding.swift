// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where a finding stands.
public enum FindingState: String, Sendable, Codable, CaseIterable {
    case open
    case inRemediation = "in_remediation"
    case fixed
    case riskAccepted = "risk_accepted"
    case falsePositive = "false_positive"
    /// Not affected, by a VEX statement (OpenVEX or CycloneDX VEX) with its justification.
    case notAffected = "not_affected"

    /// States whose SLA clock runs and that count as open work.
    public var isActive: Bool { self == .open || self == .inRemediation }

    public var title: String {
        switch self {
        case .open: return "Open"
        case .inRemediation: return "In remediation"
        case .fixed: return "Fixed"
        case .riskAccepted: return "Risk accepted"
        case .falsePositive: return "False positive"
        case .notAffected: return "Not affected (VEX)"
        }
    }
}

/// One vulnerability in one package on one asset, kept across rescans (first seen, last seen) and closed as fixed
/// when a later inventory shows the package upgraded past the fix or removed.
public struct Finding: Sendable, Codable, Equatable {
    public var id: String
    public var assetID: String
    public var assetName: String
    public var ecosystem: String
    public var package: String
    /// The distribution's source package when it is not the package itself (openssh for openssh-server, glibc for
    /// libc6): the unit a distribution fixes and ships, so that one fix closes the findings of all its binaries.
    public var sourcePackage: String? = nil
    public var version: String
    public var purl: String
    /// The OSV id.
    public var vulnerabilityID: String
    public var aliases: [String]
    public var fixedVersions: [String]
    public var summary: String?
    public var severity: Severity
    public var cvssScore: Double?
    public var cvssVector: String?
    public var kev: Bool
    public var kevDueDate: String?
    public var ransomware: Bool
    public var epss: Double?
    public var epssPercentile: Double?
    public var risk: Double
    public var decision: SSVCDecision
    /// Why it ranks where it does, strongest reason first.
    public var reasons: [String]
    public var state: FindingState
    public var stateReason: String?
    /// Who set the current state (the approver of a risk acceptance).
    public var stateBy: String?
    public var stateChangedAt: Date?
    public var acceptedUntil: Date?
    public var vexJustification: String?
    /// The inventory source that last showed the package.
    public var source: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var fixedAt: Date?
    /// The inventory import that showed the finding fixed: the proof a patch job's verification links to.
    public var fixedByInventory: String? = nil
    public var dueAt: Date
    public var updatedAt: Date
    /// Who fixes it, by when, how, and the ticket that tracks it: set when the finding goes into remediation.
    public var remediation: Remediation?

    /// The fix to apply: the lowest fixed version above the installed one in the ecosystem's order (an advisory
    /// lists a fix per release line, e.g. log4j-core 2.3.1, 2.12.2 and 2.15.0, and only the one above 2.14.1 helps).
    /// Nil when no fix is known or none is above the installed version; the first listed when versions cannot be read.
    public var applicableFix: String? {
        guard let scheme = Ecosystem.scheme(ecosystem) else { return fixedVersions.first }
        var best: String?
        for fixed in fixedVersions {
            guard let above = try? scheme.compare(fixed, version) else { return fixedVersions.first }
            guard above > 0 else { continue }
            if let current = best, (try? scheme.compare(fixed, current)) ?? 1 >= 0 { continue }
            best = fixed
        }
        return best
    }

    /// What one fix upgrades: the source package where there is one, else the package.
    public var fixUnit: String { sourcePackage ?? package }

    /// Whether the SLA due date has passed while the finding is still open work.
    public func isOverdue(at now: Date) -> Bool { state.isActive && now > dueAt }

    /// The finding's key across rescans: asset, ecosystem, package and vulnerability.
    public var key: String { Self.key(assetID: assetID, ecosystem: ecosystem, package: package, vulnerability: vulnerabilityID) }

    public static func key(assetID: String, ecosystem: String, package: String, vulnerability: String) -> String {
        "\(assetID)|\(Ecosystem.base(ecosystem))|\(Ecosystem.normalizedName(package, ecosystem: ecosystem))|\(vulnerability)"
    }
}

/// The plan for fixing a finding, as a ticketing tool would hold it.
public struct Remediation: Sendable, Codable, Equatable {
    /// Who does it: a person's email, a username or a team.
    public var owner: String?
    /// The date it is planned for (the SLA's `due_at` stays the commitment).
    public var dueAt: Date?
    public var note: String?
    /// The ticket that tracks it (an http(s) address).
    public var ticket: String?

    public init(owner: String? = nil, dueAt: Date? = nil, note: String? = nil, ticket: String? = nil) {
        self.owner = owner
        self.dueAt = dueAt
        self.note = note
        self.ticket = ticket
    }

    public var isEmpty: Bool { owner == nil && dueAt == nil && note == nil && ticket == nil }

    /// The problems of each field, named.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        if let owner, owner.count > 200 { errors.append(FieldError(field: "owner", message: "is longer than 200 characters")) }
        if let note, note.count > 2_000 { errors.append(FieldError(field: "note", message: "is longer than 2000 characters")) }
        if let ticket {
            if ticket.count > 2_048 { errors.append(FieldError(field: "ticket", message: "is longer than 2048 characters")) }
            let lowered = ticket.lowercased()
            if !(lowered.hasPrefix("https://") || lowered.hasPrefix("http://")) || ticket.contains(where: { $0.isWhitespace }) {
                errors.append(FieldError(field: "ticket", message: "'\(ticket.prefix(80))' is not an http(s) address"))
            }
        }
        return errors
    }
}
