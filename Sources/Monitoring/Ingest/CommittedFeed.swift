// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Committed batches for what follows the commit (detection), on a bounded buffer the pipeline's writer never waits
/// on: when the buffer is full a batch is not kept and ``takeMissed()`` answers true once, so the consumer reads what
/// it missed from the store. Nothing after the commit slows the commit, and nothing committed goes unseen.
public final class CommittedFeed: Sendable {
    public let batches: AsyncStream<[StoredEvent]>
    private let continuation: AsyncStream<[StoredEvent]>.Continuation
    private let missed = Atomic<Bool>(false)

    /// `capacity`: batches held for a slow consumer (a batch is up to the pipeline's batch size).
    public init(capacity: Int = 16) {
        (batches, continuation) = AsyncStream.makeStream(of: [StoredEvent].self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Called by the pipeline after each commit.
    func publish(_ batch: [StoredEvent]) {
        if case .dropped = continuation.yield(batch) { missed.store(true, ordering: .releasing) }
    }

    /// Called by the pipeline when it stops: the consumer ends after the last batch.
    func finish() { continuation.finish() }

    /// Whether a batch was left out since the last call (the consumer then reads the store from its checkpoint).
    public func takeMissed() -> Bool { missed.exchange(false, ordering: .acquiringAndReleasing) }
}
