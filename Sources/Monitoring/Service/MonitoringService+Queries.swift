// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Searching stored events: the service is the only door to the event store.
extension MonitoringService {
    public func search(_ query: EventQuery, limit: Int, cursor: String?) async throws -> EventSearchResult {
        try await store.search(query, limit: limit, cursor: cursor)
    }

    /// Counts of the matching events per `interval` seconds, in buckets aligned to the clock (a 5-minute bucket starts
    /// at :00, :05, …; an hour on the hour; a day at midnight UTC; a week on Monday), so that the buckets of two loads
    /// of the same range are the same buckets. The first may begin before `query.from`: it counts only what is in range.
    public func histogram(_ query: EventQuery, interval: TimeInterval) async throws -> [HistogramBucket] {
        guard let from = query.from else { return [] }
        return try await store.histogram(query, interval: interval, origin: Self.alignedStart(from, interval: interval))
    }

    /// The start of the clock-aligned bucket of `interval` seconds that holds `date`.
    public static func alignedStart(_ date: Date, interval: TimeInterval) -> Date {
        guard interval >= 1 else { return date }
        // 1970-01-05 was a Monday: weeks are counted from it, everything shorter from the epoch.
        let offset: TimeInterval = interval.truncatingRemainder(dividingBy: 604_800) == 0 ? 4 * 86_400 : 0
        let seconds = date.timeIntervalSince1970 - offset
        return Date(timeIntervalSince1970: (seconds / interval).rounded(.down) * interval + offset)
    }

    public func event(id: Int64) async throws -> StoredEvent? { try await store.event(id: id) }

    /// Every host and input heard from, with when it was last heard.
    public func sources() async throws -> [EventSource] { try await store.sources() }
}
