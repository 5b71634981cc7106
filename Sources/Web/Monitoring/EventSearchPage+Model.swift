// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring

/// The event search page's model: what was asked, what matched. A plain value, rendered by `EventSearchPage+View`.
struct EventSearchPage: Sendable {
    struct Range: Equatable, Sendable {
        var key: String
        var label: String
        var seconds: TimeInterval?
    }

    static let ranges = [
        Range(key: "15m", label: "Last 15 minutes", seconds: 900), Range(key: "1h", label: "Last hour", seconds: 3600),
        Range(key: "24h", label: "Last 24 hours", seconds: 86400), Range(key: "7d", label: "Last 7 days", seconds: 7 * 86400),
        Range(key: "30d", label: "Last 30 days", seconds: 30 * 86400), Range(key: "all", label: "All time", seconds: nil),
        Range(key: "custom", label: "Custom (from/to)", seconds: nil),
    ]

    var text: String
    var range: Range
    var fromText: String
    var toText: String
    var from: Date?
    var to: Date
    var error: String?
    var errorPosition: Int?
    var result: EventSearchResult?
    var histogram: [HistogramBucket] = []
    var interval: TimeInterval = 0
    var cursor: String?
    /// The fields of the first (newest) events that match, with their top values.
    var fields: FieldStatistics?
    /// The caller's saved searches and the shared ones.
    /// Fields shown as columns of the results (`columns=a,b`), as Discover's column picker does.
    var columns: [String] = []
    var saved: [SavedSearch] = []
    var username = ""
    var csrf = ""

    /// Events the field list is counted over.
    static let sampleSize = PageRequest.maximumLimit

    /// Reads the page's parameters and runs the search.
    static func load(_ link: PageLink, monitoring: MonitoringService, now: Date) async throws -> EventSearchPage {
        let text = String((link.value("q") ?? "").prefix(QueryParser.maximumLength + 1))
        let short = { (name: String) in String((link.value(name) ?? "").prefix(200)) }
        let rangeKey = short("range").isEmpty ? "24h" : short("range")
        let range = ranges.first { $0.key == rangeKey } ?? ranges[2]
        var page = EventSearchPage(
            text: text, range: range, fromText: short("from"), toText: short("to"), from: nil, to: now, cursor: Optional(short("cursor")).nonEmpty)
        page.columns = Self.columns(short("columns"))
        if range.key == "custom" {
            if !page.fromText.isEmpty {
                guard let from = QueryParser.parseTime(page.fromText, now: now) else {
                    page.error = "From: '\(page.fromText)' is not a time"; return page
                }
                page.from = from
            }
            if !page.toText.isEmpty {
                guard let to = QueryParser.parseTime(page.toText, now: now) else { page.error = "To: '\(page.toText)' is not a time"; return page }
                page.to = to
            }
        } else if let seconds = range.seconds {
            page.from = now.addingTimeInterval(-seconds)
        }
        let query: EventQuery
        do {
            // A relative range runs up to now inclusive: events stamped this very moment belong in it.
            query = try EventQuery(text, from: page.from, to: range.key == "custom" && !page.toText.isEmpty ? page.to : nil, now: now)
        } catch let error as QueryError {
            page.error = error.message
            page.errorPosition = error.position
            return page
        }
        page.result = try await monitoring.search(query, limit: 50, cursor: page.cursor)
        if let result = page.result, result.total > 0 {
            let sample = result.total <= result.events.count ? result : try await monitoring.search(query, limit: Self.sampleSize, cursor: nil)
            page.fields = FieldStatistics(sample.events)
        }
        // The histogram spans the range; for "all time", the last 30 days.
        var histogramQuery = query
        histogramQuery.to = histogramQuery.to ?? page.to.addingTimeInterval(0.001)
        if histogramQuery.from == nil {
            histogramQuery.from = page.to.addingTimeInterval(-30 * 86400)
        }
        page.interval = EventsController.interval(from: histogramQuery.from!, to: page.to, buckets: 60)
        page.histogram = try await monitoring.histogram(histogramQuery, interval: page.interval)
        return page
    }

    /// The query with `field:"value"` added, for click-to-filter.
    func adding(field: String, value: String) -> String {
        Self.narrowed(text, by: "\(field):\(QueryParser.quoted(value))")
    }

    /// `query AND term`, the query in parentheses when it has an OR (AND binds tighter).
    static func narrowed(_ query: String, by term: String) -> String {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return term }
        return trimmed.uppercased().contains(" OR ") ? "(\(trimmed)) AND \(term)" : "\(trimmed) AND \(term)"
    }

    /// At most this many chosen columns.
    static let maximumColumns = 8

    /// The `columns` parameter: field names (letters, digits, `.`, `_`, `-`, `@`), each once, at most eight.
    static func columns(_ text: String) -> [String] {
        var seen: [String] = []
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard name.count <= 100, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-@".contains($0) }), !seen.contains(name) else { continue }
            seen.append(name)
        }
        return Array(seen.prefix(maximumColumns))
    }

    /// This page's URL with other parameters (the chosen columns kept unless `columns` says otherwise).
    func link(query: String? = nil, cursor: String? = nil, columns: [String]? = nil) -> String {
        var parameters: [(name: String, value: String)] = [("q", query ?? text), ("range", range.key)]
        if range.key == "custom" {
            parameters += [("from", fromText), ("to", toText)]
        }
        if let cursor { parameters.append(("cursor", cursor)) }
        let shown = columns ?? self.columns
        if !shown.isEmpty { parameters.append(("columns", shown.joined(separator: ","))) }
        return PageLink(path: "/monitoring", parameters: parameters).href
    }

    /// The URL with `field` added as a column, or taken away when it is one.
    func toggling(column field: String) -> String {
        link(columns: columns.contains(field) ? columns.filter { $0 != field } : Array((columns + [field]).prefix(Self.maximumColumns)))
    }

    /// The query with `NOT field:"value"` added, to filter a value out.
    func excluding(field: String, value: String) -> String {
        Self.narrowed(text, by: "NOT \(field):\(QueryParser.quoted(value))")
    }

    /// The events on the same host within ± `seconds` of an event: what happened around it.
    func surrounding(_ event: Event, seconds: TimeInterval = 300) -> String {
        return PageLink(
            path: "/monitoring",
            parameters: [
                ("q", event.host.isEmpty ? "" : "host.name:" + QueryParser.quoted(event.host)), ("range", "custom"),
                ("from", Timestamp.format(event.timestamp.addingTimeInterval(-seconds))),
                ("to", Timestamp.format(event.timestamp.addingTimeInterval(seconds + 0.001))),
            ]
        ).href
    }

    /// The search as a file (the API streams it).
    func export(_ format: String) -> String {
        var parameters: [(name: String, value: String)] = [("q", text), ("format", format)]
        if let from { parameters.append(("from", Timestamp.format(from))) }
        parameters.append(("to", Timestamp.format(to.addingTimeInterval(0.001))))
        // The CSV has the columns on screen (time and host first); NDJSON is always whole events.
        if format == "csv" && !columns.isEmpty {
            parameters.append(("fields", (["@timestamp", EventColumns.host] + columns.filter { $0 != EventColumns.host }).joined(separator: ",")))
        }
        return PageLink(path: "/api/v1/events/export", parameters: parameters).href
    }

    /// The same search narrowed to [from, to): where a histogram bar leads.
    func link(from: Date, to: Date) -> String {
        PageLink(
            path: "/monitoring",
            parameters: [("q", text), ("range", "custom"), ("from", Timestamp.format(from)), ("to", Timestamp.format(to))]
                + (columns.isEmpty ? [] : [("columns", columns.joined(separator: ","))])
        ).href
    }
}
