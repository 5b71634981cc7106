// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension PatchingService {
    public static let maxTitleLength = 200
    public static let maxNoteLength = 4_000

    /// Makes a draft job from the plan lines of its assets. Every named asset, finding and line must exist; a job
    /// holding a package name or version no package manager should see is refused, naming the line.
    public func createJob(_ draft: PatchJobDraft, by actor: AuditActor) async throws -> PatchJob {
        var errors = Self.textProblems(title: draft.title, rollbackNotes: draft.rollbackNotes)
        var chosen: [PatchAsset] = []
        for (index, id) in draft.assetIDs.enumerated() {
            if let asset = try await assets.asset(id: id) {
                chosen.append(asset)
            } else {
                errors.append(FieldError(field: "asset_ids[\(index)]", message: "no asset has the id '\(id.prefix(80))'"))
            }
        }
        if draft.tag != nil || draft.owner != nil || draft.environment != nil {
            let selected = try await assets.assets(tag: draft.tag, owner: draft.owner, environment: draft.environment)
            if selected.isEmpty { errors.append(FieldError(field: "tag", message: "no asset has that tag, owner and environment")) }
            chosen += selected
        }
        var window: MaintenanceWindow?
        if let windowID = draft.windowID {
            window = try await store.window(id: windowID)
            if window == nil { errors.append(FieldError(field: "window_id", message: "no maintenance window has the id '\(windowID.prefix(80))'")) }
        }
        guard errors.isEmpty else { throw CoreError.invalid(errors) }

        // The plan of the chosen assets, or (choosing by findings alone) of every asset.
        var planned: [AssetPlanLine] = []
        var seenAssets = Set<String>()
        if chosen.isEmpty {
            planned = try await plan()
        } else {
            for asset in chosen where seenAssets.insert(asset.id).inserted { planned += try await plan(assetID: asset.id) }
        }
        planned = planned.filter { $0.line.toVersion != nil && !$0.line.findingIDs.isEmpty }
        if !draft.findingIDs.isEmpty {
            let wanted = Set(draft.findingIDs)
            planned = planned.filter { !wanted.isDisjoint(with: $0.line.findingIDs) }
            let covered = Set(planned.flatMap(\.line.findingIDs))
            for (index, id) in draft.findingIDs.enumerated() where !covered.contains(id) {
                errors.append(
                    FieldError(field: "finding_ids[\(index)]", message: "'\(id.prefix(80))' is not an open finding of these assets with a known fix"))
            }
        }
        var overrides: [String: String?] = [:]
        if !draft.lines.isEmpty {
            for (index, choice) in draft.lines.enumerated() {
                guard planned.contains(where: { $0.assetID == choice.assetID && $0.line.package == choice.package }) else {
                    errors.append(
                        FieldError(
                            field: "lines[\(index)]",
                            message: "asset \(choice.assetID.prefix(80)) has no planned upgrade of '\(choice.package.prefix(80))'"))
                    continue
                }
                overrides[choice.assetID + "\u{1F}" + choice.package] = choice.toVersion
            }
            planned = planned.filter { overrides[$0.assetID + "\u{1F}" + $0.line.package] != nil }
        }
        guard errors.isEmpty else { throw CoreError.invalid(errors) }
        guard !planned.isEmpty else {
            throw CoreError.invalid([FieldError(field: "asset_ids", message: "these assets have no open finding with a known fix: nothing to patch")])
        }

        let lines = planned.map { item in
            PatchJobLine(
                assetID: item.assetID, assetName: item.assetName, ecosystem: item.line.ecosystem, package: item.line.package,
                fromVersion: item.line.fromVersion,
                toVersion: (overrides[item.assetID + "\u{1F}" + item.line.package] ?? nil) ?? item.line.toVersion ?? "",
                findingIDs: item.line.findingIDs, riskRemoved: item.line.riskRemoved, majorUpgrade: item.line.majorUpgrade, urgent: item.line.urgent)
        }
        if draft.emergency && !lines.contains(where: \.urgent) {
            throw CoreError.invalid([
                FieldError(field: "emergency", message: "an emergency job must close a KEV or critical finding; schedule this one in a window")
            ])
        }
        var jobAssets: [PatchJobAsset] = []
        for id in lines.map(\.assetID) where !jobAssets.contains(where: { $0.assetID == id }) {
            let asset = try await assets.asset(id: id)
            let name = lines.first { $0.assetID == id }?.assetName ?? id
            jobAssets.append(PatchJobAsset(assetID: id, assetName: asset?.name ?? name, host: asset?.host ?? name))
        }
        let job = PatchJob(
            id: Identifier.make(), title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines), emergency: draft.emergency,
            windowID: window?.id, reboot: draft.reboot, rollbackNotes: draft.rollbackNotes?.nonEmptyValue, lines: lines, assets: jobAssets,
            requiredApprovals: settings.requiredApprovals, createdBy: actor.username, at: clock.now())
        try PatchArtefacts.validate(job)
        try await store.create(job)
        try await record(
            actor, "patching.job.create", job,
            "\(job.title): \(lines.count) package changes on \(jobAssets.count) assets, risk \(job.riskRemoved)\(job.emergency ? ", emergency" : "")")
        return job
    }

    static func textProblems(title: String?, rollbackNotes: String?) -> [FieldError] {
        var errors: [FieldError] = []
        if let title {
            let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.count > maxTitleLength || Validation.hasControlOrBidi(trimmed) {
                errors.append(FieldError(field: "title", message: "must be 1 to \(maxTitleLength) characters on one line"))
            }
        }
        if let rollbackNotes, rollbackNotes.count > maxNoteLength {
            errors.append(FieldError(field: "rollback_notes", message: "is longer than \(maxNoteLength) characters"))
        }
        return errors
    }

    public func job(id: String) async throws -> PatchJob {
        guard let job = try await store.job(id: id) else { throw CoreError.notFound(kind: "patch job", id: id) }
        return job
    }

    public func jobs(statuses: [PatchJobStatus] = [], page: PageRequest) async throws -> Page<PatchJob> {
        try await store.jobs(statuses: statuses, page: page)
    }

    public func jobCounts() async throws -> [PatchJobStatus: Int] { try await store.counts() }

    /// Applies a PATCH: texts and window first, then the move, with the comment on the timeline.
    public func change(id: String, _ change: PatchJobChange, by actor: AuditActor) async throws -> PatchJob {
        let errors = Self.textProblems(title: change.title, rollbackNotes: change.rollbackNotes)
        if let comment = change.comment, comment.count > Self.maxNoteLength {
            throw CoreError.invalid([FieldError(field: "comment", message: "is longer than \(Self.maxNoteLength) characters")])
        }
        guard errors.isEmpty else { throw CoreError.invalid(errors) }
        var window: MaintenanceWindow?
        if case .some(.some(let windowID)) = change.windowID {
            guard let found = try await store.window(id: windowID) else {
                throw CoreError.invalid([FieldError(field: "window_id", message: "no maintenance window has the id '\(windowID.prefix(80))'")])
            }
            window = found
        }
        let now = clock.now()
        var details: [String] = []
        let updated = try await mutate(id: id, by: actor, action: "patching.job.update") { job in
            details = []
            if let title = change.title?.trimmingCharacters(in: .whitespacesAndNewlines), title != job.title {
                job.title = title
                details.append("title")
            }
            if let reboot = change.reboot, reboot != job.reboot {
                job.reboot = reboot
                details.append("reboot \(reboot.rawValue)")
            }
            if let notes = change.rollbackNotes {
                job.rollbackNotes = notes.nonEmptyValue
                details.append("rollback notes")
            }
            if let windowID = change.windowID, windowID != job.windowID {
                guard [.draft, .submitted, .approved, .failed].contains(job.status) else {
                    throw CoreError.conflict("the window of a job in \(job.status.rawValue) cannot change; cancel or fail it first")
                }
                job.windowID = windowID
                details.append("window \(window?.name ?? "none")")
            }
            if let comment = change.comment?.nonEmptyValue, change.status == nil {
                try job.apply(.comment(by: actor.username, text: comment, at: now))
                details.append("comment")
            }
            if let target = change.status, target != job.status {
                let current = try await windowOf(job)
                try job.apply(
                    .move(
                        to: target, by: actor.username, comment: change.comment?.nonEmptyValue, windowOpen: current?.isOpen(at: now) ?? false,
                        window: current?.opening(atOrAfter: now), at: now))
                details.append("status \(target.rawValue)")
            }
            if !details.isEmpty && job.timeline.last?.at != now {
                job.timeline.append(PatchJobEvent(at: now, by: actor.username, kind: "update", text: "changed " + details.joined(separator: ", ")))
            }
        } detail: { _ in
            details.joined(separator: ", ")
        }
        return updated
    }

    func windowOf(_ job: PatchJob) async throws -> MaintenanceWindow? {
        guard let id = job.windowID else { return nil }
        return try await store.window(id: id)
    }

    /// One approval by someone holding `patching.approve` (the caller checks the permission): never the submitter.
    public func approve(id: String, comment: String?, by actor: AuditActor) async throws -> PatchJob {
        if let comment, comment.count > Self.maxNoteLength {
            throw CoreError.invalid([FieldError(field: "comment", message: "is longer than \(Self.maxNoteLength) characters")])
        }
        let now = clock.now()
        return try await mutate(id: id, by: actor, action: "patching.job.approve") { job in
            try job.apply(.approve(by: actor.username, comment: comment?.nonEmptyValue, at: now))
        } detail: { job in
            "approval \(job.approvals.count)/\(job.requiredApprovals)\(job.status == .approved ? ": approved" : "")"
        }
    }

    /// A runner's, agent's or CI's result for one asset of a job.
    public func report(id: String, assetID: String, exitStatus: Int, output: String?, by actor: AuditActor) async throws -> PatchJob {
        let now = clock.now()
        let job = try await mutate(id: id, by: actor, action: "patching.job.result") { job in
            try job.apply(.report(assetID: assetID, exitStatus: exitStatus, output: output, by: actor.username, at: now))
        } detail: { job in
            "\(job.assets.first { $0.assetID == assetID }?.assetName ?? assetID): exit status \(exitStatus)"
        }
        if exitStatus != 0, let notifier, let asset = job.assets.first(where: { $0.assetID == assetID }) {
            await notifier.jobFailed(job, asset: asset, reason: asset.failureReason ?? "the run failed")
        }
        return job
    }

    /// The job's artefact, generated from its current lines.
    public func artefact(id: String, kind: PatchArtefacts.Kind) async throws -> String {
        try PatchArtefacts.render(kind, job: try await job(id: id), generatedAt: clock.now())
    }

    /// Reads, changes and saves a job, again when another change came first; audits the change.
    func mutate(
        id: String, by actor: AuditActor, action: String, _ body: (inout PatchJob) async throws -> Void,
        detail: (PatchJob) -> String
    ) async throws -> PatchJob {
        for _ in 0..<5 {
            var job = try await job(id: id)
            try await body(&job)
            if try await store.update(job) {
                job.revision += 1
                try await record(actor, action, job, "\(job.title): " + detail(job))
                return job
            }
        }
        throw CoreError.conflict("patch job \(id) is being changed by someone else; try again")
    }
}
