// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Monitoring

extension EventSearchPage {
    func render() -> Markup {
        let options = Self.ranges.map { option -> Markup in
            "<option value=\"\(option.key)\"\(Markup(raw: option.key == range.key ? " selected" : ""))>\(option.label)</option>"
        }
        var errorBlock: Markup = ""
        if let error {
            let pointer = errorPosition.map { position -> Markup in
                "<pre class=\"query-error\">\(text)\n\(String(repeating: " ", count: max(0, position)))^</pre>"
            }
            errorBlock =
                "<div class=\"flash error\" role=\"alert\"><p>\(errorPosition.map { "Query error at position \($0 + 1): " } ?? "")\(error)</p>\(pointer ?? "")</div>"
        }
        var results: Markup = ""
        if let result {
            let rows = result.events.map(row)
            let next = result.next.map { next -> Markup in "<p><a rel=\"next\" href=\"\(link(cursor: next))\">Older events</a></p>" }
            let exports: Markup = """
                <p class="actions export">Export the \(min(result.total, 100_000)) events: <a href="\(export("csv"))" download>CSV</a> · \
                <a href="\(export("ndjson"))" download>NDJSON</a></p>
                """
            results = """
                <p class="summary"><strong>\(result.total)\
                </strong> \(result.total == 1 ? "event matches" : "events match")\(from.map { " from \(Layout.time($0))" } ?? "") \
                to \(Layout.time(to)).</p>\(Markup.when(result.total > 0, exports))
                \(EventHistogramChart.render(histogram, interval: interval) { link(from: $0, to: $1) })
                <table class="list events"><thead><tr><th>Time</th><th>Host</th><th>Input</th>\(columnHeaders)<th>Event</th></tr></thead>
                <tbody>\(rows.joined())</tbody></table>\(next ?? "")
                """
        }
        return """
            <p class="actions"><a href="/monitoring/sources">Sources</a></p>
            <form method="get" action="/monitoring" class="filters search">
            <label class="wide">Query <input type="search" name="q" value="\(text)" autofocus placeholder="sshd AND event.outcome:failure" aria-describedby="query-help"></label>
            <label>Time range <select name="range">\(options.joined())</select></label>\(Markup.when(!columns.isEmpty, "<input type=\"hidden\" name=\"columns\" value=\"\(columns.joined(separator: ","))\">"))
            <label>From <input type="text" name="from" value="\(fromText)" placeholder="2026-01-31T00:00:00Z or now-2h"></label>
            <label>To <input type="text" name="to" value="\(toText)" placeholder="now"></label>
            <button type="submit">Search</button></form>
            <p id="query-help" class="muted">Words and "phrases" match the raw text; <code>field:value</code>, <code>field:val*</code>, <code>field:*</code>,
            <code>field&gt;10</code>, <code>@timestamp&gt;=now-1h</code>; combine with AND, OR, NOT and parentheses. Click a field value to filter on it.</p>
            \(savedSearches)
            \(errorBlock)\(fieldList.map { "<div class=\"discover\">\($0)<div class=\"results\">\(results)</div></div>" as Markup } ?? results)
            """
    }

    /// Saved searches (one's own and the shared ones) and the form to save this one.
    var savedSearches: Markup {
        let items = saved.map { search -> Markup in
            let remove: Markup = Markup.when(
                search.owner == username,
                " <form method=\"post\" action=\"/monitoring/saved-searches\" class=\"inline\">\(Field.csrf(csrf))<input type=\"hidden\" name=\"delete\" value=\"\(search.id)\"><button type=\"submit\" class=\"link\" aria-label=\"Delete \(search.name)\">delete</button></form>"
            )
            return """
                <li><a href="\(PageLink(path: "/monitoring", parameters: [("q", search.query), ("range", search.range)]).href)">\(search.name)</a>\
                \(Markup.when(search.shared, " <span class=\"tag\">shared</span>"))\(Markup.when(search.owner != username, " <small class=\"muted\">by \(search.owner)</small>"))\(remove)</li>
                """
        }
        let saveForm: Markup = Markup.when(
            !text.isEmpty && range.key != "custom",
            """
            <form method="post" action="/monitoring/saved-searches" class="filters save-search">\(Field.csrf(csrf))\
            <input type="hidden" name="q" value="\(text)"><input type="hidden" name="range" value="\(range.key)">\
            <label>Save this search as <input name="name" maxlength="100" required></label>\
            <label class="check"><input type="checkbox" name="shared"> shared with the team</label><button type="submit" class="secondary">Save</button></form>
            """)
        return """
            <details class="saved-searches"\(Markup(raw: saved.isEmpty ? "" : " open"))><summary>Saved searches (\(saved.count))</summary>\
            \(items.isEmpty ? "<p class=\"muted\">None yet.</p>" : "<ul>\(items.joined())</ul>" as Markup)\(saveForm)</details>
            """
    }

    /// The fields of the sampled events with their top values: filter in (+) or out (−) in one click.
    var fieldList: Markup? {
        guard let fields, !fields.fields.isEmpty else { return nil }
        let items = fields.fields.map { field -> Markup in
            let values = field.values.map { item -> Markup in
                """
                <li><a href="\(link(query: adding(field: field.name, value: item.value)))" title="Filter for this value" class="value">\(item.value)\
                </a> \
                <span class="count">\(item.count)</span> \
                <a href="\(link(query: adding(field: field.name, value: item.value)))" class="filter-in" aria-label="Filter \
                for \(field.name) \(item.value)">+</a> \
                <a href="\(link(query: excluding(field: field.name, value: item.value)))" class="filter-out" aria-label="Filter \
                out \(field.name) \(item.value)">−</a></li>
                """
            }
            return """
                <li><details data-field="\(field.name)"><summary><code>\(field.name)</code> <small class="muted">\(field.present)</small></summary>\
                <ul class="values">\(values.joined())</ul>\
                <p class="column-toggle"><a href="\(toggling(column: field.name))">\(columns.contains(field.name) ? "Remove the column" : "Show as a column")</a></p>\
                </details></li>
                """
        }
        return """
            <aside class="field-list" aria-label="Fields"><h2>Fields</h2>\
            <p class="muted">Top values in the \(fields.sampled) newest matching events.</p>\
            <ul>\(items.joined())</ul></aside>
            """
    }

    /// The chosen columns' headers, each with its remove link.
    var columnHeaders: Markup {
        columns.map { name -> Markup in
            "<th class=\"column\"><code>\(name)</code> <a href=\"\(toggling(column: name))\" class=\"remove-column\" aria-label=\"Remove the column \(name)\">×</a></th>"
        }.joined()
    }

    private func row(_ stored: StoredEvent) -> Markup {
        let event = stored.event
        let summary = event.summary
        let fieldRows = event.fields.keys.sorted().map { name -> Markup in
            let value = event.fields[name]!
            let text = value.text
            let filter = link(query: adding(field: name, value: text))
            let cell: Markup =
                EntityPage.type(ofField: name).flatMap { type in
                    Pivot.menu(
                        type, text, around: event.timestamp...event.timestamp,
                        filter: Pivot.Filter(into: filter, out: link(query: excluding(field: name, value: text))), valueLink: filter)
                } ?? "<a href=\"\(filter)\" title=\"Filter on this value\">\(text)</a>"
            return "<tr><th scope=\"row\">\(name)</th><td>\(cell)</td></tr>"
        }
        let hostLink: Markup =
            event.host.isEmpty ? "" : "<a href=\"\(link(query: adding(field: EventColumns.host, value: event.host)))\">\(event.host)</a>"
        return """
            <tr><td class="nowrap">\(Layout.time(event.timestamp))</td><td>\(hostLink)</td>
            <td><a href="\(link(query: adding(field: EventColumns.input, value: event.input)))">\(event.input)</a></td>\(columnCells(event))
            <td><details><summary>\(String(summary.prefix(300)))</summary>
            <table class="fields"><tbody><tr><th scope="row">@timestamp</th><td>\(Timestamp.format(event.timestamp))</td></tr>
            <tr><th scope="row">event.received</th><td>\(Timestamp.format(event.received))</td></tr>\(fieldRows.joined())</tbody></table>
            <p class="muted">Raw (event \(String(stored.id))) · <a href="\(surrounding(event))">Surrounding events (± 5 min on this host)</a></p>\
            <pre class="raw">\(event.raw)</pre></details></td></tr>
            """
    }

    /// The event's values of the chosen columns, each a filter link (empty where the event lacks the field).
    func columnCells(_ event: Event) -> Markup {
        columns.map { name -> Markup in
            guard let value = event.fields[name]?.text ?? (name == EventColumns.host ? event.host : nil) else { return "<td></td>" }
            return "<td><a href=\"\(link(query: adding(field: name, value: value)))\">\(value)</a></td>"
        }.joined()
    }
}

/// Matches over time as columns (the Kit's chart), with the range under them.
enum EventHistogramChart {
    /// `narrow` is where a click on a bucket leads: the search within [start, end).
    static func render(_ buckets: [HistogramBucket], interval: TimeInterval, narrow: ((Date, Date) -> String)? = nil) -> Markup {
        guard let first = buckets.first?.start, let last = buckets.last?.start.addingTimeInterval(interval) else { return "" }
        let maximum = max(1, buckets.map(\.count).max() ?? 1)
        let chart = ColumnChart(
            title: "Matching events over time, up to \(maximum) per \(describe(interval))",
            columns: buckets.map { bucket in
                ColumnChart.Column(
                    Layout.time(bucket.start), bucket.count,
                    href: bucket.count > 0 ? narrow?(bucket.start, bucket.start.addingTimeInterval(interval)) : nil)
            },
            axis: (Layout.time(first), Layout.time(last)),
            caption: "Events per \(describe(interval)); highest \(maximum)\(narrow == nil ? "" : "; click a column to see its events")")
        return chart.render()
    }

    static func describe(_ interval: TimeInterval) -> String {
        switch interval {
        case ..<60: return "\(Int(interval)) s"
        case ..<3600: return "\(Int(interval / 60)) min"
        case ..<86400: return "\(Int(interval / 3600)) h"
        default: return "\(Int(interval / 86400)) d"
        }
    }
}
