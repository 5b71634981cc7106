// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A finding's lifecycle as a state machine without I/O: the service feeds it what happened (a rescan's verdict, a
/// VEX statement, a person's triage, time passing) and saves the result. The rules live here, once:
/// - only a rescan fixes a finding, and a fixed finding reopens only when a rescan finds it again;
/// - false positives and not-affected findings stay so when the package goes away;
/// - a risk acceptance pauses the SLA clock: leaving it (early, or when it expires) moves the due date by the pause.
extension Finding {
    public enum LifecycleEvent: Sendable {
        /// A rescan still finds the package affected.
        case seenAgain(package: String, version: String, at: Date)
        /// A rescan no longer finds it affected; `reason` says why (upgraded past the fix, or removed); `proof` is the
        /// inventory import that showed it, when an import caused the rescan.
        case noLongerFound(reason: String, at: Date, proof: String? = nil)
        /// A VEX statement says the product is not affected.
        case vexNotAffected(source: String, justification: String, by: String, at: Date)
        /// A person sets the state (validated input: reasons and expiry are checked by the service).
        case triaged(FindingState, reason: String?, acceptedUntil: Date?, by: String, at: Date)
        /// Time passes: a risk acceptance that ran out reopens the finding.
        case tick(at: Date)
    }

    public enum LifecycleOutcome: Sendable, Equatable {
        case unchanged, changed, reopened, fixed, acceptanceExpired
    }

    public enum LifecycleError: Error, Sendable, Equatable {
        /// Fixed is set by a rescan, never by hand.
        case fixedIsSetByRescans
        /// A fixed finding is not triaged; it reopens by itself if a later inventory shows it again.
        case alreadyFixed
    }

    /// Applies one event; answers what happened to the state.
    @discardableResult
    public mutating func apply(_ event: LifecycleEvent) throws(LifecycleError) -> LifecycleOutcome {
        switch event {
        case .seenAgain(let package, let version, let now):
            lastSeen = now
            guard state == .fixed else { return .unchanged }
            move(to: .open, reason: "reappeared: \(package) \(version) is affected again", by: "system", at: now)
            fixedAt = nil
            fixedByInventory = nil
            return .reopened
        case .noLongerFound(let reason, let now, let proof):
            guard state != .fixed, state != .falsePositive, state != .notAffected else { return .unchanged }
            resumeClockIfAccepted(at: now)
            move(to: .fixed, reason: reason, by: "system", at: now)
            acceptedUntil = nil
            fixedAt = now
            fixedByInventory = proof
            return .fixed
        case .vexNotAffected(let source, let justification, let by, let now):
            guard state != .fixed else { return .unchanged }
            resumeClockIfAccepted(at: now)
            move(to: .notAffected, reason: "VEX (\(source)): \(justification)", by: by, at: now)
            vexJustification = justification
            acceptedUntil = nil
            return .changed
        case .triaged(let target, let reason, let until, let by, let now):
            guard target != .fixed else { throw .fixedIsSetByRescans }
            guard state != .fixed else { throw .alreadyFixed }
            if target != .riskAccepted { resumeClockIfAccepted(at: now) }
            move(to: target, reason: reason, by: by, at: now)
            acceptedUntil = target == .riskAccepted ? until : nil
            vexJustification = target == .notAffected ? reason : nil
            return .changed
        case .tick(let now):
            guard state == .riskAccepted, let until = acceptedUntil, until <= now else { return .unchanged }
            dueAt = dueAt.addingTimeInterval(max(0, until.timeIntervalSince(stateChangedAt ?? until)))
            move(to: .open, reason: "risk acceptance expired \(Timestamp.format(until))", by: "system", at: now)
            acceptedUntil = nil
            return .acceptanceExpired
        }
    }

    /// Leaving a risk acceptance before it runs out: the SLA clock resumes with the time it was paused.
    private mutating func resumeClockIfAccepted(at now: Date) {
        guard state == .riskAccepted, let since = stateChangedAt else { return }
        dueAt = dueAt.addingTimeInterval(max(0, min(now, acceptedUntil ?? now).timeIntervalSince(since)))
    }

    private mutating func move(to target: FindingState, reason: String?, by actor: String, at now: Date) {
        state = target
        stateReason = reason
        stateBy = actor
        stateChangedAt = now
        updatedAt = now
    }
}
