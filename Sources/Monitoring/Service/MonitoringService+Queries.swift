import BulwarkCore
import Foundation

/// Searching stored events: the service is the only door to the event store.
extension MonitoringService {
    public func search(_ query: EventQuery, limit: Int, cursor: String?) async throws -> EventSearchResult {
        try await store.search(query, limit: limit, cursor: cursor)
    }

    /// Counts of the matching events per `interval` seconds.
    public func histogram(_ query: EventQuery, interval: TimeInterval) async throws -> [HistogramBucket] {
        try await store.histogram(query, interval: interval)
    }

    public func event(id: Int64) async throws -> StoredEvent? { try await store.event(id: id) }

    /// Every host and input heard from, with when it was last heard.
    public func sources() async throws -> [EventSource] { try await store.sources() }
}
