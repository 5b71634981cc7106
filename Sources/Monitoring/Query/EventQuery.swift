// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A parsed search: free text, field predicates and boolean structure (see ``QueryParser`` for the syntax).
public indirect enum QueryNode: Sendable, Equatable {
    /// Matches every event (the empty query).
    case all
    /// Words (a phrase when more than one) in the raw text, in order; `prefix` lets the last word be a prefix (`word*`).
    case words([String], prefix: Bool)
    /// A pattern with `*`/`?` anywhere, matched case-insensitively against the whole raw text as a substring.
    case rawPattern(String)
    case field(String, FieldPredicate)
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
}

public enum FieldPredicate: Sendable, Equatable {
    /// Case-insensitive equality with the value's text (any element of a list).
    case equals(String)
    /// `*` and `?` wildcards over the whole value, case-insensitive.
    case pattern(String)
    /// The field is present and not null.
    case exists
    /// A numeric comparison; for `@timestamp` and `event.received`, the number is milliseconds since 1970.
    case compare(Comparison, Double)
}

public enum Comparison: String, Sendable, Equatable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    func holds(_ left: Double, _ right: Double) -> Bool {
        switch self {
        case .less: return left < right
        case .lessOrEqual: return left <= right
        case .greater: return left > right
        case .greaterOrEqual: return left >= right
        }
    }
}

/// A search over a time range.
public struct EventQuery: Sendable, Equatable {
    public var text: String
    public var node: QueryNode
    /// Inclusive.
    public var from: Date?
    /// Exclusive.
    public var to: Date?

    public init(_ text: String, from: Date? = nil, to: Date? = nil, now: Date = Date()) throws {
        self.text = text
        self.node = try QueryParser.parse(text, now: now)
        self.from = from
        self.to = to
    }
}

/// A query that does not parse: the message and the 0-based character position it points at.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var position: Int
    public var message: String
    public var description: String { "position \(position + 1): \(message)" }
}

/// Fields stored as columns of their own, which searches and the store treat specially.
public enum EventColumns {
    public static let timestamp = "@timestamp"
    public static let received = "event.received"
    public static let host = "host.name"
    public static let input = "event.input"
}
