// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Patching

/// The patch jobs and maintenance windows API: engineers plan, submit and run (`patching.write`), managers approve
/// (`patching.approve`), auditors read.
struct PatchJobsController {
    let patching: PatchingService
    let now: @Sendable () -> Date

    struct CreateInput: APIInput {
        static let fields: Set<String> = [
            "title", "asset_ids", "tag", "owner", "environment", "finding_ids", "lines", "window_id", "emergency", "reboot", "rollback_notes",
        ]
        struct Line: Decodable, Sendable {
            var assetId: String
            var package: String
            var toVersion: String?
        }
        var title: String
        var assetIds: [String]?
        var tag: String?
        var owner: String?
        var environment: String?
        var findingIds: [String]?
        var lines: [Line]?
        var windowId: String?
        var emergency: Bool?
        var reboot: String?
        var rollbackNotes: String?
    }

    struct UpdateInput: APIInput {
        static let fields: Set<String> = ["status", "window_id", "title", "reboot", "rollback_notes", "comment"]
        var status: String?
        /// Absent: unchanged; null or "": no window.
        var windowId: String??
        var title: String?
        var reboot: String?
        var rollbackNotes: String?
        var comment: String?

        enum CodingKeys: String, CodingKey { case status, windowId, title, reboot, rollbackNotes, comment }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            status = try container.decodeIfPresent(String.self, forKey: .status)
            if container.contains(.windowId) {
                windowId = .some(
                    try container.decodeNil(forKey: .windowId) ? nil : try container.decode(String.self, forKey: .windowId).nonEmptyValue)
            }
            title = try container.decodeIfPresent(String.self, forKey: .title)
            reboot = try container.decodeIfPresent(String.self, forKey: .reboot)
            rollbackNotes = try container.decodeIfPresent(String.self, forKey: .rollbackNotes)
            comment = try container.decodeIfPresent(String.self, forKey: .comment)
        }
    }

    struct ApprovalInput: APIInput {
        static let fields: Set<String> = ["comment"]
        var comment: String?
    }

    struct ResultInput: APIInput {
        static let fields: Set<String> = ["asset_id", "exit_status", "output"]
        var assetId: String
        var exitStatus: Int
        var output: String?
    }

    struct WindowInput: APIInput {
        static let fields: Set<String> = ["name", "recurrence", "weekdays", "ordinal", "start", "duration_minutes", "time_zone", "asset_tag"]
        var name: String
        var recurrence: String
        var weekdays: [Int]
        var ordinal: Int?
        var start: String
        var durationMinutes: Int
        var timeZone: String
        var assetTag: String?
    }

    static func draft(_ input: CreateInput) throws -> PatchJobDraft {
        PatchJobDraft(
            title: input.title, assetIDs: input.assetIds ?? [], tag: input.tag?.nonEmptyValue, owner: input.owner?.nonEmptyValue,
            environment: input.environment?.nonEmptyValue, findingIDs: input.findingIds ?? [],
            lines: (input.lines ?? []).map { .init(assetID: $0.assetId, package: $0.package, toVersion: $0.toVersion?.nonEmptyValue) },
            windowID: input.windowId?.nonEmptyValue, emergency: input.emergency ?? false,
            reboot: try input.reboot.map { try EnumField.parse($0, RebootExpectation.self, "reboot") } ?? .ifRequired,
            rollbackNotes: input.rollbackNotes)
    }

    static func change(_ input: UpdateInput) throws -> PatchJobChange {
        PatchJobChange(
            status: try input.status.map { try EnumField.parse($0, PatchJobStatus.self, "status") }, windowID: input.windowId, title: input.title,
            reboot: try input.reboot.map { try EnumField.parse($0, RebootExpectation.self, "reboot") }, rollbackNotes: input.rollbackNotes,
            comment: input.comment)
    }

    func detail(_ job: PatchJob) async throws -> Response {
        try JSONResponse.make(PatchJobDetailBody(job, proof: try await patching.findingProof(job)))
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/patch-jobs", operationID: "listPatchJobs", summary: "Patch jobs, newest first",
                tag: "Patching", access: .permission(.patchingRead),
                query: [.listOf("status", "comma-separated statuses (default: every status)", PatchJobStatus.self), .limit, .cursor],
                responseSchema: "PatchJobList")
        ) { request, _ in
            let page = try await patching.jobs(statuses: try request.queryEnumList("status", PatchJobStatus.self), page: try request.pageRequest())
            return try JSONResponse.make(PatchJobListBody(jobs: page.items.map(PatchJobBody.init), next: page.next))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/patch-jobs", operationID: "createPatchJob",
                summary: """
                    Make a draft job from the remediation plan of its assets (asset_ids, or tag/owner/environment; \
                    finding_ids or lines narrow it); a package name or version no package manager should see is refused, naming the line
                    """,
                tag: "Patching", access: .permission(.patchingWrite), requestSchema: "PatchJobInput", responseSchema: "PatchJobDetail",
                successStatus: 201)
        ) { request, context in
            let job = try await patching.createJob(try Self.draft(try await request.json(CreateInput.self)), by: context.actor)
            var response = try await detail(job)
            response.status = .created
            return response
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/patch-jobs/{id}", operationID: "getPatchJob",
                summary: "One job: its lines, assets with their results and verification, approvals, timeline and the proof of each finding",
                tag: "Patching", access: .permission(.patchingRead), responseSchema: "PatchJobDetail")
        ) { _, context in
            try await detail(try await patching.job(id: try context.id("patch job")))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/patch-jobs/{id}", operationID: "updatePatchJob",
                summary: """
                    Change a job: status (a refused transition answers 409 naming the allowed ones; approval and verification \
                    have their own ways), window, title, reboot, rollback notes, with a comment for the timeline
                    """,
                tag: "Patching", access: .permission(.patchingWrite), requestSchema: "PatchJobUpdate", responseSchema: "PatchJobDetail")
        ) { request, context in
            let id = try context.id("patch job")
            let input = try await request.json(UpdateInput.self)
            return try await detail(try await patching.change(id: id, try Self.change(input), by: context.actor))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/patch-jobs/{id}/approve", operationID: "approvePatchJob",
                summary: "Approve a submitted job: never by its submitter; each approver counts once, until the required number is reached",
                tag: "Patching", access: .permission(.patchingApprove), requestSchema: "PatchApprovalInput", responseSchema: "PatchJobDetail")
        ) { request, context in
            let id = try context.id("patch job")
            let input = try await request.jsonIfPresent(ApprovalInput.self)
            return try await detail(try await patching.approve(id: id, comment: input?.comment, by: context.actor))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/patch-jobs/{id}/results", operationID: "reportPatchResult",
                summary: "Report one asset's run (by an agent, a runner or CI): exit status 0 marks it applied, any other failed",
                tag: "Patching", access: .permission(.patchingWrite), requestSchema: "PatchResultInput", responseSchema: "PatchJobDetail")
        ) { request, context in
            let id = try context.id("patch job")
            let input = try await request.json(ResultInput.self, limit: 1 << 20)
            return try await detail(
                try await patching.report(id: id, assetID: input.assetId, exitStatus: input.exitStatus, output: input.output, by: context.actor))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/patch-jobs/{id}/artifacts/{kind}", operationID: "getPatchArtifact",
                summary: "The job as a shell script (one function per asset), an Ansible playbook (one play per host) or a JSON plan",
                tag: "Patching", access: .permission(.patchingRead),
                query: [.init("download", "true: as an attachment", .boolean)], responseSchema: "PatchArtifact",
                responseContentType: "text/x-shellscript", alternativeContentTypes: ["application/yaml", "application/json"])
        ) { request, context in
            let id = try context.id("patch job")
            let raw = context.parameters.get("kind") ?? ""
            guard let kind = PatchArtefacts.Kind(rawValue: raw) else {
                throw CoreError.notFound(kind: "artifact kind (shell, ansible, json)", id: String(raw.prefix(40)))
            }
            let text = try await patching.artefact(id: id, kind: kind)
            var response = Response(status: .ok, headers: [.contentType: kind.contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
            if try request.queryBool("download") == true {
                response.headers[.contentDisposition] = "attachment; filename=\"patch-job-\(id.prefix(8)).\(kind.fileExtension)\""
            }
            return response
        }
        registerWindows(routes)
    }

    func registerWindows(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/maintenance-windows", operationID: "listMaintenanceWindows",
                summary: "Maintenance windows, each with its next opening", tag: "Patching", access: .permission(.patchingRead),
                responseSchema: "MaintenanceWindowList")
        ) { _, _ in
            let at = now()
            return try JSONResponse.make(MaintenanceWindowListBody(windows: try await patching.windows().map { MaintenanceWindowBody($0, now: at) }))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/maintenance-windows", operationID: "createMaintenanceWindow",
                summary:
                    "A recurring window: weekly on some days, or monthly on the nth (or last, -1) weekday, from a local time in an IANA time zone",
                tag: "Patching", access: .permission(.patchingWrite), requestSchema: "MaintenanceWindowInput", responseSchema: "MaintenanceWindow",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(WindowInput.self)
            let window = try await patching.createWindow(
                MaintenanceWindow(
                    id: Identifier.make(), name: input.name,
                    recurrence: try EnumField.parse(input.recurrence, MaintenanceWindow.Recurrence.self, "recurrence"),
                    weekdays: input.weekdays, ordinal: input.ordinal, start: input.start, durationMinutes: input.durationMinutes,
                    timeZone: input.timeZone, assetTag: input.assetTag, createdBy: context.actor.username, createdAt: now()),
                by: context.actor)
            return try JSONResponse.make(MaintenanceWindowBody(window, now: now()), status: .created)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/maintenance-windows/{id}", operationID: "deleteMaintenanceWindow", summary: "Delete a window",
                tag: "Patching", access: .permission(.patchingWrite), successStatus: 204)
        ) { _, context in
            try await patching.deleteWindow(id: try context.id("maintenance window"), by: context.actor)
            return Response(status: .noContent)
        }
    }
}
