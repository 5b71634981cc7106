// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Incidents
import NIOCore

/// Evidence (upload, download with the chain of custody) and response actions (request, approve, reject).
extension CasesController {
    func registerEvidenceAndActions(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/evidence", operationID: "uploadCaseEvidence",
                summary: "Upload an evidence file (the body); stored with its SHA-256 and a chain-of-custody record",
                tag: "Cases", access: .permission(.incidentsWrite),
                query: [
                    .init("name", "file name (required)"), .init("description", "what it is"),
                    .init("task_id", "the task it belongs to (required evidence)"),
                ],
                requestSchema: "the file, up to the evidence limit (--evidence-max-size)", requestContentType: "application/octet-stream",
                responseSchema: "CaseEvidence", successStatus: 201)
        ) { request, context in
            let id = try await caseID(context)
            let limit = cases.settings.maximumEvidenceBytes
            let buffer: ByteBuffer
            do { buffer = try await request.body.collect(upTo: limit) } catch is NIOTooManyBytesError {
                throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "body: larger than the evidence limit of \(limit) bytes")
            }
            let taskID = request.queryString("task_id")
            if let taskID, !Identifier.isValid(taskID) { throw CoreError.invalid([FieldError(field: "task_id", message: "not a task id")]) }
            let evidence = try await cases.addEvidence(
                caseID: id, taskID: taskID, fileName: request.queryString("name") ?? "",
                contentType: request.headers[.contentType] ?? "application/octet-stream",
                description: request.queryString("description") ?? "", data: Data(buffer.readableBytesView), by: context.actor)
            return try JSONResponse.make(CaseEvidenceBody(evidence), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/cases/{id}/evidence/{evidence_id}", operationID: "downloadCaseEvidence",
                summary:
                    "Download an evidence file (checked against its SHA-256; the download is written on its custody record and in the audit log)",
                tag: "Cases", access: .permission(.incidentsRead), responseSchema: "EvidenceFile", responseContentType: "application/octet-stream")
        ) { _, context in
            let result = try await cases.downloadEvidence(
                caseID: try await caseID(context), evidenceID: try Self.identifier(context, "evidence_id", "evidence"), by: context.actor)
            let name = result.evidence.fileName.replacingOccurrences(of: "\"", with: "_").unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }
                .map(String.init).joined()
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/octet-stream", .contentDisposition: "attachment; filename=\"\(name)\"",
                    HTTPField.Name("X-Content-SHA256")!: result.evidence.sha256,
                ],
                body: .init(byteBuffer: ByteBuffer(data: result.data)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/response-actions", operationID: "listResponseActions",
                summary: "The configured response actions (--response-actions)", tag: "Cases", access: .permission(.incidentsRead),
                responseSchema: "ResponseActionList")
        ) { _, _ in
            try JSONResponse.make(ResponseActionListBody(actions: cases.actions.map(ResponseActionBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/cases/{id}/actions", operationID: "runCaseAction",
                summary: "Run a response action with an observable (or value) as input; one that requires approval waits for a second person",
                tag: "Cases", access: .permission(.incidentsWrite), requestSchema: "CaseActionInput", responseSchema: "CaseActionRun",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(ActionInput.self)
            let run = try await cases.requestAction(
                caseID: try await caseID(context), actionID: input.action, observableID: input.observableId, value: input.value, by: context.actor)
            return try JSONResponse.make(CaseActionRunBody(run), status: .created)
        }
        for decision in ["approve", "reject"] {
            routes.add(
                .init(
                    method: .post, path: "/api/v1/cases/{id}/actions/{run_id}/\(decision)",
                    operationID: decision == "approve" ? "approveCaseAction" : "rejectCaseAction",
                    summary: decision == "approve" ? "Approve (and run) a waiting action; not by the person who asked" : "Reject a waiting action",
                    tag: "Cases", access: .permission(.incidentsWrite), responseSchema: "CaseActionRun")
            ) { _, context in
                let run = try await cases.decideAction(
                    caseID: try await caseID(context), runID: try Self.identifier(context, "run_id", "action run"),
                    approve: decision == "approve", by: context.actor)
                return try JSONResponse.make(CaseActionRunBody(run))
            }
        }
    }
}
