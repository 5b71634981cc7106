// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Monitoring
import SQLKit

/// Events in the `events` and `event_sources` tables.
public struct SQLEventStore: EventStore {
    let database: Database
    /// Rows per INSERT statement (6 binds each, well under SQLite's 32,766).
    static let rowsPerStatement = 500
    /// Source event rates are counted over windows of this length.
    static let rateWindow = 5 * 60 * 1000

    /// Longest a search (its count, page or histogram) may run; then it is stopped with ``EventSearchTimedOut``.
    let searchTimeout: TimeInterval

    public init(database: Database, searchTimeout: TimeInterval = 30) {
        self.database = database
        self.searchTimeout = searchTimeout
    }

    /// Runs a search's statements within ``searchTimeout``: PostgreSQL's `statement_timeout`, and on SQLite a
    /// deadline that ``SQLiteDeadline`` checks on every row the statement visits (`condition` carries it).
    func withinTimeLimit<T: Sendable>(_ body: @Sendable @escaping (_ db: any SQLDatabase, _ guardTerm: SQLQueryString) async throws -> T) async throws
        -> T
    {
        let deadline = SQLValues.millis(Date()) + Int(searchTimeout * 1000)
        let guardTerm: SQLQueryString = database.dialect == .sqlite ? "\(unsafeRaw: SQLiteDeadline.name)(\(bind: deadline)) AND " : ""
        let postgres = database.dialect == .postgres
        let milliseconds = Int(searchTimeout * 1000)
        do {
            return try await database.read { db in
                if postgres { try await db.raw("SET statement_timeout = \(unsafeRaw: String(milliseconds))").run() }
                do {
                    let result = try await body(db, guardTerm)
                    if postgres { try await db.raw("RESET statement_timeout").run() }
                    return result
                } catch {
                    if postgres { try? await db.raw("RESET statement_timeout").run() }
                    throw error
                }
            }
        } catch {
            if SQLiteDeadline.isTimeout(error) { throw EventSearchTimedOut(seconds: searchTimeout) }
            throw error
        }
    }

    @discardableResult
    public func append(_ events: [Event]) async throws -> [Int64] {
        guard !events.isEmpty else { return [] }
        let now = SQLValues.millis(Date())
        let windowStart = now - now % Self.rateWindow
        var sources: [SourceKey: (count: Int, first: Int, last: Int)] = [:]
        for event in events {
            let received = SQLValues.millis(event.received)
            let key = SourceKey(host: event.host, input: event.input)
            if let existing = sources[key] {
                sources[key] = (existing.count + 1, min(existing.first, received), max(existing.last, received))
            } else {
                sources[key] = (1, received, received)
            }
        }
        let sourceCounts = sources
        // Encode before taking the write lock: the lock is the ingest bottleneck, so hold it only for SQLite's work.
        let postgres = database.dialect == .postgres
        let encoded = postgres ? events.map { FieldValue.json($0.fields) } : []
        let binary = postgres ? [] : events.map { SQLiteJSONB.encode($0.fields) }
        return try await database.transaction { db in
            var ids: [Int64] = []
            ids.reserveCapacity(events.count)
            var offset = 0
            while offset < events.count {
                let chunk = events[offset..<min(offset + Self.rowsPerStatement, events.count)]
                var query: SQLQueryString = "INSERT INTO events (ts, received, host, input, raw, fields) VALUES "
                for (index, event) in chunk.enumerated() {
                    if index > 0 { query.appendInterpolation(unsafeRaw: ", ") }
                    if postgres {
                        let fields = encoded[offset + index]
                        let row: SQLQueryString =
                            "(\(bind: SQLValues.millis(event.timestamp)), \(bind: SQLValues.millis(event.received)), \(bind: event.host), \(bind: event.input), \(bind: Self.clean(event.raw)), CAST(\(bind: Self.clean(fields)) AS JSONB))"
                        query.appendInterpolation(row)
                    } else {
                        // JSONB, SQLite's binary JSON: searches read fields without parsing text.
                        let row: SQLQueryString =
                            "(\(bind: SQLValues.millis(event.timestamp)), \(bind: SQLValues.millis(event.received)), \(bind: event.host), \(bind: event.input), \(bind: event.raw), \(bind: binary[offset + index]))"
                        query.appendInterpolation(row)
                    }
                }
                // One statement's rows get increasing identifiers in VALUES order (SQLite rowids, a PostgreSQL sequence).
                query.appendInterpolation(unsafeRaw: " RETURNING seq")
                let rows = try await db.raw(query).all()
                ids += try rows.map { try $0.decode(column: "seq", as: Int64.self) }.sorted()
                offset += Self.rowsPerStatement
            }
            for (key, value) in sourceCounts {
                try await db.raw(
                    """
                    INSERT INTO event_sources (host, input, first_seen, last_seen, events, window_start, window_count, previous_count, silent_since)
                    VALUES (\(bind: key.host), \(bind: key.input), \(bind: value.first), \(bind: value.last), \(bind: value.count), \(bind: windowStart), \(bind: value.count), 0, NULL)
                    ON CONFLICT (host, input) DO UPDATE SET
                        last_seen = CASE WHEN excluded.last_seen > event_sources.last_seen THEN excluded.last_seen ELSE event_sources.last_seen END,
                        events = event_sources.events + excluded.events,
                        previous_count = CASE WHEN event_sources.window_start = excluded.window_start THEN event_sources.previous_count
                                              WHEN event_sources.window_start = excluded.window_start - \(unsafeRaw: String(Self.rateWindow)) THEN event_sources.window_count
                                              ELSE 0 END,
                        window_count = CASE WHEN event_sources.window_start = excluded.window_start THEN event_sources.window_count + excluded.window_count
                                            ELSE excluded.window_count END,
                        window_start = excluded.window_start,
                        silent_since = NULL
                    """
                ).run()
            }
            return ids
        }
    }

    public func events(after id: Int64, limit: Int) async throws -> [StoredEvent] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT seq, ts, received, host, input, raw, \(unsafeRaw: fieldsColumn) AS fields FROM events
                WHERE seq > \(bind: id) ORDER BY seq LIMIT \(bind: limit)
                """
            ).all().map(Self.decode)
        }
    }

    public func lastID() async throws -> Int64 {
        try await database.read { db in
            try await db.raw("SELECT COALESCE(MAX(seq), 0) AS n FROM events").first()?.decode(column: "n", as: Int64.self) ?? 0
        }
    }

    /// PostgreSQL text cannot hold NUL characters; SQLite's can, so only PostgreSQL needs them replaced.
    static func clean(_ text: String) -> String {
        text.contains("\u{0}") ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    private struct SourceKey: Hashable {
        var host: String
        var input: String
    }

    /// The field map as JSON text (SQLite stores JSONB; PostgreSQL's JSONB column reads as text).
    private var fieldsColumn: String { database.dialect == .sqlite ? "json(fields)" : "fields::text" }

    private func whereClause(_ query: EventQuery, guardTerm: SQLQueryString = "") -> SQLQueryString {
        var clause: SQLQueryString = "WHERE "
        clause.appendInterpolation(guardTerm)
        if let from = query.from { clause.appendInterpolation("ts >= \(bind: SQLValues.millis(from)) AND " as SQLQueryString) }
        if let to = query.to { clause.appendInterpolation("ts < \(bind: SQLValues.millis(to)) AND " as SQLQueryString) }
        clause.appendInterpolation(EventQuerySQL(dialect: database.dialect).condition(query.node))
        return clause
    }

    public func search(_ query: EventQuery, limit: Int, cursor: String?) async throws -> EventSearchResult {
        let after = try Self.decodeCursor(cursor)
        return try await withinTimeLimit { db, guardTerm in
            let condition = whereClause(query, guardTerm: guardTerm)
            let total = try await db.raw("SELECT COUNT(*) AS n FROM events \(condition)").first()?.decode(column: "n", as: Int.self) ?? 0
            var select: SQLQueryString = "SELECT seq, ts, received, host, input, raw, \(unsafeRaw: fieldsColumn) AS fields FROM events \(condition)"
            if let after {
                select.appendInterpolation(" AND (ts < \(bind: after.ts) OR (ts = \(bind: after.ts) AND seq < \(bind: after.seq)))" as SQLQueryString)
            }
            select.appendInterpolation(unsafeRaw: " ORDER BY ts DESC, seq DESC LIMIT \(limit + 1)")
            let rows = try await db.raw(select).all()
            var events = try rows.map(Self.decode)
            var next: String?
            if events.count > limit {
                events.removeLast()
                let last = events[events.count - 1]
                next = Self.encodeCursor(ts: SQLValues.millis(last.event.timestamp), seq: last.id)
            }
            return EventSearchResult(total: total, events: events, next: next)
        }
    }

    public func histogram(_ query: EventQuery, interval: TimeInterval, origin: Date) async throws -> [HistogramBucket] {
        guard let from = query.from, interval > 0 else { return [] }
        let start = SQLValues.millis(min(origin, from))
        let width = max(1, Int(interval * 1000))
        let rows = try await withinTimeLimit { db, guardTerm in
            let condition = whereClause(query, guardTerm: guardTerm)
            return try await db.raw(
                "SELECT (ts - \(bind: start)) / \(bind: width) AS bucket, COUNT(*) AS n FROM events \(condition) GROUP BY bucket ORDER BY bucket"
            ).all()
        }
        var counts: [Int: Int] = [:]
        for row in rows { counts[try row.decode(column: "bucket", as: Int.self)] = try row.decode(column: "n", as: Int.self) }
        let end = query.to.map(SQLValues.millis) ?? (counts.keys.max().map { start + ($0 + 1) * width } ?? start)
        let bucketCount = max(0, (end - start + width - 1) / width)
        return (0..<bucketCount).map { HistogramBucket(start: SQLValues.date(start + $0 * width), count: counts[$0] ?? 0) }
    }

    public func event(id: Int64) async throws -> StoredEvent? {
        try await database.read { db in
            try await db.raw("SELECT seq, ts, received, host, input, raw, \(unsafeRaw: fieldsColumn) AS fields FROM events WHERE seq = \(bind: id)")
                .first().map(Self.decode)
        }
    }

    public func sources() async throws -> [EventSource] {
        let now = SQLValues.millis(Date())
        let window = now - now % Self.rateWindow
        return try await database.read { db in
            try await db.raw("SELECT * FROM event_sources ORDER BY last_seen DESC, host, input LIMIT 10000").all().map { row in
                let windowStart = try row.decode(column: "window_start", as: Int.self)
                let rate: Int
                if windowStart == window {
                    rate = try row.decode(column: "previous_count", as: Int.self)
                } else if windowStart == window - Self.rateWindow {
                    rate = try row.decode(column: "window_count", as: Int.self)
                } else {
                    rate = 0
                }
                return EventSource(
                    host: try row.decode(column: "host", as: String.self), input: try row.decode(column: "input", as: String.self),
                    firstSeen: SQLValues.date(try row.decode(column: "first_seen", as: Int.self)),
                    lastSeen: SQLValues.date(try row.decode(column: "last_seen", as: Int.self)),
                    events: Int64(try row.decode(column: "events", as: Int.self)),
                    eventsPerMinute: Double(rate) / Double(Self.rateWindow / 60000),
                    silentSince: SQLValues.date(try row.decode(column: "silent_since", as: Int?.self)))
            }
        }
    }

    public func markSilentSources(lastSeenBefore cutoff: Date, now: Date) async throws -> [EventSource] {
        let marked = try await database.transaction { db in
            let rows = try await db.raw(
                "SELECT host, input FROM event_sources WHERE silent_since IS NULL AND last_seen < \(bind: SQLValues.millis(cutoff))"
            ).all()
            let keys = try rows.map { (try $0.decode(column: "host", as: String.self), try $0.decode(column: "input", as: String.self)) }
            for (host, input) in keys {
                try await db.raw(
                    "UPDATE event_sources SET silent_since = last_seen WHERE host = \(bind: host) AND input = \(bind: input)"
                ).run()
            }
            return keys.map { SourceKey(host: $0.0, input: $0.1) }
        }
        guard !marked.isEmpty else { return [] }
        let all = try await sources()
        let set = Set(marked)
        return all.filter { set.contains(SourceKey(host: $0.host, input: $0.input)) }
    }

    public func purge(before date: Date) async throws -> Int {
        var total = 0
        // In chunks, so that ingest is never blocked for long.
        while true {
            let deleted = try await database.transaction { db in
                try await db.raw(
                    "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE ts < \(bind: SQLValues.millis(date)) ORDER BY ts LIMIT 5000) RETURNING seq"
                ).all().count
            }
            total += deleted
            if deleted < 5000 { return total }
        }
    }

    public func purgeOldest(_ count: Int) async throws -> Int {
        var remaining = count
        var total = 0
        while remaining > 0 {
            let chunk = min(remaining, 5000)
            let deleted = try await database.transaction { db in
                try await db.raw(
                    "DELETE FROM events WHERE seq IN (SELECT seq FROM events ORDER BY ts, seq LIMIT \(unsafeRaw: String(chunk))) RETURNING seq"
                ).all().count
            }
            total += deleted
            remaining -= chunk
            if deleted < chunk { break }
        }
        return total
    }

    public func storageBytes() async throws -> Int64 {
        try await database.read { db in
            switch database.dialect {
            case .sqlite:
                let row = try await db.raw(
                    "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()) AS pages, (SELECT page_size FROM pragma_page_size()) AS size"
                ).first()
                return Int64(try row?.decode(column: "pages", as: Int.self) ?? 0) * Int64(try row?.decode(column: "size", as: Int.self) ?? 0)
            case .postgres:
                // The files do not shrink when rows are deleted (PostgreSQL reuses the space after VACUUM), so count
                // the live rows' bytes instead: the row count times the mean size of the newest thousand rows.
                let row = try await db.raw(
                    """
                    SELECT (SELECT COUNT(*) FROM events) AS n,
                           (SELECT COALESCE(AVG(pg_column_size(sample.*)), 0) FROM (SELECT * FROM events ORDER BY seq DESC LIMIT 1000) AS sample)::float8 AS size
                    """
                ).first()
                let count = try row?.decode(column: "n", as: Int.self) ?? 0
                let size = try row?.decode(column: "size", as: Double.self) ?? 0
                return Int64(Double(count) * size)
            }
        }
    }

    public func count() async throws -> Int {
        try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM events").first()?.decode(column: "n", as: Int.self) ?? 0 }
    }

    static func decode(_ row: any SQLRow) throws -> StoredEvent {
        let fieldsText: String
        if let text = try? row.decode(column: "fields", as: String.self) {
            fieldsText = text
        } else {
            fieldsText = ""
        }
        return StoredEvent(
            id: Int64(try row.decode(column: "seq", as: Int.self)),
            event: Event(
                timestamp: SQLValues.date(try row.decode(column: "ts", as: Int.self)),
                received: SQLValues.date(try row.decode(column: "received", as: Int.self)),
                host: try row.decode(column: "host", as: String.self),
                input: try row.decode(column: "input", as: String.self),
                raw: try row.decode(column: "raw", as: String.self),
                fields: FieldValue.fields(json: fieldsText)))
    }

    /// `TS_SEQ`: plain characters, safe in a URL without encoding.
    static func encodeCursor(ts: Int, seq: Int64) -> String {
        "\(ts)_\(seq)"
    }

    static func decodeCursor(_ cursor: String?) throws -> (ts: Int, seq: Int64)? {
        guard let cursor, !cursor.isEmpty else { return nil }
        let parts = cursor.split(separator: "_")
        guard parts.count == 2, let ts = Int(parts[0]), let seq = Int64(parts[1]) else {
            throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this search")])
        }
        return (ts, seq)
    }
}
