// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring

/// `/api/v1/events`: search, histogram, one event, and the sources seen.
struct EventsController {
    let monitoring: MonitoringService
    let clock: any WallClock

    static let searchParameters = [
        APIOperation.Parameter("q", "query: words, \"phrases\", field:value, field:val*, field:*, field>N, AND/OR/NOT, parentheses"),
        .init("from", "start (inclusive): RFC 3339 time, date, or now-15m / now-24h / now-7d", .flexibleTime),
        .init("to", "end (exclusive), same forms; default now", .flexibleTime),
    ]

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/events", operationID: "searchEvents",
                summary: "Search events, newest first; total is the exact number matching in the time range",
                tag: "Events", access: .permission(.eventsRead),
                query: Self.searchParameters + [.limit, .cursor],
                responseSchema: "EventSearch")
        ) { request, _ in
            let query = try Self.query(request, now: clock.now())
            let page = try request.pageRequest()
            let result = try await monitoring.search(query, limit: page.limit, cursor: page.cursor)
            return try JSONResponse.make(result)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/events/histogram", operationID: "eventHistogram",
                summary: "Number of matching events per time bucket", tag: "Events", access: .permission(.eventsRead),
                query: Self.searchParameters + [.init("buckets", "number of buckets, 1–500 (default 60)", .integer(1...500))],
                responseSchema: "EventHistogram")
        ) { request, _ in
            let now = clock.now()
            var query = try Self.query(request, now: now)
            if query.from == nil { query.from = now.addingTimeInterval(-86400) }
            if query.to == nil { query.to = now }
            let buckets = try Self.bucketCount(request)
            let interval = Self.interval(from: query.from!, to: query.to!, buckets: buckets)
            let histogram = try await monitoring.histogram(query, interval: interval)
            return try JSONResponse.make(
                EventHistogramBody(
                    intervalSeconds: interval, from: query.from!, to: query.to!,
                    buckets: histogram.map { EventHistogramBody.Bucket(start: $0.start, count: $0.count) }))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/events/export", operationID: "exportEvents",
                summary: "Matching events as a file, newest first, streamed: NDJSON (every field) or CSV (chosen columns); at most 100,000",
                tag: "Events", access: .permission(.eventsRead),
                query: Self.searchParameters + [
                    .init("format", "ndjson (default) or csv", .oneOf(["ndjson", "csv"])),
                    .init(
                        "fields", "CSV columns, comma-separated field names (default @timestamp,host.name,event.action,user.name,source.ip,summary)"),
                ],
                responseSchema: "EventExport", responseContentType: "application/x-ndjson", alternativeContentTypes: ["text/csv"])
        ) { request, _ in
            let now = clock.now()
            let query = try Self.query(request, now: now)
            let format = request.queryString("format") ?? "ndjson"
            guard format == "ndjson" || format == "csv" else { throw APIError.badRequest("format: must be ndjson or csv") }
            let columns = try Self.columns(request.queryString("fields"))
            // The first page is read before the answer starts, so that a query the store refuses is still an error.
            let first = try await monitoring.search(query, limit: PageRequest.maximumLimit, cursor: nil)
            let monitoring = monitoring
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let body = Hummingbird.ResponseBody { writer in
                if format == "csv" { try await writer.write(ByteBuffer(string: columns.map(CSV.quote).joined(separator: ",") + "\r\n")) }
                var page = first
                var written = 0
                while true {
                    var chunk = ""
                    for stored in page.events.prefix(Self.exportLimit - written) {
                        chunk += format == "csv" ? Self.csvLine(stored, columns) + "\r\n" : Self.jsonLine(stored, encoder) + "\n"
                    }
                    written += min(page.events.count, Self.exportLimit - written)
                    try await writer.write(ByteBuffer(string: chunk))
                    guard let next = page.next, written < Self.exportLimit else { break }
                    page = try await monitoring.search(query, limit: PageRequest.maximumLimit, cursor: next)
                }
                try await writer.finish(nil)
            }
            let stamp = Timestamp.format(now).replacingOccurrences(of: ":", with: "")
            return Response(
                status: .ok,
                headers: [
                    .contentType: format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
                    .contentDisposition: "attachment; filename=\"bulwark-events-\(stamp).\(format)\"",
                ],
                body: body)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/events/{id}", operationID: "getEvent", summary: "One event",
                tag: "Events", access: .permission(.eventsRead), responseSchema: "Event")
        ) { _, context in
            guard let text = context.parameters.get("id"), let id = Int64(text), let event = try await monitoring.event(id: id) else {
                throw CoreError.notFound(kind: "event", id: context.parameters.get("id") ?? "")
            }
            return try JSONResponse.make(event)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/saved-searches", operationID: "listSavedSearches",
                summary: "Your saved event searches and those shared with the team", tag: "Events", access: .permission(.eventsRead),
                responseSchema: "SavedSearchList")
        ) { _, context in
            try JSONResponse.make(
                SavedSearchListBody(searches: try await monitoring.savedSearches(visibleTo: context.actor.username).map(SavedSearchBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/saved-searches", operationID: "saveSearch",
                summary: "Save an event search by name (your own name again replaces it); `shared` shows it to the team",
                tag: "Events", access: .permission(.eventsRead), requestSchema: "SavedSearchInput", responseSchema: "SavedSearch",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(SavedSearchInput.self)
            let saved = try await monitoring.saveSearch(
                name: input.name, query: input.query, range: input.range ?? "24h", shared: input.shared ?? false, by: context.actor)
            return try JSONResponse.make(SavedSearchBody(saved), status: .created)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/saved-searches/{id}", operationID: "deleteSavedSearch",
                summary: "Delete one of your saved searches (an admin may delete a shared one)", tag: "Events",
                access: .permission(.eventsRead), successStatus: 204)
        ) { _, context in
            try await monitoring.deleteSearch(
                id: try context.id("saved search"), mayDeleteOthers: context.principal.can(.usersManage), by: context.actor)
            return Response(status: .noContent)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/event-sources", operationID: "listEventSources",
                summary: "Every host and input seen: first and last seen, events, rate, silence",
                tag: "Events", access: .permission(.eventsRead), responseSchema: "EventSources")
        ) { _, _ in
            let sources = try await monitoring.sources()
            return try JSONResponse.make(
                EventSourcesBody(silenceThresholdSeconds: Int(monitoring.settings.sourceSilence), sources: sources.map(EventSourceBody.init)))
        }
    }

    struct SavedSearchInput: APIInput {
        static let fields: Set<String> = ["name", "query", "range", "shared"]
        var name: String
        var query: String
        var range: String?
        var shared: Bool?
    }

    /// The most events one export holds.
    static let exportLimit = 100_000

    static let defaultColumns = ["@timestamp", "host.name", "event.action", "user.name", "source.ip", "summary"]

    /// The CSV columns asked for: field names, `@timestamp`, `summary` (the one-line description) or `raw`.
    static func columns(_ text: String?) throws -> [String] {
        guard let text, !text.isEmpty else { return defaultColumns }
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard (1...100).contains(names.count), names.allSatisfy({ $0.count <= 200 }) else {
            throw APIError.badRequest("fields: 1 to 100 comma-separated field names")
        }
        return names
    }

    static func csvLine(_ stored: StoredEvent, _ columns: [String]) -> String {
        columns.map { column -> String in
            switch column {
            case "@timestamp": return Timestamp.format(stored.event.timestamp)
            case "summary": return stored.event.summary
            case "raw": return stored.event.raw
            case "host.name": return stored.event.host
            default: return stored.event.fields[column]?.text ?? ""
            }
        }
        .map(CSV.quote).joined(separator: ",")
    }

    static func jsonLine(_ stored: StoredEvent, _ encoder: JSONEncoder) -> String {
        (try? encoder.encode(stored)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func query(_ request: Request, now: Date) throws -> EventQuery {
        let text = String((request.formValue("q") ?? "").prefix(QueryParser.maximumLength + 1))
        let from = try time(request, "from", now: now)
        let to = try time(request, "to", now: now)
        do {
            return try EventQuery(text, from: from, to: to, now: now)
        } catch let error as QueryError {
            throw CoreError.invalid([FieldError(field: "q", message: error.description)])
        }
    }

    static func time(_ request: Request, _ name: String, now: Date) throws -> Date? {
        guard let text = request.queryString(name) else { return nil }
        guard let date = QueryParser.parseTime(text, now: now) else {
            throw APIError.badRequest("\(name): '\(text)' is not a time (use 2026-01-31T12:00:00Z, 2026-01-31 or now-15m)")
        }
        return date
    }

    static func bucketCount(_ request: Request) throws -> Int {
        guard let text = request.queryString("buckets") else { return 60 }
        guard let value = Int(text), (1...500).contains(value) else { throw APIError.badRequest("buckets: must be a whole number from 1 to 500") }
        return value
    }

    /// A round bucket width near (to − from) / buckets.
    static func interval(from: Date, to: Date, buckets: Int) -> TimeInterval {
        let raw = max(1, to.timeIntervalSince(from) / Double(buckets))
        let steps: [TimeInterval] = [1, 5, 10, 30, 60, 300, 600, 1800, 3600, 10800, 21600, 43200, 86400, 604800]
        return steps.first { $0 >= raw } ?? raw
    }
}
