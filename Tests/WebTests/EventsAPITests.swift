// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Monitoring
import BulwarkTesting
import Testing

/// The ingest endpoints answer as their protocols do, after committing; search finds what they stored.
@Suite struct EventsAPITests {
    func ingestToken(_ harness: Harness) async throws -> String {
        let user = try await harness.user(.engineer)
        return try await harness.platform.foundation.auth.createToken(
            username: user.username, name: "shipper", scopes: [.ingest, .read], expiresInDays: 1, by: .system
        ).secret
    }

    @Test func ingestSearchAndErrors() async throws {
        try await Harness.with { harness in
            let token = try await ingestToken(harness)
            try await harness.test { client in
                let body =
                    "{\"message\":\"Failed password for root from 10.0.0.5 port 22 ssh2\",\"program\":\"sshd\",\"host\":\"web-01\"}\nbroken\n\"<38>Nov 28 22:00:00 db-01 sudo: bob : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/bin/sh\"\n"
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["accepted"] as? Int == 2)
                    #expect(response.json["rejected"] as? Int == 1)
                    #expect((response.json["errors"] as? [[String: Any]])?.first?["line"] as? Int == 2)
                }
                // Acknowledged means stored: searchable at once.
                try await client.execute(
                    uri: "/api/v1/events?q=process.name:sshd%20AND%20event.outcome:failure", method: .get, headers: .bearer(token)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["total"] as? Int == 1)
                    let event = (response.json["events"] as? [[String: Any]])?.first
                    #expect((event?["fields"] as? [String: Any])?["source.ip"] as? String == "10.0.0.5")
                    #expect(event?["host"] as? String == "web-01")
                }
                try await client.execute(uri: "/api/v1/events?q=user.name:bob+AND+sudo", method: .get, headers: .bearer(token)) { response in
                    #expect(response.json["total"] as? Int == 1, "+ is a space, as forms send it")
                }
                try await client.execute(uri: "/api/v1/events?q=(sshd", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("position 1"))
                }
                try await client.execute(uri: "/api/v1/events?from=yesterday", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.text.contains("from"))
                }
                try await client.execute(uri: "/api/v1/event-sources", method: .get, headers: .bearer(token)) { response in
                    let hosts = (response.json["sources"] as? [[String: Any]])?.compactMap { $0["host"] as? String }
                    #expect(Set(hosts ?? []) == ["web-01", "db-01"])
                }
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: [.authorization: "Bearer \(token)", .contentEncoding: "br"],
                    body: ByteBuffer(string: "{}")
                ) { response in
                    #expect(response.status == .unsupportedMediaType)
                }
            }
        }
    }

    @Test func gzipBodies() async throws {
        try await Harness.with { harness in
            let token = try await ingestToken(harness)
            let lines = (0..<500).map { "{\"message\":\"compressed \($0)\"}" }.joined(separator: "\n")
            let compressed = try DecoderFixtures.gzip(Array(lines.utf8))
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: [.authorization: "Bearer \(token)", .contentEncoding: "gzip"],
                    body: ByteBuffer(bytes: compressed)
                ) { response in
                    #expect(response.json["accepted"] as? Int == 500)
                }
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: [.authorization: "Bearer \(token)", .contentEncoding: "gzip"],
                    body: ByteBuffer(bytes: compressed.prefix(40))
                ) { response in
                    #expect(response.status == .badRequest)
                }
            }
            #expect(try await harness.platform.monitoring.events.count() == 500)
        }
    }

    @Test func elasticsearchBulkAndCredentialsShippersSend() async throws {
        try await Harness.with { harness in
            let token = try await ingestToken(harness)
            let body =
                "{\"index\":{\"_index\":\"filebeat-8\"}}\n{\"message\":\"one\",\"host\":{\"name\":\"fb\"}}\n{\"create\":{}}\n{\"message\":\"two\"}\n{\"delete\":{\"_id\":\"1\"}}\n"
            let basic = "Basic " + Data("elastic:\(token)".utf8).base64EncodedString()
            try await harness.test { client in
                for authorization in [basic, "ApiKey \(token)", "Bearer \(token)"] {
                    try await client.execute(
                        uri: "/logs-x/_bulk", method: .post, headers: [.authorization: authorization, .contentType: "application/x-ndjson"],
                        body: ByteBuffer(string: body)
                    ) { response in
                        #expect(response.status == .ok)
                        let items = response.json["items"] as? [[String: [String: Any]]] ?? []
                        #expect(items.compactMap { $0.values.first?["status"] as? Int } == [201, 201, 400])
                        #expect(items[1]["create"]?["_index"] as? String == "logs-x")
                        #expect(response.json["errors"] as? Bool == true)
                    }
                }
                try await client.execute(uri: "/_bulk", method: .post, headers: [.authorization: basic], body: ByteBuffer(string: "garbage\n")) {
                    response in
                    #expect(response.status == .badRequest)
                    #expect((response.json["error"] as? [String: Any])?["type"] as? String == "illegal_argument_exception")
                }
                try await client.execute(
                    uri: "/_bulk", method: .post, headers: [.authorization: "Basic " + Data("elastic:wrong".utf8).base64EncodedString()],
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            #expect(try await harness.platform.monitoring.events.count() == 6)
        }
    }

    @Test func splunkHEC() async throws {
        try await Harness.with { harness in
            let token = try await ingestToken(harness)
            try await harness.test { client in
                let events = #"{"event":"one","host":"hec-1","time":1764367200}{"event":{"message":"two"},"sourcetype":"json"}"#
                try await client.execute(
                    uri: "/services/collector/event", method: .post, headers: [.authorization: "Splunk \(token)"], body: ByteBuffer(string: events)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["code"] as? Int == 0)
                }
                try await client.execute(
                    uri: "/services/collector", method: .post, headers: [.authorization: "Splunk \(token)"],
                    body: ByteBuffer(string: #"{"event":"ok"}{"nope":1}"#)
                ) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.json["code"] as? Int == 12)
                    #expect(response.json["invalid-event-number"] as? Int == 1)
                }
                try await client.execute(
                    uri: "/services/collector/raw?host=raw-1", method: .post, headers: [.authorization: "Splunk \(token)"],
                    body: ByteBuffer(string: "line a\nline b\n")
                ) { response in
                    #expect(response.json["text"] as? String == "Success")
                }
                try await client.execute(uri: "/services/collector/health", method: .get) { response in
                    #expect(response.json["code"] as? Int == 17)
                }
            }
            // A batch answered 400 stores nothing (the shipper resends it whole; keeping its good event would duplicate it).
            let stored = try await harness.platform.monitoring.events.search(try EventQuery(""), limit: 100, cursor: nil)
            #expect(stored.total == 4)
            #expect(!stored.events.contains { $0.event.raw == "ok" })
            #expect(stored.events.filter { $0.event.host == "raw-1" }.count == 2)
        }
    }

    @Test func searchPageRendersHistogramAndFilterLinks() async throws {
        try await Harness.with { harness in
            let token = try await ingestToken(harness)
            let analyst = try await harness.token(.analyst)
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(token),
                    body: ByteBuffer(string: "{\"message\":\"<script>alert(1)</script>\",\"user\":\"x\\\"y\"}\n")
                ) { #expect($0.status == .ok) }
                try await client.execute(uri: "/monitoring?q=script&range=24h", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("<svg"))
                    #expect(!response.text.contains("<script>alert"), "event text is escaped")
                    #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
                    #expect(response.text.contains("user.name%3A%22x%5C%22y%22"), "click-to-filter quotes and escapes the value")
                }
                try await client.execute(uri: "/monitoring?q=a%20OR", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.text.contains("Query error at position"))
                }
                try await client.execute(uri: "/monitoring/sources", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("Active"))
                }
            }
        }
    }
}

enum DecoderFixtures {
    /// gzip from the system's tool.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-gz-\(UUID().uuidString)")
        try Data(bytes).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", input.path]
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: input.path + ".gz") }
        return Array(try Data(contentsOf: URL(fileURLWithPath: input.path + ".gz")))
    }
}

@Suite struct ElasticsearchClientTests {
    /// Filebeat, Logstash and Vector ask `GET /` for the version and check the product header before they send.
    @Test func rootAnswersElasticsearchClientsAndStillServesBrowsers() async throws {
        try await Harness.with { harness in
            let user = try await harness.user(.engineer)
            let token = try await harness.platform.foundation.auth.createToken(
                username: user.username, name: "fb", scopes: [.ingest], expiresInDays: 1, by: .system
            ).secret
            try await harness.test { client in
                try await client.execute(
                    uri: "/", method: .get, headers: [.authorization: "Basic " + Data("elastic:\(token)".utf8).base64EncodedString()]
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("X-Elastic-Product")!] == "Elasticsearch")
                    #expect((response.json["version"] as? [String: Any])?["number"] as? String == "8.11.0")
                }
                try await client.execute(uri: "/", method: .get, headers: [.authorization: "Bearer bwk_nonsense"]) {
                    #expect($0.status == .unauthorized)
                }
                try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html"]) { response in
                    #expect(response.status == .seeOther, "a browser without a session is sent to sign in")
                }
            }
        }
    }
}

@Suite struct IngestBackPressureTests {
    /// A full queue is answered at once with the status each protocol's clients retry on, and `Retry-After`.
    @Test func aFullQueueIsRefusedWithRetryAfter() async throws {
        try await Harness.with(queueCapacity: 10, startPipeline: false) { harness in
            let user = try await harness.user(.engineer)
            let token = try await harness.platform.foundation.auth.createToken(
                username: user.username, name: "s", scopes: [.ingest], expiresInDays: 1, by: .system
            ).secret
            let ten = (0..<10).map { "{\"message\":\"m\($0)\"}" }.joined(separator: "\n")
            try await harness.test { client in
                async let first: HTTPResponse.Status = client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: ten)
                ) { $0.status }
                while await harness.monitoring.pipeline.depth < 10 { try await Task.sleep(for: .milliseconds(5)) }
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: "{\"message\":\"x\"}")
                ) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.headers[.retryAfter] == "1")
                    #expect(response.errorCode == "overloaded")
                }
                try await client.execute(
                    uri: "/_bulk", method: .post, headers: .bearer(token), body: ByteBuffer(string: "{\"index\":{\"_index\":\"a\"}}\n{\"m\":1}\n")
                ) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.retryAfter] != nil)
                }
                try await client.execute(
                    uri: "/services/collector/event", method: .post, headers: [.authorization: "Splunk \(token)"],
                    body: ByteBuffer(string: "{\"event\":\"x\"}")
                ) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(response.json["code"] as? Int == 9)
                }
                // The writer starts: the first request, which waited, is answered once its events are committed.
                let writer = Task { await harness.monitoring.pipeline.run() }
                #expect(try await first == .ok)
                await harness.monitoring.pipeline.shutdown()
                await writer.value
            }
            #expect(try await harness.platform.monitoring.events.count() == 10)
        }
    }
}

@Suite struct AssetEventsLinkTests {
    /// An asset's page links to the search for its events, by name, hostname or address.
    @Test func assetPageLinksToItsEvents() async throws {
        try await Harness.with { harness in
            let engineer = try await harness.user(.engineer)
            let token = try await harness.platform.foundation.auth.createToken(
                username: engineer.username, name: "s", scopes: [.admin], expiresInDays: 1, by: .system
            ).secret
            let asset = try await harness.platform.foundation.inventory.createAsset(
                Asset(name: "web-9", hostnames: ["www9.example.com"], ips: ["192.0.2.9"], createdAt: harness.clock.now()),
                by: InventoryService.Actor(username: "test", source: "test"))
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(token),
                    body: ByteBuffer(string: "{\"message\":\"a\",\"host\":\"www9.example.com\"}\n{\"message\":\"b\",\"host\":\"other\"}\n")
                ) { #expect($0.status == .ok) }
                let page = try await client.execute(uri: "/assets/\(asset.id)", method: .get, headers: .bearer(token)) { $0.text }
                let href = try #require(page.firstMatch(of: /href="(\/monitoring\?[^"]+)">Search this asset/)).output.1
                let link = String(href).replacingOccurrences(of: "&amp;", with: "&")
                try await client.execute(uri: link, method: .get, headers: .bearer(token)) { response in
                    #expect(response.text.contains("<strong>1</strong> event matches"))
                }
            }
        }
    }

    @Test func searchResultsExportAsNDJSONAndCSVWithTheColumnsAsked() async throws {
        try await Harness.with { harness in
            let token = try await EventsAPITests().ingestToken(harness)
            let analyst = try await harness.token(.analyst)
            try await harness.test { client in
                let lines = (0..<7).map { #"{"message":"export \#($0)","host":"web-\#($0 % 2)","user":{"name":"=cmd"}}"# }.joined(separator: "\n")
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: lines + "\n")) {
                    #expect($0.status == .ok)
                }
                try await client.execute(uri: "/api/v1/events/export?q=export&from=now-1h", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "application/x-ndjson")
                    let rows = response.text.split(separator: "\n")
                    #expect(rows.count == 7)
                    let first = try JSONSerialization.jsonObject(with: Data(rows[0].utf8)) as? [String: Any]
                    #expect((first?["fields"] as? [String: Any])?["message"] as? String == "export 6", "newest first")
                }
                let uri = "/api/v1/events/export?q=export%20AND%20host.name:web-1&format=csv&fields=host.name,user.name,message"
                try await client.execute(uri: uri, method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                    #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"bulwark-events-") == true)
                    let rows = response.text.split(separator: "\r\n").map(String.init)
                    #expect(rows.first == "host.name,user.name,message")
                    #expect(rows.count == 4 && rows[1] == "web-1,'=cmd,export 5", "a formula is defused: \(rows)")
                }
                let bad = try await client.execute(uri: "/api/v1/events/export?format=xml", method: .get, headers: .bearer(analyst)) { $0.status }
                #expect(bad == .badRequest)
            }
        }
    }

    @Test func savedSearchesAreEachUsersOwnUnlessSharedAndOnlyTheOwnerDeletesThem() async throws {
        try await Harness.with { harness in
            let ann = try await harness.token(.analyst, username: "ann")
            let bob = try await harness.token(.analyst, username: "bob")
            try await harness.test { client in
                func post(_ token: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                    try await client.execute(uri: "/api/v1/saved-searches", method: .post, headers: .json(token), body: ByteBuffer(string: body)) {
                        ($0.status, $0.json)
                    }
                }
                func names(_ token: String) async throws -> [String] {
                    try await client.execute(uri: "/api/v1/saved-searches", method: .get, headers: .bearer(token)) {
                        (($0.json["searches"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                    }
                }
                let mine = try await post(ann, #"{"name":"Failed SSH","query":"process.name:sshd AND event.outcome:failure","range":"7d"}"#)
                #expect(mine.0 == .created && mine.1["owner"] as? String == "ann" && mine.1["shared"] as? Bool == false)
                let team = try await post(ann, #"{"name":"C2","query":"destination.ip:203.0.113.66","shared":true}"#)
                #expect(team.0 == .created && team.1["range"] as? String == "24h")
                let bad = try await post(ann, #"{"name":"Broken","query":"a AND (b"}"#)
                #expect(bad.0 == .unprocessableContent, "a query that does not parse is not saved")
                #expect(try await names(ann) == ["C2", "Failed SSH"])
                #expect(try await names(bob) == ["C2"], "another user sees only the shared one")
                let again = try await post(ann, #"{"name":"Failed SSH","query":"event.outcome:failure","range":"24h"}"#)
                #expect(again.1["id"] as? String == mine.1["id"] as? String, "the same name replaces the search")
                let id = try #require(team.1["id"] as? String)
                let refused = try await client.execute(uri: "/api/v1/saved-searches/\(id)", method: .delete, headers: .bearer(bob)) { $0.status }
                #expect(refused == .notFound, "not bob's to delete")
                let deleted = try await client.execute(uri: "/api/v1/saved-searches/\(id)", method: .delete, headers: .bearer(ann)) { $0.status }
                #expect(deleted == .noContent)
                #expect(try await names(bob).isEmpty)
            }
        }
    }
}
