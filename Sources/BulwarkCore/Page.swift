// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A request for one page of a listing ordered by a stable key; `cursor` is the opaque key of the last item seen.
public struct PageRequest: Sendable, Equatable {
    public static let maximumLimit = 500
    public var limit: Int
    public var cursor: String?

    public init(limit: Int = 50, cursor: String? = nil) {
        self.limit = max(1, min(limit, Self.maximumLimit))
        self.cursor = cursor
    }
}

/// One page of results and the cursor of the next page, if there is one.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: String?

    public init(items: [Item], next: String?) {
        self.items = items
        self.next = next
    }
}
