// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A problem with one field of an input, named so that the user can find it.
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field (JSON key, CSV column or form field) that is wrong.
    public var field: String
    public var message: String
    /// The 1-based line of a file the field came from, when it came from a file.
    public var line: Int?

    public init(field: String, message: String, line: Int? = nil) {
        self.field = field
        self.message = message
        self.line = line
    }

    public var description: String {
        if let line { return "line \(line): \(field): \(message)" }
        return "\(field): \(message)"
    }
}

/// Errors shared by every domain's stores and services; the web layer maps them to HTTP statuses.
public enum CoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input was invalid; each field error says where.
    case invalid([FieldError])
    /// No such object.
    case notFound(kind: String, id: String)
    /// The change conflicts with the current state (duplicate name, stale state).
    case conflict(String)
    /// The caller may not do this to this object, whatever their role (reviewing one's own access).
    case forbidden(String)
    /// A system Bulwark had to ask (a directory server) failed or refused; the message says which and why.
    case upstream(String)

    public var description: String {
        switch self {
        case .invalid(let errors): return errors.map(\.description).joined(separator: "; ")
        case .notFound(let kind, let id): return "\(kind) \(id) not found"
        case .conflict(let message): return message
        case .forbidden(let message): return message
        case .upstream(let message): return message
        }
    }
}
