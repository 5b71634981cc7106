import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// The signed-in user's own page: profile, password, two-factor authentication, API tokens.
struct AccountPages {
    let auth: AuthService

    func register(_ router: Router<WebContext>) {
        router.get("/account") { request, context in
            let principal = try context.require(.selfService)
            return try await page(principal, context: context, notice: request.notice, error: nil, extra: "")
        }
        router.post("/account/password") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            guard form["new_password"] == form["confirm_password"] else {
                return try await page(
                    principal, context: context, notice: nil, error: "The new passwords do not match.", extra: "", status: .unprocessableContent)
            }
            do {
                try await auth.changePassword(
                    userID: principal.userID, current: form["current_password"] ?? "", new: form["new_password"] ?? "",
                    keepSession: context.session?.id, by: context.actor)
                return redirect("/account", notice: "Password changed. Your other sessions have ended.")
            } catch let error as AccessError {
                // A wrong current password is a wrong field of a signed-in user's form, not a failed sign-in.
                let message = error == .invalidCredentials ? "The current password is wrong." : APIError.from(error).message
                return try await page(principal, context: context, notice: nil, error: message, extra: "", status: .unprocessableContent)
            }
        }
        router.get("/account/mfa") { _, context in
            let principal = try context.require(.selfService)
            return HTML.response(
                Layout.page(
                    title: "Two-factor authentication", area: nil, principal: principal, csrf: context.csrf,
                    body: MFASetup.form(
                        action: "/account/mfa", csrf: context.csrf, account: principal.username,
                        secret: auth.newMFASecret(), intro: "Sign-in will ask for a code from your app as well as your password.")))
        }
        router.post("/account/mfa") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            do {
                try await auth.enableMFA(userID: principal.userID, secret: form.text("secret"), code: form.text("code"), by: context.actor)
                return redirect("/account", notice: "Two-factor authentication is on.")
            } catch AccessError.invalidCode {
                return HTML.response(
                    Layout.page(
                        title: "Two-factor authentication", area: nil, principal: principal, csrf: context.csrf,
                        error: "That code is not right. Check the clock of your device and try the next code.",
                        body: MFASetup.form(
                            action: "/account/mfa", csrf: context.csrf, account: principal.username,
                            secret: form.text("secret"), intro: "")), status: .unprocessableContent)
            }
        }
        router.post("/account/mfa/disable") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            do {
                try await auth.disableMFA(userID: principal.userID, password: form["password"] ?? "", by: context.actor)
                return redirect("/account", notice: "Two-factor authentication is off.")
            } catch let error as AccessError {
                return try await page(
                    principal, context: context, notice: nil,
                    error: error == .invalidCredentials ? "The password is wrong." : APIError.from(error).message,
                    extra: "", status: error == .invalidCredentials ? .unprocessableContent : APIError.from(error).status)
            }
        }
        router.post("/account/tokens") { request, context in
            let principal = try context.require(.tokensOwn)
            let form = try await Form.read(request, session: context.session)
            let scopes = form.all("scope").compactMap(TokenScope.init(rawValue:))
            do {
                let (_, secret) = try await auth.createToken(
                    username: principal.username, name: form.text("name"), scopes: scopes,
                    expiresInDays: Int(form.text("expires_in_days")), by: context.actor)
                return try await page(
                    principal, context: context, notice: nil, error: nil,
                    extra:
                        "<p class=\"notice\" role=\"status\">Your new token, shown this once — copy it now: <code class=\"secret\" id=\"new-token\">\(secret)</code></p>"
                )
            } catch let error as CoreError {
                return try await page(principal, context: context, notice: nil, error: error.description, extra: "", status: .unprocessableContent)
            }
        }
        router.post("/account/sessions/{id}/end") { request, context in
            let principal = try context.require(.selfService)
            _ = try await Form.read(request, session: context.session)
            try await auth.endSession(id: context.parameters.get("id") ?? "", userID: principal.userID, by: context.actor)
            return redirect("/account", notice: "The session has ended.")
        }
        router.post("/account/tokens/{id}/revoke") { request, context in
            let principal = try context.require(.tokensOwn)
            _ = try await Form.read(request, session: context.session)
            _ = try await auth.revokeToken(id: context.parameters.get("id") ?? "", ownerID: principal.userID, by: context.actor)
            return redirect("/account", notice: "Token revoked.")
        }
    }

    func page(
        _ principal: Principal, context: WebContext, notice: String?, error: String?, extra: Markup,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let user = try await auth.findUser(id: principal.userID) else { throw APIError.unauthenticated }
        let csrf = context.csrf
        let tokens = principal.can(.tokensOwn) ? try await auth.listTokens(userID: user.id) : []
        let scopeBoxes = TokenScope.allCases.map { scope -> Markup in
            "<label class=\"check\"><input type=\"checkbox\" name=\"scope\" value=\"\(scope.rawValue)\"\(Markup.when(scope == .read, " checked"))> \(scope.rawValue)</label>"
        }
        let mfa: Markup =
            user.mfaEnabled
            ? """
            <p>Two-factor authentication is <strong>on</strong>.</p>
            <form method="post" action="/account/mfa/disable" class="inline">\(Field.csrf(csrf))\(Field.text("password", "Password to turn it off", type: "password", autocomplete: "current-password"))<button type="submit" class="secondary">Turn off</button></form>
            """
            : "<p>Two-factor authentication is <strong>off</strong>. <a class=\"button\" href=\"/account/mfa\">Turn it on</a></p>"
        let tokenSection: Markup = """
            <section class="card"><h2>API tokens</h2>\(TokenTable.render(tokens, owners: nil, now: auth.clock.now(), csrf: csrf, revokeBase: "/account/tokens"))
            <form method="post" action="/account/tokens">\(Field.csrf(csrf))<h3>New token</h3>
            \(Field.text("name", "Name", hint: "what it is for, e.g. fluent-bit on web-01"))<fieldset><legend>Scopes</legend>\(scopeBoxes)</fieldset>
            \(Field.text("expires_in_days", "Expires after (days)", value: String(AuthService.defaultTokenDays), type: "number"))
            <button type="submit">Create token</button></form></section>
            """
        let sessionRows = try await auth.activeSessions(userID: user.id).map { session -> Markup in
            let current = session.id == context.session?.id
            return """
                <tr><td>\(Layout.time(session.createdAt))</td><td>\(Layout.time(session.lastSeenAt))</td><td>\(session.source)</td>
                <td>\(String(session.userAgent.prefix(80)))</td><td>\(current ? "this browser" : "")\(Markup.when(!current, "<form method=\"post\" action=\"/account/sessions/\(session.id)/end\" class=\"inline\">\(Field.csrf(csrf))<button type=\"submit\" class=\"link danger\">End</button></form>"))</td></tr>
                """
        }
        let body: Markup = """
            \(extra)
            <section class="card"><h2>Profile</h2><dl><dt>Username</dt><dd>\(user.username)</dd><dt>Name</dt><dd>\(user.displayName)</dd>
            <dt>Email</dt><dd>\(user.email)</dd><dt>Role</dt><dd>\(user.role.rawValue)</dd><dt>Last sign-in</dt><dd>\(Layout.time(user.lastLoginAt))</dd></dl></section>
            <section class="card"><h2>Password</h2><form method="post" action="/account/password">\(Field.csrf(csrf))
            \(Field.text("current_password", "Current password", type: "password", required: true, autocomplete: "current-password"))
            \(Field.text("new_password", "New password", type: "password", required: true, hint: "at least \(auth.policy.minPasswordLength) characters", autocomplete: "new-password"))
            \(Field.text("confirm_password", "New password again", type: "password", required: true, autocomplete: "new-password"))
            <button type="submit">Change password</button></form></section>
            <section class="card"><h2>Two-factor authentication</h2>\(mfa)</section>
            <section class="card"><h2>Signed-in sessions</h2><table class="list"><thead><tr><th>Signed in</th><th>Last used</th><th>Address</th><th>Browser</th><th></th></tr></thead>
            <tbody>\(sessionRows)</tbody></table></section>
            \(Markup.when(principal.can(.tokensOwn), tokenSection))
            """
        return HTML.response(
            Layout.page(title: "Your account", area: nil, principal: principal, csrf: csrf, notice: notice, error: error, body: body),
            status: status)
    }
}
