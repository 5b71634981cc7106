// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation

extension UsersPage {
    func render() -> Markup {
        let table = DataTable(
            columns: [
                .init("Username") { "<a href=\"/admin/users/\($0.id)\">\($0.username)</a>" },
                .init("Name") { "\($0.displayName)" },
                .init("Role") { "\($0.role.rawValue)" },
                .init("State") { "\(state($0))" },
                .init("MFA") { "\($0.mfaEnabled ? "on" : "off")" },
                .init("Last sign-in") { "\(TimeAgo($0.lastLoginAt, now: now).render())" },
            ], rows: users, link: link, empty: EmptyState("No users."), pager: Pager(link: link, next: next))
        let notice: Markup =
            created.map { created in
                created.password.map {
                    "<p class=\"notice\" role=\"status\">Created <strong>\(created.username)</strong>. Their password, shown this once: <code class=\"secret\">\($0)</code></p>"
                } ?? "<p class=\"notice\" role=\"status\">Created <strong>\(created.username)</strong>.</p>"
            } ?? ""
        return """
            \(AdminTabs.render(.users))\(notice)
            \(table.render())
            <form method="post" action="/admin/users" class="card"><h2>New user</h2>\(Field.csrf(csrf))
            \(Field.text("username", "Username", required: true))\(Field.text("display_name", "Name"))\(Field.text("email", "Email", type: "email"))
            \(Field.select("role", "Role", options: Role.allCases.map(\.rawValue), selected: Role.analyst.rawValue))
            \(Field.text("password", "Password", type: "password", hint: "leave empty to generate one, shown once", autocomplete: "new-password"))
            <button type="submit">Create user</button></form>
            """
    }
}

extension UserPage {
    func render() -> Markup {
        let shown: Markup =
            newPassword.map {
                "<p class=\"notice\" role=\"status\">New password for \(user.username), shown this once: <code class=\"secret\">\($0)</code>. Their sessions have ended.</p>"
            } ?? ""
        return """
            \(AdminTabs.render(.users))\(shown)
            <form method="post" action="/admin/users/\(user.id)" class="card">\(Field.csrf(csrf))
            \(Field.text("display_name", "Name", value: user.displayName))\(Field.text("email", "Email", value: user.email, type: "email"))
            \(Field.select("role", "Role", options: Role.allCases.map(\.rawValue), selected: user.role.rawValue))
            \(Field.checkbox("disabled", "Disabled (cannot sign in; sessions end)", checked: user.disabled))
            <button type="submit">Save</button></form>
            <section class="card"><h2>Credentials</h2>
            <p>Two-factor authentication: <strong>\(user.mfaEnabled ? "on" : "off")</strong>. Last sign-in: \(Layout.time(user.lastLoginAt)).
            \(Markup.when(locked, "<strong>Locked</strong> until \(Layout.time(user.lockedUntil)) after failed sign-ins."))</p>
            \(ConfirmForm(action: "/admin/users/\(user.id)/password", csrf: csrf, label: "Reset password", question: "Reset \(user.username)'s password and end their sessions?", secondary: true).render())
            \(Markup.when(user.mfaEnabled, ConfirmForm(action: "/admin/users/\(user.id)/mfa-reset", csrf: csrf, label: "Turn off MFA", secondary: true).render()))
            </section>
            """
    }
}

extension TokensPage {
    func render() -> Markup {
        let scopes = TokenScope.allCases.map { scope -> Markup in
            "<label class=\"check\"><input type=\"checkbox\" name=\"scope\" value=\"\(scope.rawValue)\"\(Markup.when(scope == .ingest, " checked"))> \(scope.rawValue)</label>"
        }
        return """
            \(AdminTabs.render(.tokens))\(TokenTable.render(tokens, owners: owners, now: now, csrf: csrf, revokeBase: "/admin/tokens"))
            <form method="post" action="/admin/tokens" class="card"><h2>New token for a user</h2>\(Field.csrf(csrf))
            \(Field.select("username", "User", options: usernames, selected: principal.username))
            \(Field.text("name", "Name", hint: "what it is for, e.g. fluent-bit on web-01"))<fieldset><legend>Scopes</legend>\(scopes.joined())\
            </fieldset>
            \(Field.text("expires_in_days", "Expires after (days)", value: String(AuthService.defaultTokenDays), type: "number"))
            <button type="submit">Create token</button></form>
            """
    }
}

extension AuditLogPage {
    func render() -> Markup {
        let table = DataTable(
            columns: [
                .init("Time") { "\(Layout.time($0.time))" }, .init("Actor") { "\($0.actor)" }, .init("Action") { "\($0.action)" },
                .init("Target") { "\($0.target)" }, .init("Source") { "\($0.source)" },
                .init("Outcome") { "<span class=\"\($0.outcome.rawValue)\">\($0.outcome.rawValue)</span>" }, .init("Detail") { "\($0.detail)" },
            ], rows: entries, link: link, empty: EmptyState("No entries match."), pager: Pager(link: link, next: next, title: "Older entries"),
            classes: "list audit")
        let filters = FilterBar(
            action: "/admin/audit",
            controls: [
                .text(name: "actor", label: "Actor", size: nil, placeholder: nil),
                .text(name: "action", label: "Action starts with", size: nil, placeholder: "auth."),
                .text(name: "from", label: "From (RFC 3339)", size: nil, placeholder: "2026-11-01T00:00:00Z"),
                .text(name: "to", label: "To (RFC 3339)", size: nil, placeholder: nil),
            ], link: link)
        let exports = Markup.when(
            canExport,
            "<p class=\"actions\"><a class=\"button secondary\" href=\"\(export("csv"))\">Export CSV</a> <a class=\"button secondary\" href=\"\(export("json"))\">Export JSON</a></p>"
        )
        return """
            \(Markup.when(showTabs, AdminTabs.render(.audit)))
            \(filters.render())
            \(exports)
            \(table.render())
            """
    }
}
