// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Hummingbird
import NIOCore

extension Request {
    /// The body, at most `limit` bytes (413 beyond).
    func bytes(limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(status: .contentTooLarge, code: "payload_too_large", message: "the body is larger than \(limit) bytes")
        }
    }

    /// The body as UTF-8 text.
    func text(limit: Int) async throws -> String {
        let buffer = try await bytes(limit: limit)
        guard let text = buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes) else {
            throw APIError.badRequest("body: not UTF-8 text")
        }
        return text
    }

    /// The body decoded as JSON of type `T` (snake_case keys); errors name the field, and a field `T` does not know
    /// is refused rather than ignored, so that a typo cannot silently drop a value.
    func json<T: APIInput>(_ type: T.Type, limit: Int = 256 * 1024) async throws -> T {
        guard let value = try await jsonIfPresent(type, limit: limit) else { throw APIError.badRequest("body: a JSON object is required") }
        return value
    }

    /// As ``json(_:limit:)``, but nil for an empty body (an approval without a comment).
    func jsonIfPresent<T: APIInput>(_ type: T.Type, limit: Int = 256 * 1024) async throws -> T? {
        let buffer = try await bytes(limit: limit)
        if buffer.readableBytes == 0 { return nil }
        let data = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw APIError.badRequest("body: not valid JSON") }
        guard let fields = object as? [String: Any] else { throw APIError.badRequest("body: must be a JSON object") }
        let unknown = fields.keys.filter { !T.fields.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw CoreError.invalid(
                unknown.map { FieldError(field: $0, message: "is not a field of this request (known: \(T.fields.sorted().joined(separator: ", ")))") }
            )
        }
        return try JSONCoding.decoder.decode(T.self, from: data)
    }

    /// A query parameter, with `limit` and `cursor` checks shared by every listing.
    func pageRequest() throws -> PageRequest {
        var limit = 50
        if let text = formValue("limit") {
            guard let value = Int(text), (1...PageRequest.maximumLimit).contains(value) else {
                throw APIError(
                    status: .badRequest, code: "bad_request", message: "limit: must be a whole number from 1 to \(PageRequest.maximumLimit)")
            }
            limit = value
        }
        return PageRequest(limit: limit, cursor: formValue("cursor"))
    }

    /// A query parameter that must be one of an enumeration's values.
    func queryEnum<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = formValue(name), !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            throw APIError(
                status: .badRequest, code: "bad_request",
                message: "\(name): '\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A comma-separated query parameter whose items must be an enumeration's values; empty when absent.
    func queryEnumList<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> [T] where T.RawValue == String {
        guard let text = formValue(name), !text.isEmpty else { return [] }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            let item = part.trimmingCharacters(in: .whitespaces)
            guard let value = T(rawValue: item) else {
                throw APIError(
                    status: .badRequest, code: "bad_request",
                    message: "\(name): '\(item)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }

    /// A query parameter that must be one of `values`; nil when absent or empty.
    func queryChoice(_ name: String, _ values: [String]) throws -> String? {
        guard let text = formValue(name), !text.isEmpty else { return nil }
        guard values.contains(text) else {
            throw APIError(
                status: .badRequest, code: "bad_request", message: "\(name): '\(text.prefix(100))' is not one of \(values.joined(separator: ", "))")
        }
        return text
    }

    /// A query parameter that must be `true` or `false`; nil when absent.
    func queryBool(_ name: String) throws -> Bool? {
        guard let text = formValue(name), !text.isEmpty else { return nil }
        switch text {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError(status: .badRequest, code: "bad_request", message: "\(name): must be true or false")
        }
    }

    /// A query parameter that must be an RFC 3339 time.
    func queryTime(_ name: String) throws -> Date? {
        guard let text = formValue(name), !text.isEmpty else { return nil }
        guard let date = Timestamp.parse(text) else {
            throw APIError(
                status: .badRequest, code: "bad_request", message: "\(name): '\(text)' is not an RFC 3339 time such as 2026-01-31T00:00:00Z")
        }
        return date
    }

    /// `from` and `to` of a metrics query: RFC 3339 times, or days (`to` a day: through its end); by default the
    /// last 90 days to now.
    func queryPeriod(now: Date) throws -> (from: Date, to: Date) {
        func date(_ name: String, endOfDay: Bool) throws -> Date? {
            guard let text = queryString(name) else { return nil }
            if let value = Timestamp.parse(text) { return value }
            if let day = Timestamp.parse(text + "T00:00:00Z") { return endOfDay ? day.addingTimeInterval(86400) : day }
            throw APIError.badRequest("\(name): '\(text)' is not an RFC 3339 time or YYYY-MM-DD")
        }
        let to = try date("to", endOfDay: true) ?? now.addingTimeInterval(1)
        return (try date("from", endOfDay: false) ?? to.addingTimeInterval(-90 * 86400), to)
    }

    func queryString(_ name: String) -> String? {
        formValue(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
    }

    /// A query parameter decoded as HTML forms and curl encode them (`+` is a space, `%2B` a plus), which
    /// Hummingbird's RFC 3986 decoding leaves as `+`.
    func formValue(_ name: String) -> String? {
        guard let query = uri.query else { return nil }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            guard key == name else { continue }
            let value = parts.count > 1 ? String(parts[1]) : ""
            return value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
        }
        return nil
    }
}

/// A JSON request body: the snake_case names of its fields, to refuse unknown ones.
protocol APIInput: Decodable, Sendable {
    static var fields: Set<String> { get }
}

extension AuthedContext {
    /// The `{id}` route parameter (or another), checked to be an identifier (404 otherwise, as for an unknown id).
    func id(_ kind: String, parameter: String = "id") throws -> String {
        guard let id = parameters.get(parameter), Identifier.isValid(id) else {
            throw CoreError.notFound(kind: kind, id: parameters.get(parameter) ?? "")
        }
        return id
    }
}
