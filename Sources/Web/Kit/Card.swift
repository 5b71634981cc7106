// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A titled box on a page or the dashboard, with an optional link at its foot.
public struct Card: Sendable {
    public var title: Markup
    public var body: Markup
    public var footer: (href: String, title: String)?
    /// An `id` for in-page links and tests.
    public var id: String?

    public init(_ title: Markup, id: String? = nil, footer: (href: String, title: String)? = nil, body: Markup) {
        self.title = title
        self.body = body
        self.footer = footer
        self.id = id
    }

    public func render() -> Markup {
        let anchor: Markup = id.map { " id=\"\($0)\"" } ?? ""
        let foot: Markup = footer.map { "<p><a href=\"\($0.href)\">\($0.title)</a></p>" } ?? ""
        return "<section class=\"card\"\(anchor)><h2>\(title)</h2>\(body)\(foot)</section>"
    }
}

/// Facts as terms and values (`<dl>`); a row whose value is nil is left out.
public struct DefinitionList: Sendable {
    public var rows: [(term: String, value: Markup?)]

    public init(_ rows: [(term: String, value: Markup?)]) { self.rows = rows }

    public func render() -> Markup {
        let items = rows.compactMap { row -> Markup? in row.value.map { "<dt>\(row.term)</dt><dd>\($0)</dd>" } }
        return "<dl class=\"facts\">\(items.joined())</dl>"
    }
}

/// What a list shows when it has nothing: what that means and what to do next.
public struct EmptyState: Sendable {
    public var message: String
    public var action: (href: String, title: String)?

    public init(_ message: String, action: (href: String, title: String)? = nil) {
        self.message = message
        self.action = action
    }

    public func render() -> Markup {
        let link: Markup = action.map { " <a href=\"\($0.href)\">\($0.title)</a>" } ?? ""
        return "<p class=\"muted empty\">\(message)\(link)</p>"
    }
}
