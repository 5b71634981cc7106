// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A file kept as evidence: stored under the data directory by its id, identified by its SHA-256, with the chain
/// of custody (who added it, and every download).
public struct Evidence: CaseRecord, Hashable {
    public static let kind = "evidence"
    public var id: String
    public var caseID: String
    public var taskID: String?
    public var fileName: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var description: String
    public var addedBy: String
    public var createdAt: Date
    public var custody: [CustodyEntry]

    public init(
        id: String = Identifier.make(), caseID: String, taskID: String?, fileName: String, contentType: String, size: Int, sha256: String,
        description: String, addedBy: String, createdAt: Date
    ) {
        self.id = id
        self.caseID = caseID
        self.taskID = taskID
        self.fileName = fileName
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.description = description
        self.addedBy = addedBy
        self.createdAt = createdAt
        self.custody = [CustodyEntry(action: "added", actor: addedBy, at: createdAt, detail: "sha256=\(sha256) size=\(size)")]
    }
}

public struct CustodyEntry: Sendable, Codable, Hashable {
    public var action: String
    public var actor: String
    public var at: Date
    public var detail: String
}
