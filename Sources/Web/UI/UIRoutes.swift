// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Hummingbird

/// Settings of the browser interface.
public struct UISettings: Sendable {
    /// Mark cookies `Secure` (set when Bulwark is served over HTTPS, directly or behind a proxy).
    public var secureCookies: Bool
    public init(secureCookies: Bool = false) { self.secureCookies = secureCookies }
}

extension WebContext {
    /// The signed-in principal with `permission`: 401 (the browser is sent to sign in) or 403 otherwise.
    func require(_ permission: Permission) throws -> Principal {
        guard let principal else { throw APIError.unauthenticated }
        guard principal.can(permission) else {
            throw APIError(
                status: .forbidden, code: "forbidden",
                message: "Your role (\(principal.role.rawValue)) does not allow this: it needs '\(permission.rawValue)'.")
        }
        return principal
    }

    var csrf: String { session?.csrfToken ?? "" }
    var actor: Actor { Actor(username: principal?.username ?? sessionUser?.username ?? "anonymous", source: remoteAddress) }
}

/// Cookies of the browser interface.
enum Cookies {
    static func session(_ secret: String, settings: UISettings, maxAge: Int) -> Cookie {
        Cookie(
            name: AuthenticationMiddleware.sessionCookie, value: secret, maxAge: maxAge, path: "/",
            secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }

    static func clear(_ name: String, settings: UISettings) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: settings.secureCookies, httpOnly: true, sameSite: .strict)
    }
}

/// A redirect after a successful form (Post/Redirect/Get), with a short notice code the next page shows.
func redirect(_ path: String, notice: String? = nil) -> Response {
    guard let notice else { return .redirect(to: path, type: .normal) }
    let separator = path.contains("?") ? "&" : "?"
    return .redirect(to: path + separator + "notice=" + (notice.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""), type: .normal)
}

extension Request {
    /// The `notice` query parameter set by ``redirect(_:notice:)``.
    var notice: String? { uri.queryParameters.get("notice").map { String($0.prefix(200)) } }
}

extension WebContext {
    /// A signed-in page: the view's body in the frame (navigation, account menu, the notice of the last change).
    func page(_ request: Request, _ principal: Principal, title: String, area: Area?, body: Markup) -> Response {
        HTML.response(Layout.page(title: title, area: area, principal: principal, csrf: csrf, notice: request.notice, body: body))
    }
}
