// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where a patch job stands. `draft → submitted → approved → scheduled → in_progress → applied → verified`, with
/// `failed`, `rolled_back` and `cancelled` (the transitions are in `PatchJob+Lifecycle.swift`).
public enum PatchJobStatus: String, Sendable, Codable, CaseIterable {
    case draft, submitted, approved, scheduled
    case inProgress = "in_progress"
    case applied, verified, failed
    case rolledBack = "rolled_back"
    case cancelled

    public var title: String {
        switch self {
        case .inProgress: return "In progress"
        case .rolledBack: return "Rolled back"
        default: return rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }

    /// No step follows: the job's record is final.
    public var isFinal: Bool { self == .verified || self == .cancelled || self == .rolledBack }
}

/// Whether the hosts are expected to restart.
public enum RebootExpectation: String, Sendable, Codable, CaseIterable {
    case none
    case ifRequired = "if_required"
    case required
}

/// One package change on one asset: from the installed version to the target, and the findings it closes.
public struct PatchJobLine: Sendable, Codable, Equatable {
    public var assetID: String
    public var assetName: String
    public var ecosystem: String
    public var package: String
    public var fromVersion: String
    public var toVersion: String
    public var findingIDs: [String]
    public var riskRemoved: Double
    public var majorUpgrade: Bool
    /// Whether a finding of the line is in CISA's KEV catalog or critical (what allows an emergency job).
    public var urgent: Bool

    public init(
        assetID: String, assetName: String, ecosystem: String, package: String, fromVersion: String, toVersion: String,
        findingIDs: [String], riskRemoved: Double, majorUpgrade: Bool = false, urgent: Bool = false
    ) {
        self.assetID = assetID
        self.assetName = assetName
        self.ecosystem = ecosystem
        self.package = package
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.findingIDs = findingIDs
        self.riskRemoved = riskRemoved
        self.majorUpgrade = majorUpgrade
        self.urgent = urgent
    }
}

/// Where one asset of a job stands: what the runner or agent reported, and what the next inventory proved.
public struct PatchJobAsset: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable, CaseIterable { case pending, applied, failed, verified }

    public var assetID: String
    public var assetName: String
    /// The host name the playbook targets (the asset's first host name, else its name).
    public var host: String
    public var state: State
    public var exitStatus: Int?
    /// The runner's or agent's output, cut to `PatchJob.outputLimit` bytes.
    public var output: String?
    public var reportedAt: Date?
    public var reportedBy: String?
    /// The inventory import that proved the asset patched.
    public var verifiedByInventory: String?
    public var verifiedAt: Date?
    public var failureReason: String?

    public init(assetID: String, assetName: String, host: String) {
        self.assetID = assetID
        self.assetName = assetName
        self.host = host
        self.state = .pending
    }
}

/// One approval of a job.
public struct PatchApproval: Sendable, Codable, Equatable {
    public var by: String
    public var at: Date
    public var comment: String?
}

/// One step on a job's timeline: a transition, an approval, a result, a verification or a comment.
public struct PatchJobEvent: Sendable, Codable, Equatable {
    public var at: Date
    public var by: String
    /// `created`, `status`, `approval`, `result`, `verification`, `comment`, `runner`.
    public var kind: String
    public var text: String
}

/// A patch job: package changes on a set of assets, approved, scheduled in a maintenance window, applied and
/// verified by the assets' next inventories.
public struct PatchJob: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var status: PatchJobStatus
    /// May run outside maintenance windows (a KEV or critical finding); it still needs its approvals.
    public var emergency: Bool
    public var windowID: String?
    public var reboot: RebootExpectation
    public var rollbackNotes: String?
    public var lines: [PatchJobLine]
    public var assets: [PatchJobAsset]
    public var approvals: [PatchApproval]
    /// Approvals needed, each from a different person who is not the submitter.
    public var requiredApprovals: Int
    public var createdBy: String
    public var createdAt: Date
    public var submittedBy: String?
    public var submittedAt: Date?
    /// When the window the job is scheduled in opens and closes.
    public var scheduledStart: Date?
    public var scheduledEnd: Date?
    public var startedAt: Date?
    public var appliedAt: Date?
    public var finishedAt: Date?
    public var updatedAt: Date
    public var timeline: [PatchJobEvent]
    /// Counts the job's saved changes: a change saves only over the revision it read.
    public var revision: Int = 0

    /// The most output kept per asset.
    public static let outputLimit = 65_536

    public init(
        id: String, title: String, emergency: Bool, windowID: String?, reboot: RebootExpectation, rollbackNotes: String?,
        lines: [PatchJobLine], assets: [PatchJobAsset], requiredApprovals: Int, createdBy: String, at now: Date
    ) {
        self.id = id
        self.title = title
        self.status = .draft
        self.emergency = emergency
        self.windowID = windowID
        self.reboot = reboot
        self.rollbackNotes = rollbackNotes
        self.lines = lines
        self.assets = assets
        self.approvals = []
        self.requiredApprovals = requiredApprovals
        self.createdBy = createdBy
        self.createdAt = now
        self.updatedAt = now
        self.timeline = [PatchJobEvent(at: now, by: createdBy, kind: "created", text: "created with \(lines.count) package changes")]
    }

    /// The sum of the lines' risk.
    public var riskRemoved: Double { (lines.map(\.riskRemoved).reduce(0, +) * 10).rounded() / 10 }
    public var findingIDs: [String] { lines.flatMap(\.findingIDs) }
    public func lines(of assetID: String) -> [PatchJobLine] { lines.filter { $0.assetID == assetID } }

    /// Scheduled, started or applied but not finished after its window closed (plus the grace period).
    public func isOverdue(at now: Date, grace: TimeInterval) -> Bool {
        guard [.scheduled, .inProgress, .applied].contains(status), let end = scheduledEnd else { return false }
        return now > end.addingTimeInterval(grace)
    }
}
