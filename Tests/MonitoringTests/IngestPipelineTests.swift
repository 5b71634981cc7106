// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Testing
@testable import Monitoring

/// An event store in memory that can be held shut, to test queueing.
actor MemoryEventStore: EventStore {
    var events: [Event] = []
    var batches: [Int] = []
    var gate: CheckedContinuation<Void, Never>?
    var closed = false
    var failures = 0

    func hold() { closed = true }
    func release() { closed = false; gate?.resume(); gate = nil }
    func failNext(_ count: Int) { failures = count }

    func append(_ batch: [Event]) async throws -> [Int64] {
        if closed { await withCheckedContinuation { gate = $0 } }
        if failures > 0 { failures -= 1; throw CancellationError() }
        let first = Int64(events.count) + 1
        events += batch
        batches.append(batch.count)
        return (0..<Int64(batch.count)).map { first + $0 }
    }
    func events(after id: Int64, limit: Int) async throws -> [StoredEvent] {
        events.enumerated().filter { Int64($0.offset) + 1 > id }.prefix(limit).map { StoredEvent(id: Int64($0.offset) + 1, event: $0.element) }
    }
    func lastID() async throws -> Int64 { Int64(events.count) }
    func search(_ query: EventQuery, limit: Int, cursor: String?) async throws -> EventSearchResult {
        let matched = events.filter { QueryMatcher.matches(query.node, $0) }
        return EventSearchResult(total: matched.count, events: [], next: nil)
    }
    func histogram(_ query: EventQuery, interval: TimeInterval, origin: Date) async throws -> [HistogramBucket] { [] }
    func event(id: Int64) async throws -> StoredEvent? { nil }
    func sources() async throws -> [EventSource] { [] }
    func markSilentSources(lastSeenBefore cutoff: Date, now: Date) async throws -> [EventSource] { [] }
    func purge(before date: Date) async throws -> Int { 0 }
    func purgeOldest(_ count: Int) async throws -> Int { 0 }
    func storageBytes() async throws -> Int64 { 0 }
    func count() async throws -> Int { events.count }
}

@Suite struct IngestPipelineTests {
    func events(_ count: Int, _ tag: String = "e") -> [Event] {
        (0..<count).map { Event(timestamp: Date(), received: Date(), host: "h", input: "test", raw: "\(tag)\($0)", fields: [:]) }
    }

    @Test func submitReturnsAfterCommitAndBatchesConcurrentCallers() async throws {
        let store = MemoryEventStore()
        let pipeline = IngestPipeline(store: store, capacity: 1000, batchSize: 100, logger: Logger(label: "t"))
        let writer = Task { await pipeline.run() }
        await store.hold()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<10 { group.addTask { try await pipeline.submit(self.events(10, "c\(index)-")) } }
            try await Task.sleep(for: .milliseconds(100))
            #expect(await store.events.isEmpty, "nothing is acknowledged before the store commits")
            await store.release()
            try await group.waitForAll()
        }
        #expect(await store.events.count == 100)
        #expect(await store.batches.count < 10, "concurrent calls share transactions")
        await pipeline.shutdown()
        await writer.value
    }

    @Test func fullQueueRefusesSubmitAndDropsOffers() async throws {
        let store = MemoryEventStore()
        let pipeline = IngestPipeline(store: store, capacity: 50, batchSize: 10, logger: Logger(label: "t"))
        let writer = Task { await pipeline.run() }
        await store.hold()
        await pipeline.enqueue(events(40))
        #expect(await pipeline.offer(events(20), input: "syslog-udp") == false)
        await #expect(throws: IngestError.overloaded(retryAfter: 1)) { try await pipeline.submit(self.events(20)) }
        // enqueue waits for room instead of failing.
        let waiter = Task { await pipeline.enqueue(self.events(20, "late")) }
        try await Task.sleep(for: .milliseconds(50))
        await store.release()
        await waiter.value
        await pipeline.shutdown()
        await writer.value
        #expect(await store.events.count == 60)
    }

    @Test func shutdownDrainsEverythingQueued() async throws {
        let store = MemoryEventStore()
        let pipeline = IngestPipeline(store: store, capacity: 100_000, batchSize: 1000, logger: Logger(label: "t"))
        await store.hold()
        let writer = Task { await pipeline.run() }
        for _ in 0..<20 { await pipeline.enqueue(events(500)) }
        await pipeline.shutdown()
        await store.release()
        await writer.value
        #expect(await store.events.count == 10_000)
    }

    @Test func storeFailureFailsWaitersAndRetriesTheRest() async throws {
        let store = MemoryEventStore()
        let pipeline = IngestPipeline(store: store, capacity: 1000, batchSize: 1000, logger: Logger(label: "t"))
        await store.failNext(1)
        // Both wait in the queue before the writer starts, so they share the batch that fails.
        await pipeline.enqueue(events(5, "syslog"))
        let submitted = Task { try await pipeline.submit(self.events(3, "http")) }
        while await pipeline.depth < 8 { try await Task.sleep(for: .milliseconds(5)) }
        let writer = Task { await pipeline.run() }
        await #expect(throws: IngestError.self) { try await submitted.value }
        await pipeline.shutdown()
        await writer.value
        #expect(await store.events.map(\.raw).allSatisfy { $0.hasPrefix("syslog") })
        #expect(await store.events.count == 5)
    }
}
