// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging
import Metrics

/// The monitoring module as the rest of Bulwark sees it: the pipeline to send events into, the store to search,
/// and the housekeeping (retention, silent sources) that the application runs in the background.
public struct MonitoringService: Sendable {
    let store: any EventStore
    public let pipeline: IngestPipeline
    public let normaliser: Normaliser
    public let settings: MonitoringSettings
    /// Where inputs create their metrics (the server's Prometheus registry).
    public let metrics: any MetricsFactory
    let audit: any AuditLog
    let clock: any WallClock
    let logger: Logger
    /// Saved event searches; nil where none are kept (tests of the pipeline alone).
    let savedSearches: (any SavedSearchStore)?

    public init(
        store: any EventStore, pipeline: IngestPipeline, normaliser: Normaliser = Normaliser(), settings: MonitoringSettings,
        metrics: any MetricsFactory = MetricsSystem.factory, audit: any AuditLog, clock: any WallClock, logger: Logger,
        savedSearches: (any SavedSearchStore)? = nil
    ) {
        self.savedSearches = savedSearches
        self.metrics = metrics
        self.store = store
        self.pipeline = pipeline
        self.normaliser = normaliser
        self.settings = settings
        self.audit = audit
        self.clock = clock
        self.logger = logger
    }

    public var ingestDecoder: IngestDecoder { IngestDecoder(normaliser: normaliser) }
    public var bulkDecoder: ElasticBulkDecoder { ElasticBulkDecoder(normaliser: normaliser) }
    public var hecDecoder: SplunkHECDecoder { SplunkHECDecoder(normaliser: normaliser) }

    /// Deletes events before `date`, recorded in the audit log as `events.purge` by `actor`.
    public func purge(before date: Date, actor: String, source: String) async throws -> Int {
        let deleted = try await store.purge(before: date)
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor, action: "events.purge", target: "events:*", source: source,
                detail: "before=\(Timestamp.format(date)) deleted=\(deleted)"))
        return deleted
    }

    /// Applies the retention settings once: by age, then by size. The number of events deleted.
    public func enforceRetention() async throws -> Int {
        var deleted = 0
        if let age = settings.retentionAge {
            deleted += try await store.purge(before: clock.now().addingTimeInterval(-age))
        }
        if let limit = settings.retentionBytes {
            var rounds = 0
            var previous = Int64.max
            while rounds < 100 {
                let bytes = try await store.storageBytes()
                // Stop when the measure no longer falls: never delete on a size that deleting cannot change.
                guard bytes > limit, bytes < previous else { break }
                previous = bytes
                let count = try await store.count()
                guard count > 0 else { break }
                // Delete the share of events the excess represents, and a little more, then measure again.
                let share = Double(bytes - limit) / Double(bytes)
                let batch = max(1000, Int(Double(count) * min(1, share * 1.1)))
                let removed = try await store.purgeOldest(batch)
                deleted += removed
                rounds += 1
                if removed == 0 { break }
            }
        }
        if deleted > 0 {
            logger.info("retention deleted events", metadata: ["events": "\(deleted)"])
            try await audit.record(
                AuditEntry(
                    time: clock.now(), actor: "system", action: "events.retention", target: "events:*", source: "bulwark",
                    detail: "deleted=\(deleted)"))
        }
        return deleted
    }

    /// Finds sources that fell silent since the last check and notifies: a warning in the log and an
    /// `events.source_silent` entry in the audit log (evidence of log coverage). Returns them.
    public func checkSilentSources() async throws -> [EventSource] {
        let now = clock.now()
        let silent = try await store.markSilentSources(lastSeenBefore: now.addingTimeInterval(-settings.sourceSilence), now: now)
        for source in silent {
            logger.warning(
                "log source is silent",
                metadata: ["host": "\(source.host)", "input": "\(source.input)", "last_seen": "\(Timestamp.format(source.lastSeen))"])
            try await audit.record(
                AuditEntry(
                    time: now, actor: "system", action: "events.source_silent", target: "source:\(source.input)/\(source.host)",
                    source: "bulwark", outcome: .failure,
                    detail: "no events since \(Timestamp.format(source.lastSeen)) (threshold \(Int(settings.sourceSilence))s)"))
        }
        return silent
    }
}
