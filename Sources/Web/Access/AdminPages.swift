import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// Admin pages: users (create, role, disable, password reset, MFA reset) and every API token.
struct AdminPages {
    let auth: AuthService

    func register(_ router: Router<WebContext>) {
        router.get("/admin/users") { request, context in
            let principal = try context.require(.usersManage)
            let page = try await auth.listUsers(page: try request.pageRequest())
            return HTML.response(usersPage(page, principal: principal, csrf: context.csrf, notice: request.notice, error: nil, created: nil))
        }
        router.post("/admin/users") { request, context in
            let principal = try context.require(.usersManage)
            let form = try await Form.read(request, session: context.session)
            do {
                let password = form.text("password")
                let (user, generated) = try await auth.createUser(
                    NewUser(
                        username: form.text("username"), role: Role(rawValue: form.text("role")) ?? .employee,
                        displayName: form.text("display_name"), email: form.text("email"), password: password.isEmpty ? nil : password),
                    by: context.actor)
                let page = try await auth.listUsers(page: PageRequest())
                let created: Markup =
                    generated.map {
                        "<p class=\"notice\" role=\"status\">Created <strong>\(user.username)</strong>. Their password, shown this once: <code class=\"secret\">\($0)</code></p>"
                    }
                    ?? "<p class=\"notice\" role=\"status\">Created <strong>\(user.username)</strong>.</p>"
                return HTML.response(usersPage(page, principal: principal, csrf: context.csrf, notice: nil, error: nil, created: created))
            } catch let error as CoreError {
                let page = try await auth.listUsers(page: PageRequest())
                return HTML.response(
                    usersPage(page, principal: principal, csrf: context.csrf, notice: nil, error: error.description, created: nil),
                    status: APIError.from(error).status)
            }
        }
        router.get("/admin/users/{id}") { request, context in
            let principal = try context.require(.usersManage)
            let user = try await requireUser(context)
            return HTML.response(userPage(user, principal: principal, csrf: context.csrf, notice: request.notice, error: nil))
        }
        router.post("/admin/users/{id}") { request, context in
            let principal = try context.require(.usersManage)
            let user = try await requireUser(context)
            let form = try await Form.read(request, session: context.session)
            do {
                _ = try await auth.updateUser(
                    id: user.id, role: Role(rawValue: form.text("role")), displayName: form.text("display_name"),
                    email: form.text("email"), disabled: form.flag("disabled"), by: context.actor)
                return redirect("/admin/users/\(user.id)", notice: "Saved.")
            } catch {
                let apiError = APIError.from(error)
                guard apiError.status.code < 500 else { throw error }
                return HTML.response(
                    userPage(user, principal: principal, csrf: context.csrf, notice: nil, error: apiError.message), status: apiError.status)
            }
        }
        router.post("/admin/users/{id}/password") { request, context in
            let principal = try context.require(.usersManage)
            let user = try await requireUser(context)
            _ = try await Form.read(request, session: context.session)
            let generated = try await auth.resetPassword(userID: user.id, to: nil, by: context.actor) ?? ""
            return HTML.response(
                userPage(
                    user, principal: principal, csrf: context.csrf,
                    notice: nil, error: nil,
                    extra:
                        "<p class=\"notice\" role=\"status\">New password for \(user.username), shown this once: <code class=\"secret\">\(generated)</code>. Their sessions have ended.</p>"
                ))
        }
        router.post("/admin/users/{id}/mfa-reset") { request, context in
            _ = try context.require(.usersManage)
            let user = try await requireUser(context)
            _ = try await Form.read(request, session: context.session)
            try await auth.disableMFA(userID: user.id, password: nil, by: context.actor)
            return redirect("/admin/users/\(user.id)", notice: "Two-factor authentication is off for this user.")
        }
        router.get("/admin/tokens") { request, context in
            let principal = try context.require(.tokensManage)
            let tokens = try await auth.listTokens(userID: nil)
            var names: [String: String] = [:]
            for token in tokens where names[token.userID] == nil { names[token.userID] = try await auth.findUser(id: token.userID)?.username ?? "?" }
            let users = try await auth.listUsers(page: PageRequest(limit: PageRequest.maximumLimit)).items.filter { !$0.disabled }.map(\.username)
            let scopes = TokenScope.allCases.map { scope -> Markup in
                "<label class=\"check\"><input type=\"checkbox\" name=\"scope\" value=\"\(scope.rawValue)\"\(Markup.when(scope == .ingest, " checked"))> \(scope.rawValue)</label>"
            }
            let create: Markup = """
                <form method="post" action="/admin/tokens" class="card"><h2>New token for a user</h2>\(Field.csrf(context.csrf))
                \(Field.select("username", "User", options: users, selected: principal.username))
                \(Field.text("name", "Name", hint: "what it is for, e.g. fluent-bit on web-01"))<fieldset><legend>Scopes</legend>\(scopes)</fieldset>
                \(Field.text("expires_in_days", "Expires after (days)", value: String(AuthService.defaultTokenDays), type: "number"))
                <button type="submit">Create token</button></form>
                """
            return HTML.response(
                Layout.page(
                    title: "API tokens", area: .admin, principal: principal, csrf: context.csrf, notice: request.notice,
                    body: AdminTabs.render(.tokens)
                        + TokenTable.render(
                            tokens, owners: names, now: auth.clock.now(),
                            csrf: context.csrf, revokeBase: "/admin/tokens") + create))
        }
        router.post("/admin/tokens") { request, context in
            let principal = try context.require(.tokensManage)
            let form = try await Form.read(request, session: context.session)
            do {
                let (token, secret) = try await auth.createToken(
                    username: form.text("username"), name: form.text("name"),
                    scopes: form.all("scope").compactMap(TokenScope.init(rawValue:)),
                    expiresInDays: Int(form.text("expires_in_days")), by: context.actor)
                return HTML.response(
                    Layout.page(
                        title: "API tokens", area: .admin, principal: principal, csrf: context.csrf,
                        body: AdminTabs.render(.tokens)
                            + "<p class=\"notice\" role=\"status\">Token “\(token.name)” for \(form.text("username")), shown this once — copy it now: <code class=\"secret\" id=\"new-token\">\(secret)</code></p><p><a href=\"/admin/tokens\">Back to the tokens</a></p>"
                    ))
            } catch let error as CoreError {
                return redirect("/admin/tokens", notice: "Not created: \(error.description)")
            }
        }
        router.post("/admin/tokens/{id}/revoke") { request, context in
            _ = try context.require(.tokensManage)
            _ = try await Form.read(request, session: context.session)
            _ = try await auth.revokeToken(id: context.parameters.get("id") ?? "", ownerID: nil, by: context.actor)
            return redirect("/admin/tokens", notice: "Token revoked.")
        }
    }

    func requireUser(_ context: WebContext) async throws -> User {
        guard let id = context.parameters.get("id"), Identifier.isValid(id), let user = try await auth.findUser(id: id) else {
            throw CoreError.notFound(kind: "user", id: context.parameters.get("id") ?? "")
        }
        return user
    }

    func usersPage(_ page: Page<User>, principal: Principal, csrf: String, notice: String?, error: String?, created: Markup?) -> Markup {
        let now = auth.clock.now()
        let rows = page.items.map { user -> Markup in
            let state = user.disabled ? "disabled" : ((user.lockedUntil ?? .distantPast) > now ? "locked" : "active")
            return """
                <tr><td><a href="/admin/users/\(user.id)">\(user.username)</a></td><td>\(user.displayName)</td><td>\(user.role.rawValue)</td>
                <td>\(state)</td><td>\(user.mfaEnabled ? "on" : "off")</td><td>\(Layout.time(user.lastLoginAt))</td></tr>
                """
        }
        let body: Markup = """
            \(AdminTabs.render(.users))\(created)
            <table class="list"><thead><tr><th>Username</th><th>Name</th><th>Role</th><th>State</th><th>MFA</th><th>Last sign-in</th></tr></thead><tbody>\(rows)</tbody></table>
            \(Markup.when(page.next != nil, "<p><a href=\"/admin/users?cursor=\(page.next?.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")\">Next page</a></p>"))
            <form method="post" action="/admin/users" class="card"><h2>New user</h2>\(Field.csrf(csrf))
            \(Field.text("username", "Username", required: true))\(Field.text("display_name", "Name"))\(Field.text("email", "Email", type: "email"))
            \(Field.select("role", "Role", options: Role.allCases.map(\.rawValue), selected: Role.analyst.rawValue))
            \(Field.text("password", "Password", type: "password", hint: "leave empty to generate one, shown once", autocomplete: "new-password"))
            <button type="submit">Create user</button></form>
            """
        return Layout.page(title: "Users", area: .admin, principal: principal, csrf: csrf, notice: notice, error: error, body: body)
    }

    func userPage(_ user: User, principal: Principal, csrf: String, notice: String?, error: String?, extra: Markup = "") -> Markup {
        Layout.page(
            title: user.username, area: .admin, principal: principal, csrf: csrf, notice: notice, error: error,
            body: """
                \(AdminTabs.render(.users))\(extra)
                <form method="post" action="/admin/users/\(user.id)" class="card">\(Field.csrf(csrf))
                \(Field.text("display_name", "Name", value: user.displayName))\(Field.text("email", "Email", value: user.email, type: "email"))
                \(Field.select("role", "Role", options: Role.allCases.map(\.rawValue), selected: user.role.rawValue))
                \(Field.checkbox("disabled", "Disabled (cannot sign in; sessions end)", checked: user.disabled))
                <button type="submit">Save</button></form>
                <section class="card"><h2>Credentials</h2>
                <p>Two-factor authentication: <strong>\(user.mfaEnabled ? "on" : "off")</strong>. Last sign-in: \(Layout.time(user.lastLoginAt)).
                \(Markup.when((user.lockedUntil ?? .distantPast) > auth.clock.now(), "<strong>Locked</strong> until \(Layout.time(user.lockedUntil)) after failed sign-ins."))</p>
                <form method="post" action="/admin/users/\(user.id)/password" class="inline">\(Field.csrf(csrf))<button type="submit" class="secondary">Reset password</button></form>
                \(Markup.when(user.mfaEnabled, "<form method=\"post\" action=\"/admin/users/\(user.id)/mfa-reset\" class=\"inline\">\(Field.csrf(csrf))<button type=\"submit\" class=\"secondary\">Turn off MFA</button></form>"))
                </section>
                """)
    }
}

/// Tabs of the admin area.
enum AdminTabs {
    enum Tab { case users, tokens, audit }
    static func render(_ current: Tab) -> Markup {
        let tabs: [(Tab, String, String)] = [
            (.users, "/admin/users", "Users"), (.tokens, "/admin/tokens", "API tokens"), (.audit, "/admin/audit", "Audit log"),
        ]
        let items = tabs.map { tab in "<li><a href=\"\(tab.1)\"\(Markup.when(tab.0 == current, " aria-current=\"page\""))>\(tab.2)</a></li>" as Markup
        }
        return "<ul class=\"tabs\">\(items)</ul>"
    }
}

/// A table of tokens with revoke buttons, used by the admin page and the account page.
enum TokenTable {
    static func render(_ tokens: [APIToken], owners: [String: String]?, now: Date, csrf: String, revokeBase: String) -> Markup {
        let rows = tokens.map { token -> Markup in
            let state = token.state(at: now)
            return """
                <tr><td>\(token.name)</td>\(owners.map { "<td>\($0[token.userID] ?? "")</td>" as Markup })<td><code>\(token.prefix)…</code></td>
                <td>\(token.scopes.map(\.rawValue).joined(separator: ", "))</td><td>\(state)</td><td>\(Layout.time(token.expiresAt))</td>
                <td>\(Layout.time(token.lastUsedAt))</td>
                <td>\(Markup.when(state == "active", "<form method=\"post\" action=\"\(revokeBase)/\(token.id)/revoke\" class=\"inline\">\(Field.csrf(csrf))<button type=\"submit\" class=\"link danger\">Revoke</button></form>"))</td></tr>
                """
        }
        return """
            <table class="list"><thead><tr><th>Name</th>\(Markup.when(owners != nil, "<th>User</th>"))<th>Prefix</th><th>Scopes</th><th>State</th><th>Expires</th><th>Last used</th><th></th></tr></thead>
            <tbody>\(rows)</tbody></table>\(Markup.when(tokens.isEmpty, "<p class=\"muted\">No tokens.</p>"))
            """
    }
}
