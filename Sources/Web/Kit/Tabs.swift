// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A row of links between the pages of an area; the current one is marked for the eye and for screen readers.
public struct Tabs: Sendable {
    public struct Item: Sendable {
        public var path: String
        public var title: String
        /// A count shown after the title (open items, say), when there is one.
        public var count: Int?

        public init(_ path: String, _ title: String, count: Int? = nil) {
            self.path = path
            self.title = title
            self.count = count
        }
    }

    public var items: [Item]
    /// The path of the page shown; no tab is current when it matches none.
    public var current: String

    public init(_ items: [Item], current: String) {
        self.items = items
        self.current = current
    }

    public func render() -> Markup {
        let links = items.map { item -> Markup in
            let count: Markup = item.count.map { " <span class=\"count\">\($0)</span>" } ?? ""
            return "<li><a href=\"\(item.path)\"\(Markup.when(item.path == current, " aria-current=\"page\""))>\(item.title)\(count)</a></li>"
        }
        return "<ul class=\"tabs\">\(links.joined())</ul>"
    }
}
