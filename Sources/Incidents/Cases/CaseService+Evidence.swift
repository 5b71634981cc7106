// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension CaseService {
    /// Keeps a file as evidence: at most ``Settings/maximumEvidenceBytes``, hashed with SHA-256, the custody record
    /// starting with who added it.
    public func addEvidence(
        caseID: String, taskID: String?, fileName: String, contentType: String, description: String, data: Data,
        by actor: AuditActor
    ) async throws -> Evidence {
        let name = (fileName as NSString).lastPathComponent.trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if name.isEmpty || name.count > 255 { errors.append(FieldError(field: "name", message: "a file name of 1 to 255 characters")) }
        if Validation.hasControlOrBidi(name) {
            errors.append(FieldError(field: "name", message: "must not hold control characters (NUL, CR, LF …) or bidirectional overrides"))
        }
        if data.isEmpty { errors.append(FieldError(field: "body", message: "the file is empty")) }
        if data.count > settings.maximumEvidenceBytes {
            errors.append(FieldError(field: "body", message: "larger than the evidence limit of \(settings.maximumEvidenceBytes) bytes"))
        }
        if description.count > Self.maximumCommentLength { errors.append(FieldError(field: "description", message: "too long")) }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        _ = try await get(caseID)
        if let taskID {
            guard let task = try await store.record(id: taskID, as: CaseTask.self), task.caseID == caseID else {
                throw CoreError.notFound(kind: "task", id: taskID)
            }
        }
        let id = Identifier.make()
        try await evidenceFiles.write(data, id: id)
        let digest = Evidence.sha256(data)
        let evidence = Evidence(
            id: id, caseID: caseID, taskID: taskID, fileName: name, contentType: String(contentType.prefix(100)), size: data.count,
            sha256: digest, description: description, addedBy: actor.username, createdAt: clock.now())
        try await store.save(evidence)
        try await note(caseID, .evidence, "Evidence \(name) added (\(data.count) bytes, SHA-256 \(digest))", by: actor)
        try await record(actor, "case.evidence.add", caseID, "evidence=\(id) name=\(name) size=\(data.count) sha256=\(digest)")
        return evidence
    }

    public func evidence(caseID: String) async throws -> [Evidence] {
        try await store.records(caseID: caseID, as: Evidence.self).sorted { $0.createdAt < $1.createdAt }
    }

    /// The file for a download, after writing the download on the custody record and in the audit log. The hash is
    /// checked first: a file changed on disk is refused.
    public func downloadEvidence(caseID: String, evidenceID: String, by actor: AuditActor) async throws -> (evidence: Evidence, data: Data) {
        guard var evidence = try await store.record(id: evidenceID, as: Evidence.self), evidence.caseID == caseID else {
            throw CoreError.notFound(kind: "evidence", id: evidenceID)
        }
        guard let data = try await evidenceFiles.read(id: evidenceID) else { throw CoreError.notFound(kind: "evidence file", id: evidenceID) }
        let digest = Evidence.sha256(data)
        guard digest == evidence.sha256 else {
            try await record(actor, "case.evidence.integrity", caseID, "evidence=\(evidenceID) expected=\(evidence.sha256) found=\(digest)")
            throw CoreError.conflict("evidence \(evidence.fileName) no longer matches its SHA-256 (\(evidence.sha256)); the stored file was changed")
        }
        evidence.custody.append(CustodyEntry(action: "downloaded", actor: actor.username, at: clock.now(), detail: "via \(actor.source)"))
        try await store.save(evidence)
        try await record(actor, "case.evidence.download", caseID, "evidence=\(evidenceID) name=\(evidence.fileName) sha256=\(digest)")
        return (evidence, data)
    }
}
