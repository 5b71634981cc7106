// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// One route of the JSON API as documented: the same value registers the route, checks its permission and
/// writes its entry in the OpenAPI document, so that the three cannot drift apart.
public struct APIOperation: Sendable {
    public enum Access: Sendable, Equatable {
        /// No credentials needed (health probes, the OpenAPI document).
        case anonymous
        /// Needs a principal with this permission.
        case permission(Permission)
    }

    /// A query parameter, with what the server accepts for it (the document states exactly that). An empty value
    /// means the parameter is absent, as HTML forms send it.
    public struct Parameter: Sendable {
        public enum Kind: Sendable, Equatable {
            /// Any text.
            case text
            /// A whole number in the range.
            case integer(ClosedRange<Int>)
            /// `true` or `false` (also `1`/`0`, `yes`/`no`).
            case boolean
            /// An RFC 3339 time.
            case time
            /// An RFC 3339 time or a day (`YYYY-MM-DD`).
            case timeOrDay
            /// An RFC 3339 time, a day (`YYYY-MM-DD`), or `now` less a duration (`now-15m`, `now-7d`).
            case flexibleTime
            /// One of these values.
            case oneOf([String])
            /// Comma-separated values, each one of these.
            case listOf([String])
        }

        public var name: String
        public var description: String
        public var kind: Kind

        public init(_ name: String, _ description: String, _ kind: Kind = .text) {
            self.name = name
            self.description = description
            self.kind = kind
        }

        /// One of an enumeration's values.
        public static func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _ description: String, _ type: T.Type) -> Parameter
        where T.RawValue == String {
            Parameter(name, description, .oneOf(T.allCases.map(\.rawValue)))
        }

        /// Comma-separated values of an enumeration.
        public static func listOf<T: RawRepresentable & CaseIterable>(_ name: String, _ description: String, _ type: T.Type) -> Parameter
        where T.RawValue == String {
            Parameter(name, description, .listOf(T.allCases.map(\.rawValue)))
        }

        public static let limit = Parameter("limit", "page size, 1–\(PageRequest.maximumLimit) (default 50)", .integer(1...PageRequest.maximumLimit))
        public static let cursor = Parameter("cursor", "the `next` value of the previous page")
    }

    public var method: HTTPRequest.Method
    /// OpenAPI form, e.g. `/api/v1/assets/{id}`.
    public var path: String
    public var operationID: String
    public var summary: String
    public var tag: String
    public var access: Access
    public var query: [Parameter] = []
    /// Component schema name of the JSON body, or a media type's description for other bodies.
    public var requestSchema: String? = nil
    public var requestContentType = "application/json"
    public var responseSchema: String? = nil
    public var responseContentType = "application/json"
    public var successStatus = 200
    /// Schema of the error answers: `Error`, or the shipper protocol's own (Splunk HEC, Elasticsearch).
    public var errorSchema = "Error"
    /// Schema of a 422 answer when it is not `Error`: imports answer their report, listing what was refused.
    public var rejectedSchema: String? = nil
    /// Other content types of the success answer (a STIX bundle, a CSV export chosen by `format`).
    public var alternativeContentTypes: [String] = []
    /// Another success status with the same body (200 when an add finds the object already there).
    public var alsoSucceedsWith: Int? = nil
    /// How the operation says "the queue is full, come back later", for those that can: the status and its body schema.
    public var busy: Busy? = nil
    /// Other failures the operation answers with, each with what it means (a 502 when a system it asks fails).
    public var failures: [Int: String] = [:]

    public struct Busy: Sendable {
        public var status: Int
        public var schema: String
        public init(_ status: Int, _ schema: String) {
            self.status = status
            self.schema = schema
        }
    }

    public var permission: Permission? {
        if case .permission(let permission) = access { return permission }
        return nil
    }

    /// Names of `{…}` segments of the path.
    public var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }
}

/// Every operation registered so far, in order.
public final class OperationCatalog: Sendable {
    private let storage = NIOLockedValueBox<[APIOperation]>([])
    private let schemaSources = NIOLockedValueBox<[@Sendable () -> [String: Any]]>([])
    public init() {}
    public var operations: [APIOperation] { storage.withLockedValue { $0 } }
    func append(_ operation: APIOperation) { storage.withLockedValue { $0.append(operation) } }

    /// The JSON Schemas the operations name, as the areas supplied them (a name given twice keeps the first).
    public var schemas: [String: Any] {
        schemaSources.withLockedValue { $0 }.reduce(into: [String: Any]()) { all, source in all.merge(source()) { first, _ in first } }
    }
    func addSchemas(_ source: @escaping @Sendable () -> [String: Any]) { schemaSources.withLockedValue { $0.append(source) } }
}

/// Registers API operations on the router: anonymous ones in the plain context, the rest in ``AuthedContext``
/// behind a check of the operation's permission.
public struct APIRoutes {
    let anonymous: Router<WebContext>
    let authed: RouterGroup<AuthedContext>
    let catalog: OperationCatalog

    func add(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, AuthedContext) async throws -> Response) {
        catalog.append(operation)
        guard let permission = operation.permission else { preconditionFailure("\(operation.path) is anonymous; use addAnonymous") }
        authed.on(RouterPath(operation.path), method: operation.method) { request, context in
            try Self.checkCSRF(request, session: context.session)
            try context.require(permission)
            try Self.checkQuery(request, operation: operation)
            try Self.checkContentType(request, operation: operation)
            try Self.checkBodyPresent(request, operation: operation)
            return try await handler(request, context)
        }
    }

    /// Answers 405 with `Allow` for the methods a documented path does not take (instead of 404), as HTTP says.
    /// Called once every operation is registered.
    func addMethodNotAllowed() {
        var methods: [String: Set<HTTPRequest.Method>] = [:]
        for operation in catalog.operations { methods[operation.path, default: []].insert(operation.method) }
        for (path, allowed) in methods {
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .trace, .options, HTTPRequest.Method("QUERY")!]
            where !allowed.contains(method) {
                anonymous.on(RouterPath(path), method: method) { _, _ in
                    var response = JSONResponse.make(
                        APIError(
                            status: .methodNotAllowed, code: "method_not_allowed",
                            message: "\(method.rawValue) is not allowed here; use \(allow)"
                        ).body,
                        status: .methodNotAllowed)
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
    }

    /// A request body the operation requires must be there: an empty one is refused (400) rather than read as nothing.
    static func checkBodyPresent(_ request: Request, operation: APIOperation) throws {
        guard operation.requestSchema != nil, [.post, .put, .patch].contains(request.method) else { return }
        let length = request.headers[.contentLength]
        if length == "0" || (length == nil && request.headers[.transferEncoding] == nil) {
            throw APIError.badRequest("body: required (\(operation.requestContentType))")
        }
    }

    /// A signed-in browser's change must echo the session's CSRF token in `X-CSRF-Token`. Decided here, on the
    /// route the router matched, rather than on the raw path: the router collapses `//` and a path test did not.
    static func checkCSRF(_ request: Request, session: Session?) throws {
        guard let session, ![.get, .head, .options].contains(request.method) else { return }
        guard let sent = request.headers[AuthenticationMiddleware.csrfHeader], Secrets.constantTimeEqual(sent, session.csrfToken) else {
            throw APIError(status: .forbidden, code: "csrf", message: "a signed-in browser must send the X-CSRF-Token header with changes")
        }
    }

    /// JSON operations of `/api/` take JSON only: a `text/plain` or form body is what a cross-site page can send
    /// without asking, so it is refused (415) even where the body would parse.
    static func checkContentType(_ request: Request, operation: APIOperation) throws {
        guard operation.requestSchema != nil, operation.requestContentType == "application/json", operation.path.hasPrefix("/api/"),
            let type = request.headers[.contentType]
        else { return }
        let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json")) else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "Content-Type: '\(String(media.prefix(100)))' is not accepted here; send application/json")
        }
    }

    func addAnonymous(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, WebContext) async throws -> Response) {
        precondition(operation.access == .anonymous)
        catalog.append(operation)
        anonymous.on(RouterPath(operation.path), method: operation.method) { request, context in
            try Self.checkCSRF(request, session: context.session)
            try Self.checkQuery(request, operation: operation)
            try Self.checkContentType(request, operation: operation)
            try Self.checkBodyPresent(request, operation: operation)
            return try await handler(request, context)
        }
    }

    /// The JSON API refuses a query parameter it does not take (400 naming it), as it refuses an unknown body field:
    /// `?sevrity=critical` must not answer every alert. The shipper endpoints outside `/api/` take what their
    /// clients send (Beats add `filter_path`, HEC clients `channel`).
    static func checkQuery(_ request: Request, operation: APIOperation) throws {
        guard operation.path.hasPrefix("/api/"), let query = request.uri.query, !query.isEmpty else { return }
        let known = Set(operation.query.map(\.name))
        for pair in query.split(separator: "&") {
            let raw = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let name = raw.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? raw
            guard !name.isEmpty, !known.contains(name) else { continue }
            let accepted = known.isEmpty ? "it takes no query parameters" : "it takes \(known.sorted().joined(separator: ", "))"
            throw APIError(
                status: .badRequest, code: "unknown_parameter",
                message: "\(String(name.prefix(100))): not a query parameter of \(operation.method.rawValue) \(operation.path) (\(accepted))",
                details: [FieldError(field: String(name.prefix(100)), message: "unknown query parameter")])
        }
    }
}
