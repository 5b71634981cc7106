// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

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
            let page = try await UsersPage.load(auth, page: try request.pageRequest(), link: PageLink(request), csrf: context.csrf)
            return context.page(request, principal, title: "Users", area: .admin, body: page.render())
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
                let page = try await UsersPage.load(
                    auth, page: PageRequest(), link: PageLink(path: "/admin/users"), csrf: context.csrf, created: (user.username, generated))
                return HTML.response(Layout.page(title: "Users", area: .admin, principal: principal, csrf: context.csrf, body: page.render()))
            } catch let error as CoreError {
                let page = try await UsersPage.load(auth, page: PageRequest(), link: PageLink(path: "/admin/users"), csrf: context.csrf)
                return HTML.response(
                    Layout.page(
                        title: "Users", area: .admin, principal: principal, csrf: context.csrf, error: error.description, body: page.render()),
                    status: APIError.from(error).status)
            }
        }
        router.get("/admin/users/{id}") { request, context in
            let principal = try context.require(.usersManage)
            let user = try await requireUser(context)
            let page = UserPage(user: user, csrf: context.csrf, now: auth.clock.now())
            return context.page(request, principal, title: user.username, area: .admin, body: page.render())
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
                let page = UserPage(user: user, csrf: context.csrf, now: auth.clock.now())
                return HTML.response(
                    Layout.page(
                        title: user.username, area: .admin, principal: principal, csrf: context.csrf, error: apiError.message, body: page.render()),
                    status: apiError.status)
            }
        }
        router.post("/admin/users/{id}/password") { request, context in
            let principal = try context.require(.usersManage)
            let user = try await requireUser(context)
            _ = try await Form.read(request, session: context.session)
            let generated = try await auth.resetPassword(userID: user.id, to: nil, by: context.actor) ?? ""
            let page = UserPage(user: user, newPassword: generated, csrf: context.csrf, now: auth.clock.now())
            return HTML.response(Layout.page(title: user.username, area: .admin, principal: principal, csrf: context.csrf, body: page.render()))
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
            let page = try await TokensPage.load(auth, principal: principal, csrf: context.csrf)
            return context.page(request, principal, title: "API tokens", area: .admin, body: page.render())
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
}

/// Tabs of the admin area.
enum AdminTabs {
    enum Tab { case users, tokens, audit, health, settings }
    static func render(_ current: Tab) -> Markup {
        let paths: [Tab: String] = [
            .users: "/admin/users", .tokens: "/admin/tokens", .audit: "/admin/audit", .health: "/admin/health", .settings: "/admin/settings",
        ]
        return Tabs(
            [
                .init("/admin/users", "Users"), .init("/admin/tokens", "API tokens"), .init("/admin/audit", "Audit log"),
                .init("/admin/health", "Health"), .init("/admin/settings", "Settings"),
            ], current: paths[current] ?? ""
        )
        .render()
    }
}

/// A table of tokens with revoke buttons, used by the admin page and the account page.
enum TokenTable {
    static func render(_ tokens: [APIToken], owners: [String: String]?, now: Date, csrf: String, revokeBase: String) -> Markup {
        let rows = tokens.map { token -> Markup in
            let state = token.state(at: now)
            return """
                <tr><td>\(token.name)</td>\(owners.map { "<td>\($0[token.userID] ?? "")</td>" as Markup } ?? "")<td><code>\(token.prefix)…</code></td>
                <td>\(token.scopes.map(\.rawValue).joined(separator: ", "))</td><td>\(state)</td><td>\(Layout.time(token.expiresAt))</td>
                <td>\(Layout.time(token.lastUsedAt))</td>
                <td>\(Markup.when(state == "active", "<form method=\"post\" action=\"\(revokeBase)/\(token.id)/revoke\" class=\"inline\">\(Field.csrf(csrf))<button type=\"submit\" class=\"link danger\">Revoke</button></form>"))</td></tr>
                """
        }
        return """
            <table class="list"><thead><tr><th>Name</th>\(Markup.when(owners != nil, "<th>User</th>"))<th>Prefix</th><th>Scopes</th><th>State</th><th>Expires</th><th>Last used</th><th></th></tr></thead>
            <tbody>\(rows.joined())</tbody></table>\(Markup.when(tokens.isEmpty, "<p class=\"muted\">No tokens.</p>"))
            """
    }
}
