// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Monitoring
import BulwarkTesting
import Testing
@testable import Storage

@Suite struct DetectionStoreTests {
    @Test(arguments: TestDatabases.kinds)
    func indicatorsUpsertByKindValueAndSource(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLDetectionStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let first = try await store.upsertIndicators([
                Indicator(kind: .ip, value: "203.0.113.7", source: "feed", confidence: 50, createdAt: now),
                Indicator(kind: .domain, value: "evil.example.com", source: "feed", createdAt: now),
            ])
            #expect(first == (2, 0))
            let second = try await store.upsertIndicators([
                Indicator(kind: .ip, value: "203.0.113.7", source: "feed", confidence: 90, createdAt: now),
                Indicator(kind: .ip, value: "203.0.113.7", source: "other", createdAt: now),
            ])
            #expect(second == (1, 1))
            let all = try await store.allIndicators()
            #expect(all.count == 3)
            #expect(all.first { $0.source == "feed" && $0.kind == .ip }?.confidence == 90)
            let ips = try await store.indicators(kind: .ip, text: nil, page: PageRequest(limit: 1))
            #expect(ips.items.count == 1 && ips.next != nil)
            #expect(try await store.deleteIndicator(id: all[0].id))
            #expect(try await store.indicatorCount() == 2)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func overridesExclusionsAndCheckpoint(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLDetectionStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try await store.setOverride(RuleOverride(ruleID: "r1", enabled: false, changedBy: "ann", changedAt: now))
            try await store.setOverride(RuleOverride(ruleID: "r1", enabled: true, changedBy: "bob", changedAt: now))
            #expect(try await store.overrides().map { "\($0.ruleID)=\($0.enabled) by \($0.changedBy)" } == ["r1=true by bob"])
            let exclusion = StoredExclusion(
                ruleID: nil, condition: "Computer: build-01", reason: "builds", expiresAt: nil, createdBy: "ann", createdAt: now)
            try await store.createExclusion(exclusion)
            #expect(try await store.exclusions().map(\.condition) == ["Computer: build-01"])
            #expect(try await store.deleteExclusion(id: exclusion.id))
            #expect(try await store.deleteExclusion(id: exclusion.id) == false)
            #expect(try await store.checkpoint() == nil)
            try await store.setCheckpoint(10)
            try await store.setCheckpoint(7)  // never moves back
            #expect(try await store.checkpoint() == 10)
        }
    }

    @Test(arguments: TestDatabases.kinds)
    func eventIdentifiersComeBackInOrderAndEventsAfterAnIdentifier(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let store = SQLEventStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let events = (0..<1203).map {
                Event(timestamp: now, received: now, host: "h", input: "http", raw: "line \($0)", fields: ["n": .int(Int64($0))])
            }
            let ids = try await store.append(events)
            #expect(ids.count == 1203)
            #expect(ids == ids.sorted() && Set(ids).count == 1203)
            #expect(try await store.event(id: ids[600])?.event.raw == "line 600")
            let after = try await store.events(after: ids[1199], limit: 10)
            #expect(after.map(\.event.raw) == ["line 1200", "line 1201", "line 1202"])
            #expect(try await store.lastID() == ids.last)
        }
    }
}
