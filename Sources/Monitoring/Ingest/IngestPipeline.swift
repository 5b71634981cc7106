// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Metrics

/// Why the pipeline refused events.
public enum IngestError: Error, Sendable, Equatable {
    /// The queue is full; try again after this many seconds.
    case overloaded(retryAfter: Int)
    /// The pipeline is shutting down.
    case stopping
    /// The store could not commit the events.
    case storeFailed(String)
}

/// The one queue between inputs and the event store. Inputs add events; a single writer commits them in batches
/// (group commit: many concurrent requests share one transaction). The queue is bounded:
/// - ``submit(_:)`` (HTTP) returns only after the events are committed, and fails at once with
///   ``IngestError/overloaded(retryAfter:)`` when the queue is full, so the client retries later (HTTP 503);
/// - ``enqueue(_:)`` (syslog over TCP) waits for room, so a connection stops being read while the store catches up;
/// - ``offer(_:)`` (syslog over UDP, which cannot push back) drops the events when the queue is full, and counts them.
/// ``run()`` drains everything queued before it returns, so a graceful shutdown loses nothing received.
public actor IngestPipeline {
    private struct Pending {
        var events: [Event]
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private let store: any EventStore
    public let capacity: Int
    private let batchSize: Int
    private let logger: Logger
    private let clock: @Sendable () -> Date
    private var queue: [Pending] = []
    private var queued = 0
    private var roomWaiters: [CheckedContinuation<Void, Never>] = []
    private var workWaiter: CheckedContinuation<Void, Never>?
    private var stopping = false
    private let metrics: IngestMetrics
    /// Where committed batches go next (detection reads them); nil: nowhere.
    private let feed: CommittedFeed?

    public init(
        store: any EventStore, capacity: Int = 200_000, batchSize: Int = 10_000, feed: CommittedFeed? = nil,
        metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.feed = feed
        self.capacity = capacity
        self.batchSize = batchSize
        self.logger = logger
        self.clock = clock
        self.metrics = IngestMetrics(factory: metrics)
    }

    /// Events waiting to be committed.
    public var depth: Int { queued }

    /// Whether `count` more events would fit now: asked before a body is decoded, so that a full queue costs a
    /// client its answer, not the server the work of decoding.
    public func hasRoom(for count: Int) -> Bool { !stopping && queued + count <= capacity }

    /// Queues events and returns once they are committed.
    public func submit(_ events: [Event]) async throws {
        guard !events.isEmpty else { return }
        if stopping { throw IngestError.stopping }
        // No exception for an empty queue: that let one request of millions of events past the bound.
        guard queued + events.count <= capacity else {
            metrics.refused.increment(by: events.count)
            throw IngestError.overloaded(retryAfter: 1)
        }
        try await withCheckedThrowingContinuation { continuation in
            append(Pending(events: events, continuation: continuation))
        }
    }

    /// Queues events, waiting while the queue is full; returns before they are committed.
    public func enqueue(_ events: [Event]) async {
        guard !events.isEmpty else { return }
        while queued > 0 && queued + events.count > capacity && !stopping {
            await withCheckedContinuation { roomWaiters.append($0) }
        }
        append(Pending(events: events, continuation: nil))
    }

    /// Queues events if there is room; false (and the events counted as dropped) when there is not.
    @discardableResult
    public func offer(_ events: [Event], input: String) -> Bool {
        guard !events.isEmpty else { return true }
        guard queued + events.count <= capacity, !stopping else {
            metrics.dropped(input).increment(by: events.count)
            return false
        }
        append(Pending(events: events, continuation: nil))
        return true
    }

    private func append(_ pending: Pending) {
        queue.append(pending)
        queued += pending.events.count
        metrics.depth.record(queued)
        workWaiter?.resume()
        workWaiter = nil
    }

    /// Asks ``run()`` to finish once everything queued so far is committed.
    public func shutdown() {
        stopping = true
        workWaiter?.resume()
        workWaiter = nil
        for waiter in roomWaiters { waiter.resume() }
        roomWaiters = []
    }

    /// The writer: commits batches until ``shutdown()``, then drains the queue, ends the feed and returns.
    public func run() async {
        while true {
            if queue.isEmpty {
                if stopping {
                    feed?.finish()
                    return
                }
                await withCheckedContinuation { workWaiter = $0 }
                continue
            }
            var batch: [Pending] = []
            var count = 0
            while let first = queue.first, batch.isEmpty || count + first.events.count <= batchSize {
                batch.append(queue.removeFirst())
                count += first.events.count
            }
            await commit(batch)
            queued -= count
            metrics.depth.record(queued)
            let waiters = roomWaiters
            roomWaiters = []
            for waiter in waiters { waiter.resume() }
        }
    }

    private func commit(_ batch: [Pending]) async {
        var batch = batch
        var attempt = 0
        while true {
            let events = batch.flatMap(\.events)
            guard !events.isEmpty else { return }
            let start = ContinuousClock.now
            let ids: [Int64]
            do {
                ids = try await store.append(events)
            } catch {
                attempt += 1
                // Callers who wait get the error now (HTTP answers 503 and the shipper retries); events nobody waits
                // for (syslog) are retried, as a collector would, before they are given up and counted as lost.
                for pending in batch { pending.continuation?.resume(throwing: IngestError.storeFailed("\(error)")) }
                batch = batch.filter { $0.continuation == nil }
                let remaining = batch.reduce(0) { $0 + $1.events.count }
                if remaining == 0 || attempt >= 5 {
                    metrics.lost.increment(by: remaining)
                    logger.error("events could not be stored", metadata: ["events": "\(events.count)", "lost": "\(remaining)", "error": "\(error)"])
                    return
                }
                logger.warning("event store failed; retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .seconds(attempt))
                continue
            }
            let committed = clock()
            metrics.batch.recordNanoseconds((ContinuousClock.now - start).nanoseconds)
            metrics.stored.increment(by: events.count)
            for event in events {
                metrics.delay.recordNanoseconds(Int64(max(0, committed.timeIntervalSince(event.received)) * 1e9))
            }
            for pending in batch { pending.continuation?.resume() }
            feed?.publish(zip(ids, events).map { StoredEvent(id: $0, event: $1) })
            return
        }
    }
}

extension Duration {
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
