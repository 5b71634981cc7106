// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// The alert use cases: raising alerts from detection signals (suppression, then grouping), the analyst workflow
/// (acknowledge, assign, comment, close with a reason, reopen), suppressions, and manual alerts. Every change made by
/// a person is in the audit log. Every alert created or grown is also put on the follow-up queue, for notification
/// and case automation, which take it from there at their own pace.
public actor AlertService {
    let store: any AlertStore
    let audit: any AuditLog
    let clock: any WallClock
    let logger: Logger
    /// Matches of one group within this many seconds of the alert's last event grow that alert.
    public nonisolated let groupingWindow: TimeInterval
    private var suppressions: [AlertSuppression]?
    /// Alerts created or grown, for what follows them (nil: nothing does).
    public nonisolated let followUp: BoundedQueue<[RaisedAlert]>?

    public static let maximumCommentLength = 10_000
    public static let maximumTitleLength = 300

    public init(
        store: any AlertStore, audit: any AuditLog, clock: any WallClock, logger: Logger, groupingWindow: TimeInterval = 3600,
        followUp: BoundedQueue<[RaisedAlert]>? = nil
    ) {
        self.store = store
        self.followUp = followUp
        self.audit = audit
        self.clock = clock
        self.logger = logger
        self.groupingWindow = groupingWindow
    }

    // MARK: Raising

    /// Drops suppressed signals (counting the hits), groups the rest into alerts and stores them.
    @discardableResult
    public func raise(_ signals: [AlertSignal]) async throws -> [RaisedAlert] {
        guard !signals.isEmpty else { return [] }
        let now = clock.now()
        let active = try await activeSuppressions()
        var hits: [String: Int] = [:]
        let kept = signals.filter { signal in
            guard let suppression = active.first(where: { $0.applies(to: signal, at: now) }) else { return true }
            hits[suppression.id, default: 0] += 1
            return false
        }
        if !hits.isEmpty { try await store.addSuppressionHits(hits) }
        guard !kept.isEmpty else { return [] }
        // The store groups signals into alerts by their key; the events of a key's signals go with its alert.
        var events: [String: [MatchedEvent]] = [:]
        for signal in kept where !signal.events.isEmpty { events[signal.groupKey, default: []] += signal.events }
        let results = try await store.record(kept, window: groupingWindow, now: now).map { stored in
            RaisedAlert(
                stored.alert, created: stored.created, events: Array((events[stored.alert.groupKey] ?? []).suffix(MatchedEvent.maximumPerSignal)))
        }
        await followUp?.push(results)
        return results
    }

    private func activeSuppressions() async throws -> [AlertSuppression] {
        if let suppressions { return suppressions }
        let loaded = try await store.suppressions()
        suppressions = loaded
        return loaded
    }

    // MARK: Workflow

    public struct Change: Sendable {
        public var status: AlertStatus?
        public var closeReason: CloseReason?
        /// nil: unchanged; "": unassign.
        public var assignee: String?
        public var comment: String?

        public init(status: AlertStatus? = nil, closeReason: CloseReason? = nil, assignee: String? = nil, comment: String? = nil) {
            self.status = status
            self.closeReason = closeReason
            self.assignee = assignee
            self.comment = comment
        }
    }

    /// Which statuses an alert in `status` may move to.
    public static func allowedTransitions(from status: AlertStatus) -> [AlertStatus] {
        switch status {
        case .new: return [.acknowledged, .closed]
        case .acknowledged: return [.closed]
        case .closed: return [.acknowledged]
        }
    }

    public func update(id: String, _ change: Change, by actor: AuditActor) async throws -> Alert {
        guard var alert = try await store.get(id: id) else { throw CoreError.notFound(kind: "alert", id: id) }
        let now = clock.now()
        var changed: [String] = []
        if let status = change.status, status != alert.status {
            guard Self.allowedTransitions(from: alert.status).contains(status) else {
                let allowed = Self.allowedTransitions(from: alert.status).map(\.rawValue).joined(separator: ", ")
                throw CoreError.conflict("an alert in status \(alert.status.rawValue) cannot become \(status.rawValue) (allowed: \(allowed))")
            }
            switch status {
            case .acknowledged:
                if alert.acknowledgedAt == nil {
                    alert.acknowledgedAt = now
                    alert.acknowledgedBy = actor.username
                }
                alert.closedAt = nil
                alert.closedBy = nil
                alert.closeReason = nil
            case .closed:
                guard let reason = change.closeReason else {
                    throw CoreError.invalid([
                        FieldError(
                            field: "close_reason", message: "closing needs a reason: \(CloseReason.allCases.map(\.rawValue).joined(separator: ", "))")
                    ])
                }
                // Closing without acknowledging first still ends the time to acknowledge.
                if alert.acknowledgedAt == nil {
                    alert.acknowledgedAt = now
                    alert.acknowledgedBy = actor.username
                }
                alert.closedAt = now
                alert.closedBy = actor.username
                alert.closeReason = reason
            case .new:
                break
            }
            changed.append("status=\(status.rawValue)" + (status == .closed ? " reason=\(alert.closeReason!.rawValue)" : ""))
            alert.status = status
        } else if let reason = change.closeReason, alert.status == .closed, reason != alert.closeReason {
            alert.closeReason = reason
            changed.append("close_reason=\(reason.rawValue)")
        }
        if let assignee = change.assignee {
            let value = assignee.trimmingCharacters(in: .whitespaces)
            let new: String? = value.isEmpty ? nil : value
            if new != alert.assignee {
                alert.assignee = new
                changed.append("assignee=\(new ?? "")")
            }
        }
        if !changed.isEmpty {
            alert.updatedAt = now
            try await store.update(alert)
            try await record(actor, "alert.update", alert.id, changed.joined(separator: " "))
        }
        if let comment = change.comment, !comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            _ = try await addComment(alertID: alert.id, text: comment, by: actor)
        }
        return alert
    }

    public func addComment(alertID: String, text: String, by actor: AuditActor) async throws -> AlertComment {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CoreError.invalid([FieldError(field: "text", message: "empty comment")]) }
        guard trimmed.count <= Self.maximumCommentLength else {
            throw CoreError.invalid([FieldError(field: "text", message: "longer than \(Self.maximumCommentLength) characters")])
        }
        guard try await store.get(id: alertID) != nil else { throw CoreError.notFound(kind: "alert", id: alertID) }
        let comment = AlertComment(alertID: alertID, author: actor.username, text: trimmed, createdAt: clock.now())
        try await store.addComment(comment)
        try await record(actor, "alert.comment", alertID, "comment=\(comment.id)")
        return comment
    }

    /// The same change applied to many alerts; each alert's outcome (nil: done, else the reason it was refused).
    public func bulkUpdate(ids: [String], _ change: Change, by actor: AuditActor) async -> [(id: String, error: String?)] {
        var results: [(id: String, error: String?)] = []
        for id in ids {
            do {
                _ = try await update(id: id, change, by: actor)
                results.append((id, nil))
            } catch {
                results.append((id, "\(error)"))
            }
        }
        return results
    }

    /// An alert raised by hand (a report from a user, a call from a partner).
    public func createManual(title: String, severity: Severity, description: String, host: String, by actor: AuditActor) async throws -> Alert {
        let trimmed = title.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if trimmed.isEmpty { errors.append(FieldError(field: "title", message: "required")) }
        if trimmed.count > Self.maximumTitleLength {
            errors.append(FieldError(field: "title", message: "longer than \(Self.maximumTitleLength) characters"))
        }
        if description.count > Self.maximumCommentLength {
            errors.append(FieldError(field: "description", message: "longer than \(Self.maximumCommentLength) characters"))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let now = clock.now()
        let alert = Alert(
            title: trimmed, source: .manual, ruleID: nil, severity: severity, host: host, groupKey: "manual|\(Identifier.make())",
            firstEventAt: now, lastEventAt: now, createdAt: now, context: ["reported_by": actor.username], description: description)
        try await store.create(alert)
        try await record(actor, "alert.create", alert.id, "title=\(trimmed) severity=\(severity.rawValue)")
        await followUp?.push([RaisedAlert(alert, created: true)])
        return alert
    }

    // MARK: Suppressions

    public func createSuppression(ruleID: String?, host: String?, user: String?, reason: String, expiresAt: Date?, by actor: AuditActor) async throws
        -> AlertSuppression
    {
        var errors: [FieldError] = []
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.append(FieldError(field: "reason", message: "say why these alerts are not wanted")) }
        if reason.count > 1000 { errors.append(FieldError(field: "reason", message: "longer than 1,000 characters")) }
        if ruleID == nil && host == nil && user == nil {
            errors.append(FieldError(field: "rule_id", message: "name a rule, a host or a user (a suppression of everything is refused)"))
        }
        if let expiresAt, expiresAt <= clock.now() { errors.append(FieldError(field: "expires_at", message: "must be in the future")) }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let suppression = AlertSuppression(
            ruleID: ruleID, host: host, user: user, reason: reason, expiresAt: expiresAt,
            createdBy: actor.username, createdAt: clock.now())
        try await store.createSuppression(suppression)
        suppressions = nil
        try await record(
            actor, "alert.suppression.create", suppression.id,
            "rule=\(ruleID ?? "*") host=\(host ?? "*") user=\(user ?? "*") expires=\(expiresAt.map(Timestamp.format) ?? "never") reason=\(reason)")
        return suppression
    }

    public func deleteSuppression(id: String, by actor: AuditActor) async throws {
        guard try await store.deleteSuppression(id: id) else { throw CoreError.notFound(kind: "suppression", id: id) }
        suppressions = nil
        try await record(actor, "alert.suppression.delete", id, "")
    }

    private func record(_ actor: AuditActor, _ action: String, _ id: String, _ detail: String) async throws {
        let target = action.hasPrefix("alert.suppression") ? "suppression:\(id)" : "alert:\(id)"
        try await audit.record(
            AuditEntry(time: clock.now(), actor: actor.username, action: action, target: target, source: actor.source, detail: detail))
    }
}
