// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import SQLKit

/// Evidence files in the database (`evidence_chunks`), written in one transaction, so that a file uploaded to one
/// node is there for every other. Files kept by earlier versions in `DATA/evidence` are still read from there.
public struct SQLEvidenceStore: EvidenceStore {
    let database: Database
    let chunkSize: Int
    /// Where versions before the database store kept files (read only).
    let legacy: DirectoryEvidenceStore?

    public init(database: Database, chunkSize: Int = 4 << 20, legacyDirectory: String? = nil) {
        self.database = database
        self.chunkSize = chunkSize
        legacy = legacyDirectory.map { DirectoryEvidenceStore(directory: $0) }
    }

    public func write(_ data: Data, id: String) async throws {
        let size = chunkSize
        try await database.transaction { db in
            let existing = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("evidence_chunks")
                .where("evidence_id", .equal, id).first(decoding: Count.self)
            guard (existing?.n ?? 0) == 0 else { throw CoreError.conflict("evidence \(id) exists") }
            var offset = 0
            var seq = 0
            repeat {
                let end = min(offset + size, data.count)
                try await db.insert(into: "evidence_chunks").columns("evidence_id", "seq", "data")
                    .values(SQLBind(id), SQLBind(seq), SQLBind(Data(data[data.startIndex + offset..<data.startIndex + end]))).run()
                offset = end
                seq += 1
            } while offset < data.count
        }
    }

    public func read(id: String) async throws -> Data? {
        let chunks = try await database.read { db in
            try await db.select().column("data").from("evidence_chunks").where("evidence_id", .equal, id).orderBy("seq")
                .all(decoding: Chunk.self)
        }
        if chunks.isEmpty { return try await legacy?.read(id: id) }
        return chunks.reduce(into: Data()) { $0.append($1.data) }
    }

    private struct Count: Decodable { var n: Int }
    private struct Chunk: Decodable { var data: Data }
}

/// Evidence files in a directory (`--evidence-dir`; every node must mount the same one): written once under a
/// temporary name, then moved; mode 0600, never overwritten.
public struct DirectoryEvidenceStore: EvidenceStore {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func path(of id: String) -> String { (directory as NSString).appendingPathComponent(id) }

    public func write(_ data: Data, id: String) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let final = path(of: id)
        guard !FileManager.default.fileExists(atPath: final) else { throw CoreError.conflict("evidence \(id) exists") }
        let temporary = final + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CoreError.conflict("evidence could not be written to \(directory)")
        }
        try FileManager.default.moveItem(atPath: temporary, toPath: final)
    }

    public func read(id: String) async throws -> Data? {
        FileManager.default.contents(atPath: path(of: id))
    }
}
