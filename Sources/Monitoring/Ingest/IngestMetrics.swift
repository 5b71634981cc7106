// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Metrics

/// The pipeline's metrics, created once with fixed labels.
struct IngestMetrics: Sendable {
    let factory: any MetricsFactory
    let stored: Counter
    let refused: Counter
    let lost: Counter
    let depth: Gauge
    let batch: Timer
    /// From receipt to committed (searchable).
    let delay: Timer
    private let droppedUDP: Counter
    private let droppedOther: Counter

    init(factory: any MetricsFactory) {
        self.factory = factory
        stored = Counter(label: "bulwark_events_stored_total", factory: factory)
        refused = Counter(label: "bulwark_events_refused_total", factory: factory)
        lost = Counter(label: "bulwark_events_lost_total", factory: factory)
        depth = Gauge(label: "bulwark_ingest_queue_events", factory: factory)
        batch = Timer(label: "bulwark_ingest_commit_seconds", factory: factory)
        delay = Timer(label: "bulwark_ingest_delay_seconds", factory: factory)
        droppedUDP = Counter(label: "bulwark_events_dropped_total", dimensions: [("input", "syslog-udp")], factory: factory)
        droppedOther = Counter(label: "bulwark_events_dropped_total", dimensions: [("input", "other")], factory: factory)
    }

    func dropped(_ input: String) -> Counter { input == "syslog-udp" ? droppedUDP : droppedOther }
}

/// Per-input counters: received, rejected (unparseable or refused), shared by every input.
public struct InputMetrics: Sendable {
    public let received: Counter
    public let rejected: Counter
    public let bytes: Counter

    public init(input: String, factory: any MetricsFactory = MetricsSystem.factory) {
        received = Counter(label: "bulwark_events_received_total", dimensions: [("input", input)], factory: factory)
        rejected = Counter(label: "bulwark_events_rejected_total", dimensions: [("input", input)], factory: factory)
        bytes = Counter(label: "bulwark_input_bytes_total", dimensions: [("input", input)], factory: factory)
    }
}
