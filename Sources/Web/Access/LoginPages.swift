// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// Sign-in, the TOTP step, forced MFA enrolment, sign-out.
struct LoginPages {
    let auth: AuthService
    let settings: UISettings
    static let loginCSRFCookie = "bulwark_login"

    func register(_ router: Router<WebContext>) {
        router.get("/login") { request, context in
            if context.principal != nil { return redirect(Self.safeNext(request.uri.queryParameters.get("next"))) }
            return loginForm(next: request.uri.queryParameters.get("next") ?? "/", error: nil, status: .ok)
        }
        router.post("/login") { request, context in
            let form = Form.parse(try await request.text(limit: 16 * 1024))
            let next = Self.safeNext(form["next"])
            // Double-submit token: a cross-site form cannot read or set our cookie, so it cannot match it.
            guard let sent = form["_login"], let cookie = request.cookies[Self.loginCSRFCookie]?.value,
                Secrets.constantTimeEqual(sent, cookie)
            else {
                return loginForm(next: next, error: "The sign-in form expired. Please try again.", status: .forbidden)
            }
            do {
                let grant = try await auth.login(
                    username: form.text("username"), password: form["password"] ?? "",
                    source: context.remoteAddress, userAgent: request.headers[.userAgent] ?? "")
                var response: Response
                switch grant.session.stage {
                case .active: response = redirect(next)
                case .mfaPending: response = redirect("/login/mfa?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
                case .mfaEnrollment: response = redirect("/login/mfa-setup")
                }
                response.setCookie(Cookies.session(grant.cookieSecret, settings: settings, maxAge: Int(auth.policy.sessionAbsoluteTimeout)))
                response.setCookie(Cookies.clear(Self.loginCSRFCookie, settings: settings))
                return response
            } catch let error as AccessError {
                let apiError = APIError.from(error)
                var response = loginForm(next: next, error: apiError.message, status: apiError.status)
                if let retry = apiError.retryAfter { response.headers[.retryAfter] = String(retry) }
                return response
            }
        }
        router.get("/login/mfa") { request, context in
            guard let session = context.session, session.stage == .mfaPending else { return redirect("/login") }
            return mfaForm(csrf: session.csrfToken, next: Self.safeNext(request.uri.queryParameters.get("next")), error: nil, status: .ok)
        }
        router.post("/login/mfa") { request, context in
            guard let session = context.session, session.stage == .mfaPending else { return redirect("/login") }
            let form = try await Form.read(request, session: session, limit: 16 * 1024)
            let next = Self.safeNext(form["next"])
            do {
                let grant = try await auth.verifyMFA(
                    session: session, code: form.text("code"), source: context.remoteAddress,
                    userAgent: request.headers[.userAgent] ?? "")
                var response = redirect(next)
                response.setCookie(Cookies.session(grant.cookieSecret, settings: settings, maxAge: Int(auth.policy.sessionAbsoluteTimeout)))
                return response
            } catch let error as AccessError {
                if case .locked = error { return loginForm(next: next, error: APIError.from(error).message, status: .tooManyRequests) }
                return mfaForm(csrf: session.csrfToken, next: next, error: APIError.from(error).message, status: .unauthorized)
            }
        }
        router.get("/login/mfa-setup") { _, context in
            guard let session = context.session, session.stage == .mfaEnrollment, let user = context.sessionUser else { return redirect("/login") }
            return enrollForm(csrf: session.csrfToken, user: user, secret: auth.newMFASecret(), error: nil, status: .ok)
        }
        router.post("/login/mfa-setup") { request, context in
            guard let session = context.session, session.stage == .mfaEnrollment, let user = context.sessionUser else { return redirect("/login") }
            let form = try await Form.read(request, session: session, limit: 16 * 1024)
            do {
                let grant = try await auth.completeEnrollment(
                    session: session, secret: form.text("secret"), code: form.text("code"),
                    source: context.remoteAddress, userAgent: request.headers[.userAgent] ?? "")
                var response = HTML.response(
                    Layout.page(
                        title: "Two-factor authentication is on", area: nil, principal: nil, csrf: nil,
                        body: MFASetup.recoveryCodes(grant.recoveryCodes, next: "/")))
                response.setCookie(Cookies.session(grant.cookieSecret, settings: settings, maxAge: Int(auth.policy.sessionAbsoluteTimeout)))
                return response
            } catch let error as AccessError {
                return enrollForm(
                    csrf: session.csrfToken, user: user, secret: form.text("secret"), error: APIError.from(error).message, status: .unauthorized)
            }
        }
        router.post("/logout") { request, context in
            if let session = context.session {
                _ = try await Form.read(request, session: session, limit: 16 * 1024)
                try await auth.logout(session: session, username: context.sessionUser?.username ?? "", source: context.remoteAddress)
            }
            var response = redirect("/login")
            response.setCookie(Cookies.clear(AuthenticationMiddleware.sessionCookie, settings: settings))
            return response
        }
    }

    /// Only local paths: an open redirect would let a phishing link borrow our login page.
    /// Where to go after signing in: a path on this site, or `/`. Browsers drop tabs and line breaks from a URL and read
    /// `\` as `/`, so `/<TAB>/evil.test` becomes `//evil.test`: any control, space-like or backslash character is refused,
    /// and what is left must parse as a path with no scheme or authority.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), next.utf8.count <= 2048,
            !next.unicodeScalars.contains(where: {
                $0.value < 0x21 || (0x7f...0xa0).contains($0.value) || $0 == "\\"
                    || $0.properties.generalCategory == .format || $0.properties.isWhitespace
            }),
            let components = URLComponents(string: next), components.scheme == nil, components.host == nil,
            components.percentEncodedPath.hasPrefix("/"), !components.percentEncodedPath.hasPrefix("//")
        else { return "/" }
        return next
    }

    func loginForm(next: String, error: String?, status: HTTPResponse.Status) -> Response {
        let token = Secrets.token()
        let page = Layout.page(
            title: "Sign in", area: nil, principal: nil, csrf: nil, error: error,
            body: """
                <form method="post" action="/login" class="card narrow" id="login-form">
                <input type="hidden" name="_login" value="\(token)"><input type="hidden" name="next" value="\(Self.safeNext(next))">
                \(Field.text("username", "Username", required: true, autocomplete: "username"))
                \(Field.text("password", "Password", type: "password", required: true, autocomplete: "current-password"))
                <button type="submit">Sign in</button></form>
                """)
        var response = HTML.response(page, status: status)
        response.setCookie(
            Cookie(
                name: Self.loginCSRFCookie, value: token, maxAge: 3600, path: "/login",
                secure: settings.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func mfaForm(csrf: String, next: String, error: String?, status: HTTPResponse.Status) -> Response {
        HTML.response(
            Layout.page(
                title: "Two-factor authentication", area: nil, principal: nil, csrf: nil, error: error,
                body: """
                    <form method="post" action="/login/mfa" class="card narrow">\(Field.csrf(csrf))<input type="hidden" name="next" value="\(next)">
                    \(Field.text("code", "6-digit code from your authenticator app", required: true, autocomplete: "one-time-code"))
                    <button type="submit">Verify</button>
                    <p class="muted">No access to your app? Type one of your recovery codes (<code>xxxxx-xxxxx</code>) instead; each works once.</p></form>
                    """), status: status)
    }

    func enrollForm(csrf: String, user: User, secret: String, error: String?, status: HTTPResponse.Status) -> Response {
        HTML.response(
            Layout.page(
                title: "Set up two-factor authentication", area: nil, principal: nil, csrf: nil, error: error,
                body: MFASetup.form(
                    action: "/login/mfa-setup", csrf: csrf, account: user.username, secret: secret,
                    intro: "Your role requires two-factor authentication before you continue.")),
            status: status)
    }
}

/// The TOTP enrolment form, shared by the forced enrolment at sign-in and the account page.
enum MFASetup {
    static func form(action: String, csrf: String, account: String, secret: String, intro: String) -> Markup {
        let uri = TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(account: account, issuer: "Bulwark")
        let grouped = stride(from: 0, to: secret.count, by: 4).map { offset -> String in
            let start = secret.index(secret.startIndex, offsetBy: offset)
            return String(secret[start..<(secret.index(start, offsetBy: 4, limitedBy: secret.endIndex) ?? secret.endIndex)])
        }.joined(separator: " ")
        return """
            <form method="post" action="\(action)" class="card narrow">\(Field.csrf(csrf))
            <p>\(intro)</p>
            <ol><li>Scan this code with your authenticator app (any RFC 6238 app: FreeOTP, Aegis, Google Authenticator, 1Password…):
            \(((try? QRCode(uri))?.svg) ?? "")
            <p>or add an account with this key: <code class="secret" id="mfa-secret">\(grouped)</code>, or open <a href="\(uri)">this otpauth link</a> on the device.</p></li>
            <li>Enter the 6-digit code it shows.</li></ol>
            <input type="hidden" name="secret" value="\(secret)">
            \(Field.text("code", "Code", required: true, autocomplete: "one-time-code"))
            <button type="submit">Turn on</button></form>
            """
    }

    /// The recovery codes, shown once: each signs in once in place of a code from the app.
    static func recoveryCodes(_ codes: [String], next: String) -> Markup {
        """
        <div class="card narrow"><h2>Your recovery codes</h2>
        <p>If you lose your phone, each of these signs you in once instead of a code from your app. Keep them where you \
        keep passwords — they are shown only now. New ones can be made on your account page (the old ones then stop working).</p>
        <ul class="recovery-codes">\(codes.map { "<li><code>\($0)</code></li>" as Markup }.joined())</ul>
        <p><a class="button" href="\(next)">I have saved them — continue</a></p></div>
        """
    }
}
