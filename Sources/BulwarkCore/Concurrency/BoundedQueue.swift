// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A first-in first-out queue between one or more producers and one consumer, bounded: ``push(_:)`` waits while it
/// is full, so a slow consumer slows its producers instead of growing memory. ``close()`` lets the consumer take
/// what is queued and then end; pushes after it are dropped (and answered false).
public actor BoundedQueue<Element: Sendable> {
    public let capacity: Int
    private var items: [Element] = []
    private var head = 0
    private var closed = false
    private var consumer: CheckedContinuation<Element?, Never>?
    private var producers: [CheckedContinuation<Void, Never>] = []

    public init(capacity: Int) {
        precondition(capacity > 0, "a queue holds at least one element")
        self.capacity = capacity
    }

    /// Elements waiting for the consumer.
    public var count: Int { items.count - head }

    /// Adds an element, waiting for room; false when the queue was closed.
    @discardableResult
    public func push(_ element: Element) async -> Bool {
        while count >= capacity && !closed {
            await withCheckedContinuation { producers.append($0) }
        }
        guard !closed else { return false }
        if let waiting = consumer {
            consumer = nil
            waiting.resume(returning: element)
        } else {
            items.append(element)
        }
        return true
    }

    /// The next element; nil once the queue is closed and empty, or when the waiting task is cancelled.
    public func next() async -> Element? {
        if head < items.count {
            let element = items[head]
            head += 1
            if head > 64 && head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            if !producers.isEmpty { producers.removeFirst().resume() }
            return element
        }
        if closed || Task.isCancelled { return nil }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { consumer = $0 }
        } onCancel: {
            Task { await self.cancelWaiting() }
        }
    }

    private func cancelWaiting() {
        consumer?.resume(returning: nil)
        consumer = nil
    }

    /// No more elements: the consumer gets what is queued, then nil.
    public func close() {
        closed = true
        consumer?.resume(returning: nil)
        consumer = nil
        for producer in producers { producer.resume() }
        producers = []
    }
}
