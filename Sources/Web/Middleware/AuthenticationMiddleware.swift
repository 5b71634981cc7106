// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import HTTPTypes
import Hummingbird

/// Finds who is asking: an API token in `Authorization` (Bearer, or the forms log shippers send), or a session cookie.
/// A bad token is refused outright; no credentials at all leaves the context anonymous for public routes.
/// Cookie-authenticated API calls that change state must echo the session's CSRF token in `X-CSRF-Token`: checked by
/// ``APIRoutes`` on the matched operation, so that no spelling of the path escapes it.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let auth: AuthService
    static let sessionCookie = "bulwark_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard let token = Self.token(fromAuthorization: header) else {
                throw APIError(
                    status: .unauthorized, code: "unauthenticated",
                    message: "Authorization must be 'Bearer <token>' (or Basic, ApiKey, Splunk with the token)")
            }
            guard let principal = try await auth.authenticate(token: token) else {
                throw APIError(status: .unauthorized, code: "invalid_token", message: "the token is unknown, expired or revoked")
            }
            context.principal = principal
        } else if let cookie = request.cookies[Self.sessionCookie], let resolved = try await auth.resolveSession(cookieSecret: cookie.value) {
            context.session = resolved.session
            context.sessionUser = resolved.user
            if resolved.session.stage == .active {
                context.principal = auth.principal(user: resolved.user, session: resolved.session)
            }
        }
        return try await next(request, context)
    }

    /// The token in an Authorization header: `Bearer T`, `ApiKey T`, `Splunk T`, or `Basic base64(any:T)`.
    static func token(fromAuthorization header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer", "apikey", "splunk":
            return value
        case "basic":
            guard let data = Data(base64Encoded: value), let decoded = String(data: data, encoding: .utf8),
                let colon = decoded.firstIndex(of: ":")
            else { return nil }
            return String(decoded[decoded.index(after: colon)...])
        default:
            return nil
        }
    }
}
