// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging
@testable import Monitoring
import BulwarkTesting
import Testing
@testable import Storage

/// Retention and silent sources on a real database, with the time moved by hand.
@Suite struct MonitoringServiceTests {
    static let start = Date(timeIntervalSince1970: 1_795_924_800)

    func service(_ database: Database, clock: ManualClock, _ settings: MonitoringSettings) -> MonitoringService {
        let store = SQLEventStore(database: database)
        return MonitoringService(
            store: store, pipeline: IngestPipeline(store: store, logger: TestDatabases.logger), settings: settings,
            audit: SQLAuditLog(database: database), clock: clock, logger: TestDatabases.logger)
    }

    func events(_ count: Int, from start: Date, host: String = "h") -> [Event] {
        (0..<count).map { index in
            Event(
                timestamp: start.addingTimeInterval(Double(index) * 60), received: start, host: host, input: "syslog-tcp",
                raw: "event \(index) " + String(repeating: "padding ", count: 40), fields: ["n": .int(Int64(index))])
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func retentionByAgeThenBySize(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Self.start.addingTimeInterval(10 * 86400))
            let aged = service(database, clock: clock, MonitoringSettings(retentionAge: 7 * 86400))
            try await aged.store.append(events(100, from: Self.start))  // 10 days old
            try await aged.store.append(events(3000, from: Self.start.addingTimeInterval(8 * 86400)))  // 2 days old
            #expect(try await aged.enforceRetention() == 100)
            #expect(try await aged.store.count() == 3000)
            let bytes = try await aged.store.storageBytes()
            let sized = service(database, clock: clock, MonitoringSettings(retentionBytes: bytes / 2))
            let deleted = try await sized.enforceRetention()
            #expect(deleted > 0)
            #expect(try await sized.store.storageBytes() <= bytes / 2)
            // The oldest went first: what is left is the newest.
            let left = try await sized.store.search(try EventQuery(""), limit: 1, cursor: nil)
            #expect(left.total == 3000 - deleted)
            #expect(left.events.first?.event.fields["n"] == .int(2999))
            let audit = try await SQLAuditLog(database: database).list(AuditQuery(actionPrefix: "events.retention"), page: PageRequest(limit: 10))
            #expect(audit.items.count == 2)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func aSilentSourceIsNotifiedOnce(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Date())
            let monitoring = service(database, clock: clock, MonitoringSettings(sourceSilence: 3600))
            try await monitoring.store.append(events(1, from: Date(), host: "quiet") + events(1, from: Date(), host: "chatty"))
            #expect(try await monitoring.checkSilentSources().isEmpty)
            clock.advance(by: 2 * 3600)
            try await monitoring.store.append([
                Event(timestamp: clock.now(), received: clock.now().addingTimeInterval(0), host: "chatty", input: "syslog-tcp", raw: "x", fields: [:])
            ])
            let silent = try await monitoring.checkSilentSources()
            #expect(silent.map(\.host).contains("quiet"))
            #expect(try await monitoring.checkSilentSources().isEmpty, "notified once, not every minute")
            let audit = try await SQLAuditLog(database: database).list(AuditQuery(actionPrefix: "events.source_silent"), page: PageRequest(limit: 10))
            #expect(audit.items.map(\.target).contains("source:syslog-tcp/quiet"))
            #expect(audit.items.allSatisfy { $0.outcome == .failure })
        }
    }

    @Test func histogramBucketsStartOnTheClock() {
        let at = Date(timeIntervalSince1970: 1_796_194_397)  // Wednesday 2026-12-02 06:53:17 UTC
        func aligned(_ interval: TimeInterval) -> String { Timestamp.format(MonitoringService.alignedStart(at, interval: interval)) }
        #expect(aligned(300).hasPrefix("2026-12-02T06:50:00"))
        #expect(aligned(3600).hasPrefix("2026-12-02T06:00:00"))
        #expect(aligned(86_400).hasPrefix("2026-12-02T00:00:00"))
        #expect(aligned(604_800).hasPrefix("2026-11-30T00:00:00"), "a week starts on Monday")
        #expect(MonitoringService.alignedStart(at, interval: 0.5) == at)
    }

    @Test func fieldStatisticsCountTheTopValuesOfTheSample() {
        let now = Date()
        var events: [StoredEvent] = []
        for index in 0..<10 {
            let ip: FieldValue = .string(index < 6 ? "10.0.0.1" : "10.0.0.\(index)")
            let user: FieldValue = .string(index % 2 == 0 ? "ann" : "")
            let fields: [String: FieldValue] = ["host.name": .string("h"), "source.ip": ip, "message": .string("m \(index)"), "user.name": user]
            events.append(
                StoredEvent(id: Int64(index), event: Event(timestamp: now, received: now, host: "h", input: "test", raw: "", fields: fields)))
        }
        let statistics = FieldStatistics(events, valuesPerField: 3)
        #expect(statistics.sampled == 10)
        #expect(statistics.fields.map { $0.name } == ["host.name", "source.ip", "user.name"], "by presence; the message is free text")
        let ip = statistics.fields[1]
        #expect(ip.present == 10 && ip.values.count == 3 && ip.values[0].value == "10.0.0.1" && ip.values[0].count == 6)
        #expect(statistics.fields[2].present == 5, "an empty value is no value")
    }
}
