// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A search ran past its time limit and was stopped (the server answers 503 with the reason).
public struct EventSearchTimedOut: Error, Sendable, Equatable, CustomStringConvertible {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
    public var description: String {
        "the search took longer than \(seconds.formatted()) s and was stopped; narrow the time range or the query (words and exact fields are fast)"
    }
}

/// Where events are kept and searched. Monitoring owns the `events` and `event_sources` tables; `Storage` implements this.
public protocol EventStore: Sendable {
    /// Stores events and updates the sources they came from, in one transaction: committed when this returns.
    /// The events' identifiers, in the order given.
    @discardableResult
    func append(_ events: [Event]) async throws -> [Int64]
    /// Events stored after the one with identifier `id`, oldest first (detection catches up from its checkpoint).
    func events(after id: Int64, limit: Int) async throws -> [StoredEvent]
    /// The identifier of the last event stored (0 when there is none).
    func lastID() async throws -> Int64
    /// Events matching `query`, newest first, with the exact number matching in the time range.
    func search(_ query: EventQuery, limit: Int, cursor: String?) async throws -> EventSearchResult
    /// How many events match `query` (in its range), per bucket of `interval` seconds; the buckets start at `origin`
    /// (at or before `query.from`) and run to `query.to`.
    func histogram(_ query: EventQuery, interval: TimeInterval, origin: Date) async throws -> [HistogramBucket]
    /// One event by its identifier.
    func event(id: Int64) async throws -> StoredEvent?
    /// Every host and input seen, most recently heard first.
    func sources() async throws -> [EventSource]
    /// Marks as silent the sources last heard before `cutoff` that are not yet so marked, and returns them.
    func markSilentSources(lastSeenBefore cutoff: Date, now: Date) async throws -> [EventSource]
    /// Deletes events older than `date` (by `@timestamp`); the number deleted.
    func purge(before date: Date) async throws -> Int
    /// Deletes the `count` oldest events; the number deleted.
    func purgeOldest(_ count: Int) async throws -> Int
    /// The bytes the stored events take: on SQLite the pages in use, on PostgreSQL the live rows' size.
    func storageBytes() async throws -> Int64
    func count() async throws -> Int
}

public struct EventSearchResult: Sendable {
    public var total: Int
    public var events: [StoredEvent]
    public var next: String?
    public init(total: Int, events: [StoredEvent], next: String?) {
        self.total = total
        self.events = events
        self.next = next
    }
}

public struct HistogramBucket: Sendable, Equatable {
    public var start: Date
    public var count: Int
    public init(start: Date, count: Int) {
        self.start = start
        self.count = count
    }
}

/// A host sending through an input: when it was first and last heard, how much it sends.
public struct EventSource: Sendable, Equatable {
    public var host: String
    public var input: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var events: Int64
    /// Events in the last complete rate window, per minute.
    public var eventsPerMinute: Double
    /// When the source went quiet (its last event) once it has been silent longer than the threshold; nil while it
    /// sends.
    public var silentSince: Date?

    /// Events per day on average between the first and the last event received (over at least one day), the rate
    /// that tells a source of hundreds a day from one of thousands when its last minutes were quiet.
    public var averagePerDay: Double {
        let days = max(1, lastSeen.timeIntervalSince(firstSeen) / 86_400)
        return Double(events) / days
    }

    public init(host: String, input: String, firstSeen: Date, lastSeen: Date, events: Int64, eventsPerMinute: Double, silentSince: Date?) {
        self.host = host
        self.input = input
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.events = events
        self.eventsPerMinute = eventsPerMinute
        self.silentSince = silentSince
    }
}
