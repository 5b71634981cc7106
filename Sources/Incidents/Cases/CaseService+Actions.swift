// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension CaseService {
    public nonisolated var actions: [ResponseAction] { settings.actions }

    /// Asks for a response action with an observable (or a typed value) as input. It runs at once, or waits for a
    /// second person's approval when the action requires it.
    public func requestAction(caseID: String, actionID: String, observableID: String?, value: String?, by actor: AuditActor) async throws -> ActionRun
    {
        guard let action = settings.actions.first(where: { $0.id == actionID }) else {
            throw CoreError.invalid([
                FieldError(
                    field: "action",
                    message: "'\(actionID)' is not a configured response action (known: \(settings.actions.map(\.id).joined(separator: ", ")))")
            ])
        }
        let item = try await get(caseID)
        guard item.isOpen else { throw CoreError.conflict("case \(item.reference) is closed") }
        var input = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if let observableID {
            guard let observable = try await store.record(id: observableID, as: CaseObservable.self), observable.caseID == caseID else {
                throw CoreError.notFound(kind: "observable", id: observableID)
            }
            guard action.observableTypes.isEmpty || action.observableTypes.contains(observable.type) else {
                throw CoreError.invalid([
                    FieldError(
                        field: "observable_id",
                        message:
                            "\(action.name) takes \(action.observableTypes.map(\.rawValue).joined(separator: " or ")), not \(observable.type.rawValue)"
                    )
                ])
            }
            input = observable.value
        } else if !action.observableTypes.isEmpty {
            guard !input.isEmpty else {
                throw CoreError.invalid([
                    FieldError(
                        field: "observable_id",
                        message: "\(action.name) needs an observable (\(action.observableTypes.map(\.rawValue).joined(separator: ", ")))")
                ])
            }
            let valid = action.observableTypes.contains { if case .success = $0.normalise(input) { return true } else { return false } }
            guard valid else {
                throw CoreError.invalid([
                    FieldError(
                        field: "value", message: "'\(input.prefix(80))' is not a \(action.observableTypes.map(\.rawValue).joined(separator: " or "))")
                ])
            }
        }
        guard input.count <= 2048 else { throw CoreError.invalid([FieldError(field: "value", message: "longer than 2,048 characters")]) }
        var run = ActionRun(
            caseID: caseID, action: action, observableID: observableID, input: input, requestedBy: actor.username, createdAt: clock.now())
        try await store.save(run)
        try await record(actor, "case.action.request", caseID, "run=\(run.id) action=\(action.id) input=\(input)")
        if action.requiresApproval {
            try await note(
                caseID, .action,
                "\(actor.username) asked to run \(action.name) on \(input.isEmpty ? "the case" : input); waiting for a second person's approval",
                by: actor)
            return run
        }
        run = try await execute(run, action, item: item, by: actor)
        return run
    }

    /// Approves (and runs) or rejects a waiting action. The approver must not be the person who asked.
    public func decideAction(caseID: String, runID: String, approve: Bool, by actor: AuditActor) async throws -> ActionRun {
        guard var run = try await store.record(id: runID, as: ActionRun.self), run.caseID == caseID else {
            throw CoreError.notFound(kind: "action run", id: runID)
        }
        guard run.status == .pendingApproval else {
            throw CoreError.conflict("the action is \(run.status.rawValue.replacingOccurrences(of: "_", with: " ")), not waiting for approval")
        }
        guard run.requestedBy != actor.username else {
            throw CoreError.conflict("approval must come from someone other than \(run.requestedBy), who asked for it")
        }
        guard let action = settings.actions.first(where: { $0.id == run.actionID }) else {
            throw CoreError.conflict("the action \(run.actionID) is no longer configured")
        }
        let item = try await get(caseID)
        run.decidedBy = actor.username
        run.decidedAt = clock.now()
        guard approve else {
            run.status = .rejected
            run.finishedAt = run.decidedAt
            try await store.save(run)
            try await note(caseID, .action, "\(actor.username) rejected \(action.name) on \(run.input) (asked by \(run.requestedBy))", by: actor)
            try await record(actor, "case.action.reject", caseID, "run=\(run.id)")
            return run
        }
        try await record(actor, "case.action.approve", caseID, "run=\(run.id)")
        return try await execute(run, action, item: item, by: actor)
    }

    private func execute(_ original: ActionRun, _ action: ResponseAction, item: Case, by actor: AuditActor) async throws -> ActionRun {
        var run = original
        var observableType: ObservableType?
        if let observableID = run.observableID { observableType = try await store.record(id: observableID, as: CaseObservable.self)?.type }
        let request: ResponseActionRequest
        do {
            request = try action.request(
                value: run.input, type: observableType ?? action.observableTypes.first, caseReference: item.reference,
                actor: run.requestedBy, environment: settings.actionEnvironment)
        } catch {
            run.status = .failed
            run.error = "not sent: \(error.message)"
            run.finishedAt = clock.now()
            try await store.save(run)
            try await note(caseID(of: run), .action, "\(action.name) on \(run.input) by \(run.requestedBy) was not sent: \(error.message)", by: actor)
            try await record(actor, "case.action.run", run.caseID, "run=\(run.id) action=\(action.id) status=failed reason=refused_input")
            return run
        }
        run.request = ResponseActionRequest(
            method: request.method, url: request.url, headers: request.recordedHeaders, body: request.body, timeout: request.timeout)
        if let transport {
            do {
                let answer = try await transport.send(request)
                run.responseStatus = answer.status
                run.responseBody = String(answer.body.prefix(4096))
                run.status = (200..<300).contains(answer.status) ? .succeeded : .failed
                if run.status == .failed { run.error = "HTTP \(answer.status)" }
            } catch {
                run.status = .failed
                run.error = "\(error)"
            }
        } else {
            run.status = .failed
            run.error = "response actions cannot make HTTP calls here"
        }
        run.finishedAt = clock.now()
        try await store.save(run)
        let approval = run.decidedBy.map { " (approved by \($0))" } ?? ""
        let outcome = run.status == .succeeded ? "succeeded (HTTP \(run.responseStatus ?? 0))" : "failed: \(run.error ?? "")"
        try await note(
            caseID(of: run), .action,
            "\(action.name) on \(run.input.isEmpty ? "the case" : run.input) by \(run.requestedBy)\(approval): \(request.method) \(request.url) \(outcome)",
            by: actor)
        try await record(
            actor, "case.action.run", run.caseID,
            "run=\(run.id) action=\(action.id) status=\(run.status.rawValue) http=\(run.responseStatus.map(String.init) ?? "-")")
        return run
    }

    private nonisolated func caseID(of run: ActionRun) -> String { run.caseID }

    public func actionRuns(caseID: String) async throws -> [ActionRun] {
        try await store.records(caseID: caseID, as: ActionRun.self).sorted { $0.createdAt < $1.createdAt }
    }
}
