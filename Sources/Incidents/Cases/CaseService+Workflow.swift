// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension CaseService {
    /// A change to a case; nil fields are left as they are.
    public struct Change: Sendable {
        public var title: String?
        public var description: String?
        public var severity: Severity?
        public var status: CaseStatus?
        public var resolution: CloseReason?
        public var summary: String?
        public var lessonsLearned: String?
        public var tlp: TLP?
        public var pap: PAP?
        public var tags: [String]?
        /// "": unassign.
        public var assignee: String?
        public var assetIDs: [String]?
        public var personIDs: [String]?
        public var regulations: [Regulation]?
        public var awareAt: Date?
        /// Records that an authority was notified (a regulation, at a time).
        public var notified: (Regulation, Date)?

        public init(
            title: String? = nil, description: String? = nil, severity: Severity? = nil, status: CaseStatus? = nil, resolution: CloseReason? = nil,
            summary: String? = nil, lessonsLearned: String? = nil, tlp: TLP? = nil, pap: PAP? = nil, tags: [String]? = nil, assignee: String? = nil,
            assetIDs: [String]? = nil, personIDs: [String]? = nil, regulations: [Regulation]? = nil, awareAt: Date? = nil,
            notified: (Regulation, Date)? = nil
        ) {
            self.title = title
            self.description = description
            self.severity = severity
            self.status = status
            self.resolution = resolution
            self.summary = summary
            self.lessonsLearned = lessonsLearned
            self.tlp = tlp
            self.pap = pap
            self.tags = tags
            self.assignee = assignee
            self.assetIDs = assetIDs
            self.personIDs = personIDs
            self.regulations = regulations
            self.awareAt = awareAt
            self.notified = notified
        }
    }

    /// Applies a change. A status outside the allowed transitions is refused with a conflict naming the allowed
    /// ones; closing needs a resolution and a summary, and closes the linked alerts with the same resolution.
    public func update(id: String, _ change: Change, by actor: AuditActor) async throws -> Case {
        var item = try await get(id)
        let before = item
        let now = clock.now()
        var errors: [FieldError] = []
        if let title = change.title { errors += Self.check(title: title, description: "") }
        for (field, text) in [("description", change.description), ("summary", change.summary), ("lessons_learned", change.lessonsLearned)] {
            if let text, text.count > Self.maximumTextLength {
                errors.append(FieldError(field: field, message: "longer than \(Self.maximumTextLength) characters"))
            }
        }
        if let tags = change.tags { errors += Self.check(tags: tags) }
        if let awareAt = change.awareAt, awareAt > now.addingTimeInterval(300) {
            errors.append(FieldError(field: "aware_at", message: "cannot be in the future"))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }

        if let title = change.title { item.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let description = change.description { item.description = description }
        if let summary = change.summary { item.summary = summary.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let lessons = change.lessonsLearned { item.lessonsLearned = lessons }
        if let tlp = change.tlp { item.tlp = tlp }
        if let pap = change.pap { item.pap = pap }
        if let tags = change.tags { item.tags = Self.normalise(tags: tags) }
        if let assets = change.assetIDs { item.assetIDs = Self.unique(assets) }
        if let people = change.personIDs { item.personIDs = Self.unique(people) }
        if let resolution = change.resolution { item.resolution = resolution }
        if let regulations = change.regulations {
            item.regulations = Regulation.allCases.filter(regulations.contains)
            if !item.regulations.isEmpty && item.awareAt == nil { item.awareAt = item.detectedAt }
        }
        if let awareAt = change.awareAt { item.awareAt = awareAt }
        if let (regulation, at) = change.notified {
            guard item.regulations.contains(regulation) else {
                throw CoreError.invalid([
                    FieldError(field: "notified", message: "the case does not carry \(regulation.rawValue); add it to regulations first")
                ])
            }
            item.notified[regulation.rawValue] = at
            try await note(id, .regulatory, "\(regulation.title): notification recorded", at: at, by: actor)
        }
        if let severity = change.severity, severity != item.severity {
            item.severity = severity
            setDueDates(&item)
        }
        if let assignee = change.assignee {
            let value: String? = assignee.trimmingCharacters(in: .whitespaces).isEmpty ? nil : assignee.trimmingCharacters(in: .whitespaces)
            if value != item.assignee {
                item.assignee = value
                if value != nil && item.acknowledgedAt == nil { item.acknowledgedAt = now }
                try await note(id, .assignment, value.map { "Assigned to \($0)" } ?? "Unassigned", by: actor)
            }
        }
        if let status = change.status, status != item.status {
            guard item.status.allowedTransitions.contains(status) else {
                throw CoreError.conflict(
                    "a case in \(item.status.rawValue) cannot move to \(status.rawValue) (allowed: \(item.status.allowedTransitions.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            if status == .closed {
                var missing: [FieldError] = []
                if item.resolution == nil {
                    missing.append(
                        FieldError(
                            field: "resolution",
                            message: "closing needs a resolution: \(CloseReason.allCases.map(\.rawValue).joined(separator: ", "))"))
                }
                if item.summary.isEmpty {
                    missing.append(FieldError(field: "summary", message: "closing needs a summary of what happened and what was done"))
                }
                if !missing.isEmpty { throw CoreError.invalid(missing) }
                item.resolvedAt = now
            } else if item.status == .closed {
                item.resolvedAt = nil
                item.resolution = nil
            }
            if item.acknowledgedAt == nil { item.acknowledgedAt = now }
            try await note(
                id, .status,
                "Status \(item.status.rawValue) → \(status.rawValue)" + (status == .closed ? " (\(item.resolution!.rawValue)): \(item.summary)" : ""),
                by: actor)
            item.status = status
        }
        guard item != before else { return item }
        item.updatedAt = now
        try await store.update(item)
        try await record(actor, "case.update", id, Self.describeChanges(before, item))
        if item.status == .closed && before.status != .closed { await closeAlerts(of: item, by: actor) }
        if item.status != before.status {
            await notify(
                .status, item, to: [item.assignee].compactMap { $0 }.filter { $0 != actor.username },
                "\(actor.username) moved \(item.reference) to \(item.status.rawValue)")
        }
        if let assignee = item.assignee, assignee != before.assignee {
            await notify(.assigned, item, to: [assignee], "\(actor.username) assigned \(item.reference) to \(assignee)")
        }
        return item
    }

    private func closeAlerts(of item: Case, by actor: AuditActor) async {
        for alertID in item.alertIDs {
            guard let alert = try? await alerts.store.get(id: alertID), alert.status != .closed else { continue }
            _ = try? await alerts.update(
                id: alertID, AlertService.Change(status: .closed, closeReason: item.resolution, comment: "Closed with case \(item.reference)."),
                by: actor)
        }
    }

    static func describeChanges(_ before: Case, _ after: Case) -> String {
        var parts: [String] = []
        func add<T: Equatable>(_ name: String, _ old: T, _ new: T, _ text: (T) -> String) { if old != new { parts.append("\(name)=\(text(new))") } }
        add("title", before.title, after.title) { $0 }
        add("status", before.status, after.status) { $0.rawValue }
        add("severity", before.severity, after.severity) { $0.rawValue }
        add("assignee", before.assignee, after.assignee) { $0 ?? "" }
        add("resolution", before.resolution, after.resolution) { $0?.rawValue ?? "" }
        add("tlp", before.tlp, after.tlp) { $0.rawValue }
        add("pap", before.pap, after.pap) { $0.rawValue }
        add("tags", before.tags, after.tags) { $0.joined(separator: ",") }
        add("regulations", before.regulations, after.regulations) { $0.map(\.rawValue).joined(separator: ",") }
        add("aware_at", before.awareAt, after.awareAt) { $0.map(Timestamp.format) ?? "" }
        add("notified", before.notified, after.notified) { $0.keys.sorted().joined(separator: ",") }
        add("assets", before.assetIDs, after.assetIDs) { $0.joined(separator: ",") }
        add("people", before.personIDs, after.personIDs) { $0.joined(separator: ",") }
        if before.description != after.description { parts.append("description") }
        if before.summary != after.summary { parts.append("summary") }
        if before.lessonsLearned != after.lessonsLearned { parts.append("lessons_learned") }
        return parts.joined(separator: " ")
    }

    // MARK: Merge and link

    /// Merges `sourceID` into `targetID`: alerts, tasks, observables (once each), evidence, comments, actions and
    /// timeline move to the target; tags, affected assets and people, related cases and regulations are united;
    /// the target keeps the earlier detection and the higher severity. The source is closed as a duplicate.
    public func merge(_ sourceID: String, into targetID: String, by actor: AuditActor) async throws -> Case {
        guard sourceID != targetID else { throw CoreError.conflict("a case cannot be merged into itself") }
        var source = try await get(sourceID)
        var target = try await get(targetID)
        guard source.mergedInto == nil else { throw CoreError.conflict("case \(source.reference) was already merged") }
        guard target.isOpen else { throw CoreError.conflict("case \(target.reference) is closed; merge into an open case") }
        let existing = Set(try await store.records(caseID: targetID, as: CaseObservable.self).compactMap(\.key))
        for var observable in try await store.records(caseID: sourceID, as: CaseObservable.self) {
            if existing.contains(observable.key ?? "") {
                try await store.delete(id: observable.id, as: CaseObservable.self)
            } else {
                observable.caseID = targetID
                try await store.save(observable)
            }
        }
        try await move(CaseTask.self, from: sourceID, to: targetID)
        try await move(Evidence.self, from: sourceID, to: targetID)
        try await move(CaseComment.self, from: sourceID, to: targetID)
        try await move(ActionRun.self, from: sourceID, to: targetID)
        try await move(TimelineEntry.self, from: sourceID, to: targetID)
        for alert in source.alertIDs where !target.alertIDs.contains(alert) { target.alertIDs.append(alert) }
        target.tags = Self.normalise(tags: target.tags + source.tags)
        target.assetIDs = Self.unique(target.assetIDs + source.assetIDs)
        target.personIDs = Self.unique(target.personIDs + source.personIDs)
        target.relatedCaseIDs = Self.unique(target.relatedCaseIDs + source.relatedCaseIDs).filter { $0 != targetID && $0 != sourceID }
        target.regulations = Regulation.allCases.filter { target.regulations.contains($0) || source.regulations.contains($0) }
        target.playbooks = Self.unique(target.playbooks + source.playbooks)
        target.detectedAt = min(target.detectedAt, source.detectedAt)
        if let first = source.firstEventAt { target.firstEventAt = min(target.firstEventAt ?? first, first) }
        if let ack = source.acknowledgedAt { target.acknowledgedAt = min(target.acknowledgedAt ?? ack, ack) }
        if let aware = source.awareAt { target.awareAt = min(target.awareAt ?? aware, aware) }
        target.severity = max(target.severity, source.severity)
        if !source.description.isEmpty { target.description += "\n\n---\nFrom \(source.reference) (\(source.title)):\n\n\(source.description)" }
        let now = clock.now()
        target.updatedAt = now
        setDueDates(&target)
        try await store.update(target)
        try await note(targetID, .merge, "Case \(source.reference) (\(source.title)) merged into this case", by: actor)

        source.mergedInto = targetID
        source.status = .closed
        source.resolution = .duplicate
        source.summary = "Merged into \(target.reference)."
        source.resolvedAt = now
        source.updatedAt = now
        source.alertIDs = []
        try await store.update(source)
        try await note(sourceID, .merge, "Merged into case \(target.reference)", by: actor)
        try await record(actor, "case.merge", sourceID, "into=\(targetID)")
        return target
    }

    private func move<Record: CaseRecord>(_ type: Record.Type, from source: String, to target: String) async throws {
        for var record in try await store.records(caseID: source, as: type) {
            record.caseID = target
            try await store.save(record)
        }
    }

    /// Marks two cases as related (both ways).
    public func link(_ id: String, to otherID: String, by actor: AuditActor) async throws -> Case {
        guard id != otherID else { throw CoreError.conflict("a case cannot be related to itself") }
        var item = try await get(id)
        var other = try await get(otherID)
        guard !item.relatedCaseIDs.contains(otherID) else { return item }
        item.relatedCaseIDs.append(otherID)
        other.relatedCaseIDs.append(id)
        item.updatedAt = clock.now()
        other.updatedAt = item.updatedAt
        try await store.update(item)
        try await store.update(other)
        try await note(id, .link, "Related to case \(other.reference) (\(other.title))", by: actor)
        try await note(otherID, .link, "Related to case \(item.reference) (\(item.title))", by: actor)
        try await record(actor, "case.link", id, "related=\(otherID)")
        return item
    }

    // MARK: Playbooks

    /// Creates the playbook's tasks (those not already created by it), starts its regulatory clocks and adds its tags.
    public func applyPlaybook(caseID: String, playbookID: String, by actor: AuditActor) async throws -> [CaseTask] {
        guard let playbook = playbooks[playbookID] else {
            throw CoreError.invalid([
                FieldError(
                    field: "playbook", message: "'\(playbookID)' is not a playbook (known: \(playbooks.sorted.map(\.id).joined(separator: ", ")))")
            ])
        }
        var item = try await get(caseID)
        guard item.isOpen else { throw CoreError.conflict("case \(item.reference) is closed") }
        let existing = try await store.records(caseID: caseID, as: CaseTask.self)
        let now = clock.now()
        var created: [CaseTask] = []
        var order = existing.map(\.order).max() ?? 0
        for phase in playbook.phases {
            for step in phase.tasks where !existing.contains(where: { $0.playbook == playbook.id && $0.title == step.title }) {
                order += 1
                let task = CaseTask(
                    caseID: caseID, title: step.title, description: step.description, phase: phase.phase, owner: nil,
                    dueAt: step.due.map { now.addingTimeInterval($0) }, playbook: playbook.id, requiredEvidence: step.requiredEvidence,
                    order: order, createdAt: now)
                try await store.save(task)
                created.append(task)
            }
        }
        if !item.playbooks.contains(playbook.id) { item.playbooks.append(playbook.id) }
        item.tags = Self.normalise(tags: item.tags + playbook.tags.filter { !$0.hasPrefix("attack.") })
        if !playbook.regulations.isEmpty {
            item.regulations = Regulation.allCases.filter { item.regulations.contains($0) || playbook.regulations.contains($0) }
            if item.awareAt == nil { item.awareAt = item.detectedAt }
        }
        item.updatedAt = now
        try await store.update(item)
        try await note(
            caseID, .playbook,
            "Playbook \(playbook.name) applied: \(created.count) task\(created.count == 1 ? "" : "s") created"
                + (playbook.regulations.isEmpty ? "" : "; regulatory clocks: \(playbook.regulations.map(\.rawValue).joined(separator: ", "))"),
            by: actor)
        try await record(actor, "case.playbook", caseID, "playbook=\(playbook.id) tasks=\(created.count)")
        return created
    }
}
