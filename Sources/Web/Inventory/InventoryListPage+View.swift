// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

extension InventoryListPage {
    func render() -> Markup {
        let base = "/" + kind.path
        let filters = FilterBar(
            action: base,
            controls: kind.filters.map { filter in
                filter.options.map { options in .choice(name: filter.name, label: filter.label, options: [("", "any")] + options.map { ($0, $0) }) }
                    ?? .text(name: filter.name, label: filter.label, size: nil, placeholder: nil)
            }, link: link)
        let columns = kind.columns.enumerated().map { index, column in
            DataTable<Item>.Column("\(column.title)") { item in
                index == 0 ? "<a href=\"\(base)/\(kind.id(item))\">\(column.value(item))</a>" : "\(column.value(item))"
            }
        }
        let table = DataTable(
            columns: columns, rows: items, link: link,
            empty: EmptyState("No \(kind.plural) match.", action: canWrite ? ("\(base)/import", "Import a CSV") : nil),
            pager: Pager(link: link, next: next))
        let actions = Markup.when(
            canWrite,
            "<p class=\"actions\"><a class=\"button\" href=\"\(base)/new\">New \(kind.singular)</a> <a class=\"button secondary\" href=\"\(base)/import\">Import CSV</a></p>"
        )
        return """
            \(InventoryPages<Item, Input>.tabs(kind.path))\(actions)
            \(filters.render())
            \(table.render())
            """
    }
}
