// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Testing

@Suite struct BoundedQueueTests {
    /// A full queue makes the producer wait until the consumer takes an element; order is kept; after `close()`
    /// the consumer gets what is left, then nil, and later pushes are refused.
    @Test func aFullQueueHoldsTheProducerAndKeepsOrder() async throws {
        let queue = BoundedQueue<Int>(capacity: 2)
        #expect(await queue.push(1))
        #expect(await queue.push(2))
        let third = Task { await queue.push(3) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(await queue.count == 2, "the third push waits for room")
        #expect(await queue.next() == 1)
        #expect(await third.value)
        await queue.close()
        #expect(await queue.next() == 2)
        #expect(await queue.next() == 3)
        #expect(await queue.next() == nil)
        #expect(await queue.push(4) == false)
    }

    @Test func aWaitingConsumerIsWokenByAPushAndEndsWhenCancelled() async throws {
        let queue = BoundedQueue<String>(capacity: 1)
        let consumer = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        await queue.push("x")
        #expect(await consumer.value == "x")
        let cancelled = Task { await queue.next() }
        try await Task.sleep(for: .milliseconds(20))
        cancelled.cancel()
        #expect(await cancelled.value == nil)
    }
}
