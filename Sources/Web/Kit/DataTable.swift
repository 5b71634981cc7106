// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// The order a list was asked for: `?sort=KEY&order=asc|desc`.
public struct ListOrder: Sendable, Equatable {
    public var key: String
    public var descending: Bool

    public init(key: String, descending: Bool) {
        self.key = key
        self.descending = descending
    }

    /// The order asked for in `link`, when its key is one of `keys`; otherwise `fallback`.
    public static func parse(_ link: PageLink, keys: Set<String>, fallback: ListOrder) -> ListOrder {
        guard let key = link.value("sort"), keys.contains(key) else { return fallback }
        return ListOrder(key: key, descending: link.value("order") != "asc")
    }
}

/// A link to the next page of a cursor-paged list, keeping the filters and the order.
public struct Pager: Sendable {
    public var link: PageLink
    /// The cursor of the next page; nil on the last page.
    public var next: String?
    public var title: String
    /// Whether the list was paged on (a link back to the first page is offered).
    public var paged: Bool

    public init(link: PageLink, next: String?, title: String = "Next page") {
        self.link = link
        self.next = next
        self.title = title
        paged = link.value("cursor") != nil
    }

    public func render() -> Markup {
        let first: Markup = Markup.when(paged, "<a href=\"\(link.with("cursor", nil).href)\">First page</a> ")
        let following: Markup = next.map { "<a href=\"\(link.with("cursor", $0).href)\" rel=\"next\">\(title)</a>" } ?? ""
        return Markup.when(paged || next != nil, "<p class=\"pager\">\(first)\(following)</p>")
    }
}

/// A table of rows with a header, optionally sortable columns, an empty state and a pager.
public struct DataTable<Row>: @unchecked Sendable {
    public struct Column {
        public var title: Markup
        /// The `sort` key this column orders by, when the list can be ordered by it.
        public var sortKey: String?
        /// Right-aligned, for numbers.
        public var numeric: Bool
        public var cell: (Row) -> Markup

        public init(_ title: Markup, sortKey: String? = nil, numeric: Bool = false, cell: @escaping (Row) -> Markup) {
            self.title = title
            self.sortKey = sortKey
            self.numeric = numeric
            self.cell = cell
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    /// The address of the page, for the sort links (they keep the filters).
    public var link: PageLink
    public var sort: ListOrder?
    public var empty: EmptyState
    public var pager: Pager?
    /// Classes of the `<table>` (default `list`).
    public var classes: String
    /// Classes of a row (`selected`, say).
    public var rowClass: ((Row) -> String?)?

    public init(
        columns: [Column], rows: [Row], link: PageLink, sort: ListOrder? = nil, empty: EmptyState, pager: Pager? = nil, classes: String = "list",
        rowClass: ((Row) -> String?)? = nil
    ) {
        self.columns = columns
        self.rows = rows
        self.link = link
        self.sort = sort
        self.empty = empty
        self.pager = pager
        self.classes = classes
        self.rowClass = rowClass
    }

    func header(_ column: Column) -> Markup {
        let numeric: Markup = Markup.when(column.numeric, " class=\"number\"")
        guard let key = column.sortKey else { return "<th scope=\"col\"\(numeric)>\(column.title)</th>" }
        let current = sort?.key == key
        // A click on the current column turns its order round; on another column it starts with the largest first.
        let descending = current ? !(sort?.descending ?? true) : true
        let target = link.with("sort", key).with("order", descending ? "desc" : "asc")
        let state: Markup = current ? " aria-sort=\"\((sort?.descending ?? true) ? "descending" : "ascending")\"" : ""
        let arrow: Markup = current ? ((sort?.descending ?? true) ? " ↓" : " ↑") : ""
        return "<th scope=\"col\"\(numeric)\(state)><a href=\"\(target.href)\">\(column.title)\(arrow)</a></th>"
    }

    public func render() -> Markup {
        guard !rows.isEmpty else { return empty.render() + (pager?.render() ?? "") }
        let head = columns.map(header)
        let body = rows.map { row -> Markup in
            let cells = columns.map { column -> Markup in
                column.numeric ? "<td class=\"number\">\(column.cell(row))</td>" : "<td>\(column.cell(row))</td>"
            }
            let rowClasses: Markup = rowClass?(row).map { " class=\"\($0)\"" } ?? ""
            return "<tr\(rowClasses)>\(cells.joined())</tr>"
        }
        let table: Markup = "<table class=\"\(classes)\"><thead><tr>\(head.joined())</tr></thead><tbody>\(body.joined())</tbody></table>"
        return "<div class=\"table-scroll\">\(table)</div>\(pager?.render() ?? "")"
    }
}
