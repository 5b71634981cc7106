// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Monitoring
import BulwarkTesting
import Testing
@testable import Storage

/// The event store on every database: what it stores comes back, and every search means in SQL what it means in
/// memory (``QueryMatcher``), so the SQL translation cannot drift from the documented language.
@Suite struct EventStoreTests {
    static let base = Date(timeIntervalSince1970: 1_795_924_800)

    static var sample: [Event] {
        let normaliser = Normaliser()
        let lines = [
            "<38>Nov 28 22:10:01 web-01 sshd[2211]: Failed password for root from 10.0.0.5 port 4242 ssh2",
            "<38>Nov 28 22:10:02 web-01 sshd[2211]: Failed password for invalid user admin from 203.0.113.7 port 40022 ssh2",
            "<38>Nov 28 22:10:03 web-02 sshd[99]: Accepted publickey for alice from 192.0.2.10 port 51522 ssh2",
            "<85>Nov 28 22:11:00 db-01 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id",
            "203.0.113.9 - - [28/Nov/2026:22:14:00 +0000] \"GET /wp-login.php HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"",
            "<134>Nov 28 22:15:00 fw-01 kernel: action=drop src=198.51.100.1 dst=10.0.0.8 spt=51000 dpt=22 proto=TCP",
            #"{"EventID":4625,"Channel":"Security","Computer":"DC01","TimeCreated_SystemTime":"2026-11-28T22:16:00Z","TargetUserName":"Administrator","IpAddress":"10.0.2.17","LogonType":3}"#,
            #"{"message":"ünïcode and 100% _under_score","tags":["a","b"],"ok":true,"ratio":0.5,"code":"4625"}"#,
            "plain words without structure",
        ]
        return lines.enumerated().map { index, line in
            normaliser.line(line, input: index % 2 == 0 ? "syslog-udp" : "http", received: base.addingTimeInterval(Double(index)))
        }
    }

    static let queries = [
        "", "failed", "FAILED password", "\"password for\"", "\"for password\"", "pass*", "*ogin.ph*", "10.0.0.5", "alice",
        "process.name:sshd", "process.name:SSH*", "user.name:root OR user.name:alice", "event.outcome:failure AND NOT user.name:admin",
        "source.port>40000", "source.port<=4242", "http.response.status_code>=400", "destination.port:22", "dpt>21",
        "host.name:web-01", "host.name:web*", "event.input:http", "tags:b", "ok:true", "ratio<1", "code>4000", "code:4625",
        "user.name:*", "missing.field:*", "-user.name:*", "(sshd OR sudo) AND alice", "\"100% _under\"", "*100!%*", "*_under_*",
        "@timestamp>=2026-11-28T22:11:00Z", "winlog.logon.type:3", "EventID:4625", "ünïcode",
        "NOT user.name:ro*", "-tags:a", "NOT ok:true", "NOT event.category:auth*", "NOT source.port>100",
    ]

    @Test(arguments: TestDatabases.kinds)
    func searchAgreesWithTheMatcher(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLEventStore(database: database)
            let events = Self.sample
            try await store.append(events)
            for text in Self.queries {
                let query = try EventQuery(text, now: Self.base)
                let expected = events.filter { QueryMatcher.matches(query.node, $0) }.map(\.raw)
                let result = try await store.search(query, limit: 500, cursor: nil)
                #expect(result.total == expected.count, "\(kind) \(text): total")
                #expect(Set(result.events.map(\.event.raw)) == Set(expected), "\(kind) \(text)")
            }
        }
    }

    /// A search past its time limit is stopped, whatever it asks (a deadline already passed stops it at its first row);
    /// the connection is usable afterwards.
    @Test func aSearchPastItsTimeLimitIsStopped() async throws {
        try await TestDatabases.with(.sqlite) { database in
            try await SQLEventStore(database: database).append(Self.sample)
            let late = SQLEventStore(database: database, searchTimeout: -1)
            for text in ["*ogin.ph*", "failed", "user.name:root", ""] {
                await #expect(throws: EventSearchTimedOut(seconds: -1), "\(text)") {
                    _ = try await late.search(try EventQuery(text, now: Self.base), limit: 10, cursor: nil)
                }
            }
            await #expect(throws: EventSearchTimedOut.self) {
                _ = try await late.histogram(
                    try EventQuery("", from: Self.base.addingTimeInterval(-60), now: Self.base), interval: 60,
                    origin: Self.base.addingTimeInterval(-60))
            }
            let result = try await SQLEventStore(database: database).search(try EventQuery("failed", now: Self.base), limit: 10, cursor: nil)
            #expect(result.total == 2)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func storedEventsComeBackWholeNewestFirstByCursor(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLEventStore(database: database)
            let events = Self.sample
            try await store.append(events)
            var seen: [StoredEvent] = []
            var cursor: String?
            repeat {
                let page = try await store.search(try EventQuery(""), limit: 4, cursor: cursor)
                #expect(page.total == events.count)
                seen += page.events
                cursor = page.next
            } while cursor != nil
            #expect(seen.count == events.count)
            #expect(seen.map(\.event.timestamp) == seen.map(\.event.timestamp).sorted(by: >))
            for stored in seen {
                let original = events.first { $0.raw == stored.event.raw }!
                #expect(stored.event.fields == original.fields)
                #expect(stored.event.host == original.host)
                #expect(abs(stored.event.timestamp.timeIntervalSince(original.timestamp)) < 0.001)
                #expect(try await store.event(id: stored.id)?.event.raw == original.raw)
            }
            await #expect(throws: (any Error).self) { try await store.search(try EventQuery(""), limit: 4, cursor: "garbage") }
            if kind == .sqlite {
                // The JSONB that Bulwark writes itself is what SQLite's strict check accepts.
                let valid = try await database.read {
                    try await $0.raw("SELECT COUNT(*) AS n FROM events WHERE json_valid(fields, 8)").first()?.decode(column: "n", as: Int.self)
                }
                #expect(valid == events.count)
            }
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func timeRangeHistogramSourcesAndPurge(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLEventStore(database: database)
            let events = (0..<120).map { (index: Int) -> Event in
                let at = Self.base.addingTimeInterval(Double(index) * 60)
                return Event(
                    timestamp: at, received: at, host: index % 3 == 0 ? "a" : "b",
                    input: "syslog-tcp", raw: "event \(index)", fields: ["n": .int(Int64(index))])
            }
            try await store.append(events)
            let hour = try EventQuery("", from: Self.base, to: Self.base.addingTimeInterval(3600))
            #expect(try await store.search(hour, limit: 1, cursor: nil).total == 60)
            let histogram = try await store.histogram(hour, interval: 600, origin: Self.base)
            #expect(histogram.map(\.count) == [10, 10, 10, 10, 10, 10])
            #expect(histogram.first?.start == Self.base)
            // Buckets from an earlier origin: the range's events only, in the buckets that hold them.
            let shifted = try await store.histogram(
                try EventQuery("", from: Self.base.addingTimeInterval(300), to: Self.base.addingTimeInterval(1500)), interval: 600, origin: Self.base)
            #expect(shifted.map(\.count) == [5, 10, 5] && shifted.first?.start == Self.base)
            let sources = try await store.sources()
            #expect(Set(sources.map(\.host)) == ["a", "b"])
            #expect(sources.map(\.events).reduce(0, +) == 120)
            let silent = try await store.markSilentSources(lastSeenBefore: Date().addingTimeInterval(60), now: Date())
            #expect(silent.count == 2)
            for source in silent {
                #expect(source.silentSince == source.lastSeen, "silent since its last event, not since the check")
            }
            #expect(silent.first { $0.host == "a" }?.lastSeen == Self.base.addingTimeInterval(117 * 60))
            #expect(silent.first { $0.host == "a" }?.averagePerDay == 40, "40 events within a day")
            #expect(try await store.markSilentSources(lastSeenBefore: Date().addingTimeInterval(60), now: Date()).isEmpty, "notified once")
            try await store.append([
                Event(timestamp: Self.base.addingTimeInterval(86400), received: Date(), host: "a", input: "syslog-tcp", raw: "back", fields: [:])
            ])
            #expect(try await store.sources().first { $0.host == "a" }?.silentSince == nil, "a source that sends again is active")
            #expect(try await store.purge(before: Self.base.addingTimeInterval(30 * 60)) == 30)
            #expect(try await store.count() == 91)
            #expect(try await store.purgeOldest(11) == 11)
            #expect(try await store.search(try EventQuery("event"), limit: 1, cursor: nil).total == 79, "the full-text index forgets purged events")
            #expect(try await store.storageBytes() > 0)
        }
    }
}
