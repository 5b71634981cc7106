import AccessControl
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

    public struct Parameter: Sendable {
        public var name: String
        public var description: String
        public var type: String
        public init(_ name: String, _ description: String, type: String = "string") {
            self.name = name
            self.description = description
            self.type = type
        }
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
    public init() {}
    public var operations: [APIOperation] { storage.withLockedValue { $0 } }
    func append(_ operation: APIOperation) { storage.withLockedValue { $0.append(operation) } }
}

/// Registers API operations on the router: anonymous ones in the plain context, the rest in ``AuthedContext``
/// behind a check of the operation's permission.
struct APIRoutes {
    let anonymous: Router<WebContext>
    let authed: RouterGroup<AuthedContext>
    let catalog: OperationCatalog

    func add(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, AuthedContext) async throws -> Response) {
        catalog.append(operation)
        guard let permission = operation.permission else { preconditionFailure("\(operation.path) is anonymous; use addAnonymous") }
        authed.on(RouterPath(operation.path), method: operation.method) { request, context in
            try Self.checkCSRF(request, session: context.session)
            try context.require(permission)
            try Self.checkContentType(request, operation: operation)
            return try await handler(request, context)
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
              let type = request.headers[.contentType] else { return }
        let media = type.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json")) else {
            throw APIError(status: .unsupportedMediaType, code: "unsupported_media_type",
                           message: "Content-Type: '\(String(media.prefix(100)))' is not accepted here; send application/json")
        }
    }

    func addAnonymous(_ operation: APIOperation, _ handler: @escaping @Sendable (Request, WebContext) async throws -> Response) {
        precondition(operation.access == .anonymous)
        catalog.append(operation)
        anonymous.on(RouterPath(operation.path), method: operation.method) { request, context in
            try Self.checkCSRF(request, session: context.session)
            try Self.checkContentType(request, operation: operation)
            return try await handler(request, context)
        }
    }
}
