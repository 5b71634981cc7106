// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Testing
@testable import Monitoring

@Suite struct DecoderTests {
    let received = Date(timeIntervalSince1970: 1_795_924_800)

    @Test func ndjsonRejectsBadLinesAlone() throws {
        let body = Array(
            "{\"message\":\"a\"}\n\nnot json\n\"<13>Nov 28 22:00:00 h sshd[1]: Invalid user x from 192.0.2.1\"\n42\n{\"message\":\"b\"}".utf8)
        let (events, rejected) = try IngestDecoder(normaliser: Normaliser()).decode(body, input: "http", received: received)
        #expect(events.map { $0.fields["message"]?.text } == ["a", "Invalid user x from 192.0.2.1", "b"])
        #expect(events[1].fields["event.action"] == .string("ssh_invalid_user"))
        #expect(rejected.map(\.line) == [3, 5])
    }

    @Test func jsonArray() throws {
        let body = Array("[{\"message\":\"a\"}, 7, \"plain\"]".utf8)
        let (events, rejected) = try IngestDecoder(normaliser: Normaliser()).decode(body, input: "http", received: received)
        #expect(events.count == 2)
        #expect(rejected == [IngestRejection(line: 2, message: "expected a JSON object (or a string holding a log line)")])
        #expect(throws: IngestDecoder.BodyError.self) {
            try IngestDecoder(normaliser: Normaliser()).decode(Array("[{".utf8), input: "http", received: received)
        }
    }

    @Test func elasticBulk() throws {
        let body = Array(
            """
            {"index":{"_index":"logs","_id":"x1"}}
            {"message":"one","host":{"name":"h1"}}
            {"create":{}}
            not json
            {"delete":{"_index":"logs","_id":"x1"}}
            {"create":{"_index":"other"}}
            {"message":"two"}

            """.utf8)
        var counter = 0
        let (events, items) = try ElasticBulkDecoder(normaliser: Normaliser()).decode(
            body, defaultIndex: "default", received: received,
            newID: {
                counter += 1; return "g\(counter)"
            })
        #expect(events.map(\.host) == ["h1", ""])
        #expect(items.map(\.status) == [201, 400, 400, 201])
        #expect(items.map(\.index) == ["logs", "default", "logs", "other"])
        #expect(items[0].id == "x1")
        #expect(events[1].fields["data_stream.dataset"] == .string("other"))
        #expect(throws: ElasticBulkDecoder.BodyError.self) {
            try ElasticBulkDecoder(normaliser: Normaliser()).decode(Array("nonsense\n".utf8), defaultIndex: nil, received: received, newID: { "" })
        }
    }

    @Test func splunkHEC() {
        let body = Array(
            #"{"event":"hello","host":"h","time":1764367200.25,"sourcetype":"st","fields":{"env":"prod"}}{"event":{"msg":"obj"}}  {"nope":1} xx {"event":""}"#
                .utf8)
        let (events, failure) = SplunkHECDecoder(normaliser: Normaliser()).decodeEvents(body, received: received)
        #expect(events.count == 2)
        #expect(events[0].host == "h")
        #expect(Timestamp.format(events[0].timestamp) == "2025-11-28T22:00:00.250Z")
        #expect(events[0].fields["env"] == .string("prod"))
        #expect(events[1].fields["message"] == .string("obj"))
        #expect(failure == SplunkHECDecoder.Failure(code: 12, text: "Event field is required", invalidEventNumber: 2))
        #expect(SplunkHECDecoder(normaliser: Normaliser()).decodeEvents([], received: received).failure?.code == 5)
    }

    @Test func gzipRoundTripAndLimit() throws {
        let text = String(repeating: "line of log\n", count: 10_000)
        let compressed = try gzip(Array(text.utf8))
        #expect(Gunzip.isGzip(compressed))
        #expect(try Gunzip.decompress(compressed) == Array(text.utf8))
        #expect(throws: Gunzip.Failure.tooLarge(1000)) { try Gunzip.decompress(compressed, limit: 1000) }
        #expect(throws: Gunzip.Failure.self) { try Gunzip.decompress(Array(compressed.prefix(compressed.count / 2))) }
        // Two members, as `cat a.gz b.gz` makes.
        #expect(try Gunzip.decompress(compressed + compressed).count == text.utf8.count * 2)
    }

    /// gzip from the system's own tool, so the test does not trust our code twice.
    func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-gz-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-k", "-f", input.path]
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: input); try? FileManager.default.removeItem(atPath: input.path + ".gz") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: input.path + ".gz")))
    }
}
