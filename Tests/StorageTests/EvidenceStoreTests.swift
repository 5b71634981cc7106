// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import BulwarkTesting
import Testing
@testable import Storage

/// Evidence files live in the database, so that a file one node took is there for every other.
@Suite struct EvidenceStoreTests {
    @Test(arguments: TestDatabases.kinds)
    func filesAreKeptInChunksOnceAndReadBackWhole(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLEvidenceStore(database: database, chunkSize: 1000)
            let file = Data((0..<2500).map { UInt8($0 % 251) })
            try await store.write(file, id: "e1")
            #expect(try await store.read(id: "e1") == file, "three chunks, back in order")
            let chunks = try await database.read { db in
                try await db.select().column("seq").from("evidence_chunks").where("evidence_id", .equal, "e1").all(decoding: [String: Int].self)
            }
            #expect(chunks.count == 3)
            await #expect(throws: CoreError.self, "never overwritten") { try await store.write(Data("other".utf8), id: "e1") }
            #expect(try await store.read(id: "e1") == file)
            try await store.write(Data([0]), id: "e2")
            #expect(try await store.read(id: "e2") == Data([0]))
            #expect(try await store.read(id: "missing") == nil)
        }
    }

    @Test func aSecondNodeOnTheSameDatabaseReadsWhatTheFirstWrote() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-evidence-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let location = DatabaseLocation.sqlite(path: directory + "/bulwark.sqlite")
        let first = try await Database.open(location, logger: TestDatabases.logger)
        let second = try await Database.open(location, logger: TestDatabases.logger)
        try await SQLEvidenceStore(database: first).write(Data("firewall export".utf8), id: "e1")
        #expect(try await SQLEvidenceStore(database: second).read(id: "e1") == Data("firewall export".utf8))
        await first.close()
        await second.close()
    }

    /// Files kept in `DATA/evidence` by earlier versions are still served.
    @Test func filesOfTheOldEvidenceDirectoryAreStillRead() async throws {
        try await TestDatabases.with(.sqlite) { database in
            let legacy = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-legacy-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: legacy) }
            try await DirectoryEvidenceStore(directory: legacy).write(Data("old".utf8), id: "old-1")
            let store = SQLEvidenceStore(database: database, legacyDirectory: legacy)
            #expect(try await store.read(id: "old-1") == Data("old".utf8))
            try await store.write(Data("new".utf8), id: "new-1")
            #expect(!FileManager.default.fileExists(atPath: legacy + "/new-1"), "new files go to the database")
        }
    }
}
