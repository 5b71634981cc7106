// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Settings of the event pipeline, built by the application from flags and environment.
public struct MonitoringSettings: Sendable {
    /// Events older than this (by `@timestamp`) are deleted; nil keeps them.
    public var retentionAge: TimeInterval?
    /// When the stored events take more bytes than this, the oldest are deleted; nil sets no limit.
    public var retentionBytes: Int64?
    /// A source not heard for this long raises a notification.
    public var sourceSilence: TimeInterval
    /// Largest HTTP ingest body, compressed as sent.
    public var maximumBodyBytes: Int
    /// Largest HTTP ingest body once decompressed.
    public var maximumDecompressedBytes: Int
    /// Events the pipeline queues before it pushes back.
    public var queueCapacity: Int
    /// Most events one HTTP ingest request may hold (counted before decoding; 413 beyond). Shippers send far fewer
    /// (Filebeat 1,600, Logstash 125 per worker); it also bounds the work a small compressed body can ask for.
    public var maximumEventsPerRequest: Int

    public init(
        retentionAge: TimeInterval? = nil, retentionBytes: Int64? = nil, sourceSilence: TimeInterval = 3600,
        maximumBodyBytes: Int = 16 << 20, maximumDecompressedBytes: Int = 128 << 20, queueCapacity: Int = 200_000,
        maximumEventsPerRequest: Int = 50_000
    ) {
        self.retentionAge = retentionAge
        self.retentionBytes = retentionBytes
        self.sourceSilence = sourceSilence
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
        self.queueCapacity = queueCapacity
        self.maximumEventsPerRequest = maximumEventsPerRequest
    }
}
