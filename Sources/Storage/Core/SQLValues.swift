// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import PostgresKit
import SQLKit
import SQLiteKit

/// Conversions between domain values and the portable column types (BIGINT milliseconds, 0/1, JSON text).
enum SQLValues {
    static func millis(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
    static func millis(_ date: Date?) -> Int? { date.map(millis) }
    static func date(_ millis: Int) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }
    static func date(_ millis: Int?) -> Date? { millis.map(date) }

    // One coder each, not one per column per row: lists are read on every listing.
    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    static func json(_ list: [String]) -> String {
        String(decoding: (try? encoder.encode(list)) ?? Data("[]".utf8), as: UTF8.self)
    }
    static func list(_ json: String) -> [String] {
        (try? decoder.decode([String].self, from: Data(json.utf8))) ?? []
    }
    /// Any other JSON column (maps, number lists); `fallback` when the text does not decode.
    static func encoded<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
    static func decoded<T: Decodable>(_ json: String, as type: T.Type, fallback: T) -> T {
        (try? decoder.decode(type, from: Data(json.utf8))) ?? fallback
    }

    /// A whole domain value as a JSON `body` column (findings, cases and their records): sorted keys, dates in
    /// milliseconds, as the indexed columns beside it.
    static func body<T: Encodable>(_ value: T) throws -> String { String(decoding: try bodyEncoder.encode(value), as: UTF8.self) }
    private static let bodyEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }()
    /// The decoder of ``body(_:)`` columns (a new one per use: JSONDecoder is not Sendable).
    static func bodyDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }

    /// `text` with LIKE's wildcards escaped by `!` (portable: SQLite has no default escape character).
    static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for char in text {
            if char == "%" || char == "_" || char == "!" { escaped.append("!") }
            escaped.append(char)
        }
        return escaped
    }

    /// A LIKE pattern that matches lowercased `text` anywhere.
    static func containsPattern(_ text: String) -> String { "%\(likeEscaped(text.lowercased()))%" }

    /// `LOWER(column) LIKE pattern ESCAPE '!'` for each column, joined by OR.
    static func containsAny(_ columns: [String], _ text: String) -> SQLQueryString {
        let pattern = containsPattern(text)
        var query: SQLQueryString = "("
        for (index, column) in columns.enumerated() {
            if index > 0 { query.appendInterpolation(unsafeRaw: " OR ") }
            query.appendInterpolation(unsafeRaw: "LOWER(\(column)) LIKE ")
            query.appendInterpolation(bind: pattern)
            query.appendInterpolation(unsafeRaw: " ESCAPE '!'")
        }
        query.appendInterpolation(unsafeRaw: ")")
        return query
    }
}

/// Keyset pagination over (sort key, id): stable under inserts, no OFFSET scans.
enum Cursor {
    /// URL-safe base64 (RFC 4648 §5, no padding): a cursor goes back in a query string as it came, without encoding.
    static func encode(key: String, id: String) -> String {
        Data((key + "\u{1F}" + id).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String?) throws -> (key: String, id: String)? {
        guard let cursor, !cursor.isEmpty else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
        }
        let parts = text.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw CoreError.invalid([FieldError(field: "cursor", message: "is not a cursor returned by this listing")])
        }
        return (String(parts[0]), String(parts[1]))
    }

    /// Adds `(key > k OR (key = k AND id > i))` for ascending listings.
    static func after<B: SQLPredicateBuilder>(_ builder: B, column: String, cursor: (key: String, id: String)?) -> B {
        guard let cursor else { return builder }
        return builder.where { group in
            group.where(SQLColumn(column), .greaterThan, SQLBind(cursor.key))
                .orWhere { inner in
                    inner.where(SQLColumn(column), .equal, SQLBind(cursor.key)).where("id", .greaterThan, SQLBind(cursor.id))
                }
        }
    }

    /// Trims the extra row fetched to learn whether a next page exists, and makes its cursor.
    static func page<T>(_ rows: [T], limit: Int, key: (T) -> String, id: (T) -> String) -> Page<T> {
        guard rows.count > limit else { return Page(items: rows, next: nil) }
        let items = Array(rows.prefix(limit))
        return Page(items: items, next: encode(key: key(items[limit - 1]), id: id(items[limit - 1])))
    }
}

extension Error {
    /// Whether the database refused a row for breaking a UNIQUE constraint (SQLite or PostgreSQL SQLSTATE 23505).
    var isUniqueViolation: Bool {
        if let error = self as? PSQLError { return error.serverInfo?[.sqlState] == "23505" }
        if let error = self as? SQLiteError {
            return error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
                || (error.reason == .constraint && error.message.contains("UNIQUE"))
        }
        return false
    }
}
