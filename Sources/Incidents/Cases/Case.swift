// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// An incident under investigation: the alerts that made it, the people working it, where it stands in the
/// NIST SP 800-61 life cycle, and the timestamps its metrics and SLAs are computed from. Tasks, observables,
/// evidence, comments, actions and the timeline are ``CaseRecord``s stored beside it.
public struct Case: Sendable, Codable, Hashable {
    public var id: String
    /// The human number (`#12`), given by the store on creation.
    public var number: Int
    public var title: String
    /// Markdown; rendered safely (no raw HTML) by the pages and the report.
    public var description: String
    public var severity: Severity
    public var status: CaseStatus
    public var tlp: TLP
    public var pap: PAP
    public var tags: [String]
    public var assignee: String?
    public var alertIDs: [String]
    /// Affected assets and people of the shared inventory.
    public var assetIDs: [String]
    public var personIDs: [String]
    public var relatedCaseIDs: [String]
    /// Set when this case was merged into another (it is then closed as a duplicate).
    public var mergedInto: String?
    public var resolution: CloseReason?
    public var summary: String
    public var lessonsLearned: String
    public var playbooks: [String]
    /// Breach-notification duties and when the organisation became aware (the clocks start there).
    public var regulations: [Regulation]
    public var awareAt: Date?
    /// When each authority was notified (regulation raw value → time).
    public var notified: [String: Date]
    public var createdAt: Date
    public var createdBy: String
    public var updatedAt: Date
    /// MTTD runs from the first event to detection, MTTA from detection to acknowledgement, MTTR from detection to
    /// resolution. Detection is the earliest linked alert (or the case's creation when it has none).
    public var firstEventAt: Date?
    public var detectedAt: Date
    public var acknowledgedAt: Date?
    public var resolvedAt: Date?
    public var acknowledgeDueAt: Date?
    public var resolveDueAt: Date?
    /// SLA and regulatory warnings already sent (so each goes out once).
    public var notices: [String]
    /// The automation rule and group that opened it, so that later alerts extend it.
    public var automationKey: String?

    public init(
        id: String = Identifier.make(), number: Int = 0, title: String, description: String = "", severity: Severity,
        status: CaseStatus = .new, tlp: TLP = .amber, pap: PAP = .amber, tags: [String] = [], assignee: String? = nil,
        alertIDs: [String] = [], createdAt: Date, createdBy: String, detectedAt: Date? = nil, firstEventAt: Date? = nil
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.description = description
        self.severity = severity
        self.status = status
        self.tlp = tlp
        self.pap = pap
        self.tags = tags
        self.assignee = assignee
        self.alertIDs = alertIDs
        self.assetIDs = []
        self.personIDs = []
        self.relatedCaseIDs = []
        self.mergedInto = nil
        self.resolution = nil
        self.summary = ""
        self.lessonsLearned = ""
        self.playbooks = []
        self.regulations = []
        self.awareAt = nil
        self.notified = [:]
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.updatedAt = createdAt
        self.firstEventAt = firstEventAt
        self.detectedAt = detectedAt ?? createdAt
        self.acknowledgedAt = nil
        self.resolvedAt = nil
        self.notices = []
        self.automationKey = nil
    }

    public var isOpen: Bool { status != .closed }
    public var reference: String { "#\(number)" }

    /// Time from the first event to detection, detection to acknowledgement, detection to resolution.
    public var timeToDetect: TimeInterval? { firstEventAt.map { max(0, detectedAt.timeIntervalSince($0)) } }
    public var timeToAcknowledge: TimeInterval? { acknowledgedAt.map { max(0, $0.timeIntervalSince(detectedAt)) } }
    public var timeToResolve: TimeInterval? { resolvedAt.map { max(0, $0.timeIntervalSince(detectedAt)) } }
}

/// NIST SP 800-61's phases as statuses: detection and analysis is `triage`; post-incident activity happens on a
/// `closed` case (lessons learned, report).
public enum CaseStatus: String, Sendable, Codable, CaseIterable {
    case new, triage, containment, eradication, recovery, closed

    /// Forward one phase, back one phase (containment can fail), close from triage (nothing to contain) or
    /// recovery, reopen into triage.
    public var allowedTransitions: [CaseStatus] {
        switch self {
        case .new: return [.triage, .closed]
        case .triage: return [.containment, .closed]
        case .containment: return [.eradication, .triage]
        case .eradication: return [.recovery, .containment]
        case .recovery: return [.closed, .eradication]
        case .closed: return [.triage]
        }
    }

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Traffic Light Protocol 2.0: who may receive the case's information.
public enum TLP: String, Sendable, Codable, CaseIterable {
    case clear, green, amber, amberStrict = "amber+strict", red
}

/// Permissible Actions Protocol: what may be done with the indicators (clear: anything, red: nothing detectable).
public enum PAP: String, Sendable, Codable, CaseIterable {
    case clear, green, amber, red
}

/// Breach-notification duties a case can carry.
public enum Regulation: String, Sendable, Codable, CaseIterable {
    /// GDPR Article 33: the supervisory authority within 72 hours of becoming aware.
    case gdpr
    /// HIPAA Breach Notification Rule (45 CFR 164.404): individuals without unreasonable delay, at most 60 days.
    case hipaa
    /// PCI DSS 12.10.1: the card brands and acquirer as the organisation's incident response plan says.
    case pci

    public var title: String {
        switch self {
        case .gdpr: return "GDPR Art. 33 — notify the supervisory authority"
        case .hipaa: return "HIPAA §164.404 — notify affected individuals"
        case .pci: return "PCI DSS 12.10.1 — notify card brands and acquirer"
        }
    }
}
