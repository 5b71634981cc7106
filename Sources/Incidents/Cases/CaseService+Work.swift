// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension CaseService {
    // MARK: Tasks

    public func addTask(
        caseID: String, title: String, description: String = "", phase: CaseStatus = .triage, owner: String? = nil,
        dueAt: Date? = nil, requiredEvidence: [String] = [], by actor: AuditActor
    ) async throws -> CaseTask {
        var errors = Self.check(title: title, description: description)
        if phase == .new || phase == .closed {
            errors.append(FieldError(field: "phase", message: "one of triage, containment, eradication, recovery"))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let item = try await get(caseID)
        let order = (try await store.records(caseID: caseID, as: CaseTask.self).map(\.order).max() ?? 0) + 1
        let task = CaseTask(
            caseID: caseID, title: title.trimmingCharacters(in: .whitespacesAndNewlines), description: description, phase: phase,
            owner: owner.flatMap { $0.isEmpty ? nil : $0 }, dueAt: dueAt, requiredEvidence: requiredEvidence, order: order, createdAt: clock.now())
        try await store.save(task)
        try await note(caseID, .task, "Task added: \(task.title)" + (task.owner.map { " (owner \($0))" } ?? ""), by: actor)
        try await record(actor, "case.task.create", caseID, "task=\(task.id) title=\(task.title)")
        if let owner = task.owner, owner != actor.username {
            await notify(.assigned, item, to: [owner], "\(actor.username) gave you the task \"\(task.title)\" on \(item.reference)")
        }
        return task
    }

    public struct TaskChange: Sendable {
        public var status: TaskStatus?
        /// "": no owner.
        public var owner: String?
        public var dueAt: Date?
        public var title: String?
        public var description: String?
        public var log: String?

        public init(
            status: TaskStatus? = nil, owner: String? = nil, dueAt: Date? = nil, title: String? = nil, description: String? = nil, log: String? = nil
        ) {
            self.status = status
            self.owner = owner
            self.dueAt = dueAt
            self.title = title
            self.description = description
            self.log = log
        }
    }

    /// Changes a task; it cannot be done while its required evidence is missing (an upload attached to the task).
    public func updateTask(caseID: String, taskID: String, _ change: TaskChange, by actor: AuditActor) async throws -> CaseTask {
        guard var task = try await store.record(id: taskID, as: CaseTask.self), task.caseID == caseID else {
            throw CoreError.notFound(kind: "task", id: taskID)
        }
        let item = try await get(caseID)
        let now = clock.now()
        if let title = change.title {
            let errors = Self.check(title: title, description: change.description ?? "")
            if !errors.isEmpty { throw CoreError.invalid(errors) }
            task.title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if let description = change.description { task.description = String(description.prefix(Self.maximumTextLength)) }
        if let due = change.dueAt { task.dueAt = due }
        if let owner = change.owner {
            let value: String? = owner.isEmpty ? nil : owner
            if value != task.owner {
                task.owner = value
                try await note(caseID, .task, "Task \"\(task.title)\": owner \(value ?? "none")", by: actor)
                if let value, value != actor.username {
                    await notify(.assigned, item, to: [value], "\(actor.username) gave you the task \"\(task.title)\" on \(item.reference)")
                }
            }
        }
        if let log = change.log?.trimmingCharacters(in: .whitespacesAndNewlines), !log.isEmpty {
            guard log.count <= Self.maximumCommentLength else {
                throw CoreError.invalid([FieldError(field: "log", message: "longer than \(Self.maximumCommentLength) characters")])
            }
            task.logs.append(TaskLog(author: actor.username, text: log, at: now))
        }
        if let status = change.status, status != task.status {
            if status == .done && !task.requiredEvidence.isEmpty {
                let attached = try await store.records(caseID: caseID, as: Evidence.self).filter { $0.taskID == task.id }
                if attached.isEmpty {
                    throw CoreError.conflict(
                        "task \"\(task.title)\" needs its evidence before it is done: \(task.requiredEvidence.joined(separator: ", ")) (upload it to the task)"
                    )
                }
            }
            task.status = status
            task.completedAt = status == .done ? now : nil
            task.completedBy = status == .done ? actor.username : nil
            try await note(caseID, .task, "Task \"\(task.title)\": \(status.rawValue.replacingOccurrences(of: "_", with: " "))", by: actor)
        }
        try await store.save(task)
        try await record(actor, "case.task.update", caseID, "task=\(task.id) status=\(task.status.rawValue) owner=\(task.owner ?? "")")
        return task
    }

    // MARK: Comments and timeline

    /// A comment; mentioned users are notified.
    public func addComment(caseID: String, text: String, by actor: AuditActor) async throws -> CaseComment {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CoreError.invalid([FieldError(field: "text", message: "empty comment")]) }
        guard trimmed.count <= Self.maximumCommentLength else {
            throw CoreError.invalid([FieldError(field: "text", message: "longer than \(Self.maximumCommentLength) characters")])
        }
        let item = try await get(caseID)
        let comment = CaseComment(
            caseID: caseID, author: actor.username, text: trimmed, mentions: CaseComment.mentions(in: trimmed), createdAt: clock.now())
        try await store.save(comment)
        try await record(
            actor, "case.comment", caseID,
            "comment=\(comment.id)" + (comment.mentions.isEmpty ? "" : " mentions=\(comment.mentions.joined(separator: ","))"))
        let mentioned = comment.mentions.filter { $0 != actor.username }
        if !mentioned.isEmpty {
            await notify(.mentioned, item, to: mentioned, "\(actor.username) mentioned you on \(item.reference): \(trimmed.prefix(300))")
        }
        return comment
    }

    public func comments(caseID: String) async throws -> [CaseComment] {
        try await store.records(caseID: caseID, as: CaseComment.self).sorted { $0.createdAt < $1.createdAt }
    }

    /// A timeline entry written by an analyst, at the time the event happened.
    public func addTimelineEntry(caseID: String, text: String, eventAt: Date, by actor: AuditActor) async throws -> TimelineEntry {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= Self.maximumCommentLength else {
            throw CoreError.invalid([FieldError(field: "text", message: "1 to \(Self.maximumCommentLength) characters")])
        }
        guard eventAt <= clock.now().addingTimeInterval(300) else {
            throw CoreError.invalid([FieldError(field: "event_at", message: "cannot be in the future")])
        }
        _ = try await get(caseID)
        let entry = TimelineEntry(caseID: caseID, category: .manual, eventAt: eventAt, createdAt: clock.now(), actor: actor.username, text: trimmed)
        try await store.save(entry)
        try await record(actor, "case.timeline", caseID, "entry=\(entry.id) event_at=\(Timestamp.format(eventAt))")
        return entry
    }

    // MARK: Observables

    /// Adds an observable (once per case: the same type and value answers the existing one).
    public func addObservable(
        caseID: String, type: ObservableType, value: String, description: String = "", ioc: Bool = false, tags: [String] = [],
        source: String = "manual", by actor: AuditActor, timeline: Bool = true
    ) async throws -> (observable: CaseObservable, created: Bool) {
        let normalised: String
        switch type.normalise(value) {
        case .success(let text): normalised = text
        case .failure(let error): throw CoreError.invalid([error])
        }
        if description.count > Self.maximumCommentLength { throw CoreError.invalid([FieldError(field: "description", message: "too long")]) }
        _ = try await get(caseID)
        let key = CaseObservable.key(type, normalised)
        if let existing = try await store.records(caseID: caseID, as: CaseObservable.self).first(where: { $0.key == key }) {
            if ioc && !existing.ioc {
                var updated = existing
                updated.ioc = true
                try await store.save(updated)
                return (updated, false)
            }
            return (existing, false)
        }
        let observable = CaseObservable(
            caseID: caseID, type: type, value: normalised, description: description, ioc: ioc, tags: Self.normalise(tags: tags),
            source: source, createdBy: actor.username, createdAt: clock.now())
        try await store.save(observable)
        if timeline { try await note(caseID, .observable, "Observable \(type.rawValue) \(normalised)\(ioc ? " (IOC)" : "")", by: actor) }
        try await record(actor, "case.observable.add", caseID, "type=\(type.rawValue) value=\(normalised)")
        return (observable, true)
    }

    public func observables(caseID: String) async throws -> [CaseObservable] {
        try await store.records(caseID: caseID, as: CaseObservable.self).sorted { ($0.type.rawValue, $0.value) < ($1.type.rawValue, $1.value) }
    }

    /// Other cases holding the same observable, alerts and events mentioning it, and matching intelligence.
    /// Where a value is seen: events, alerts and intelligence (from the context), and the cases holding it.
    public func sightings(of type: ObservableType, value: String) async throws -> ObservableSightings {
        let normalised: String
        switch type.normalise(value) {
        case .success(let text): normalised = text
        case .failure(let error): throw CoreError.invalid([error])
        }
        var sightings = await context?.sightings(of: type, value: normalised) ?? ObservableSightings()
        sightings.cases = try await store.caseIDs(kind: CaseObservable.kind, key: CaseObservable.key(type, normalised))
        return sightings
    }

    public func sightings(of observable: CaseObservable) async throws -> ObservableSightings {
        var sightings = await context?.sightings(of: observable.type, value: observable.value) ?? ObservableSightings()
        sightings.cases = try await store.caseIDs(kind: CaseObservable.kind, key: observable.key ?? "").filter { $0 != observable.caseID }
        return sightings
    }

    /// Makes the observable a threat-intelligence indicator, so that detection alerts on it from now on.
    public func promote(caseID: String, observableID: String, by actor: AuditActor) async throws -> CaseObservable {
        guard var observable = try await store.record(id: observableID, as: CaseObservable.self), observable.caseID == caseID else {
            throw CoreError.notFound(kind: "observable", id: observableID)
        }
        if observable.indicatorID != nil { return observable }
        guard let context else { throw CoreError.conflict("threat intelligence is not available here") }
        let item = try await get(caseID)
        observable.indicatorID = try await context.promote(observable, caseReference: item.reference, by: actor)
        observable.ioc = true
        try await store.save(observable)
        try await note(caseID, .observable, "Observable \(observable.type.rawValue) \(observable.value) promoted to an indicator", by: actor)
        try await record(actor, "case.observable.promote", caseID, "observable=\(observable.id) indicator=\(observable.indicatorID ?? "")")
        return observable
    }
}
