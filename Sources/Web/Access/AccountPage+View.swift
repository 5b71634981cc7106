// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation

extension AccountPage {
    func render() -> Markup {
        let scopeBoxes = TokenScope.allCases.map { scope -> Markup in
            "<label class=\"check\"><input type=\"checkbox\" name=\"scope\" value=\"\(scope.rawValue)\"\(Markup.when(scope == .read, " checked"))> \(scope.rawValue)</label>"
        }
        let mfa: Markup =
            user.mfaEnabled
            ? """
            <p>Two-factor authentication is <strong>on</strong>. \(user.mfaRecoveryHashes.count) of \(AuthService.recoveryCodeCount) recovery codes left\
            \(Markup.when(user.mfaRecoveryHashes.count <= 3, " — <strong>make new ones</strong> before you run out")).</p>
            <form method="post" action="/account/mfa/recovery-codes" class="inline">\(Field.csrf(csrf))\(Field.text("recovery_password", "Password to make new recovery codes", type: "password", autocomplete: "current-password"))<button type="submit" class="secondary">New recovery codes</button></form>
            <form method="post" action="/account/mfa/disable" class="inline">\(Field.csrf(csrf))\(Field.text("password", "Password to turn it off", type: "password", autocomplete: "current-password"))<button type="submit" class="secondary">Turn off</button></form>
            """
            : "<p>Two-factor authentication is <strong>off</strong>. <a class=\"button\" href=\"/account/mfa\">Turn it on</a></p>"
        let tokenSection: Markup = """
            <section class="card" id="tokens"><h2>API tokens\
            </h2>\(TokenTable.render(tokens, owners: nil, now: now, csrf: csrf, revokeBase: "/account/tokens"))
            <form method="post" action="/account/tokens">\(Field.csrf(csrf))<h3>New token</h3>
            \(Field.text("name", "Name", hint: "what it is for, e.g. fluent-bit on web-01"))<fieldset><legend>Scopes</legend>\(scopeBoxes.joined())\
            </fieldset>
            \(Field.text("expires_in_days", "Expires after (days)", value: String(AuthService.defaultTokenDays), type: "number"))
            <button type="submit">Create token</button></form></section>
            """
        let sessionTable = DataTable(
            columns: [
                .init("Signed in") { "\(Layout.time($0.createdAt))" },
                .init("Last used") { "\(Layout.time($0.lastSeenAt))" },
                .init("Address") { "\($0.source)" },
                .init("Browser") { "\(String($0.userAgent.prefix(80)))" },
                .init("<span class=\"visually-hidden\">End</span>") { session in
                    session.id == currentSessionID
                        ? "this browser"
                        : ConfirmForm(action: "/account/sessions/\(session.id)/end", csrf: csrf, label: "End", secondary: true).render()
                },
            ], rows: sessions, link: PageLink(path: "/account"), empty: EmptyState("No sessions."))
        let profile = DefinitionList([
            ("Username", "\(user.username)"), ("Name", "\(user.displayName)"), ("Email", "\(user.email)"), ("Role", "\(user.role.rawValue)"),
            ("Last sign-in", "\(Layout.time(user.lastLoginAt))"),
        ])
        let shown: Markup =
            secret.map {
                "<p class=\"notice\" role=\"status\">Your new token, shown this once — copy it now: <code class=\"secret\" id=\"new-token\">\($0)</code></p>"
            } ?? ""
        return """
            \(shown)
            \(Card("Profile", body: profile.render()).render())
            <section class="card"><h2>Password</h2><form method="post" action="/account/password">\(Field.csrf(csrf))
            \(Field.text("current_password", "Current password", type: "password", required: true, autocomplete: "current-password"))
            \(Field.text("new_password", "New password", type: "password", required: true, hint: "at least \(minPasswordLength) characters", autocomplete: "new-password"))
            \(Field.text("confirm_password", "New password again", type: "password", required: true, autocomplete: "new-password"))
            <button type="submit">Change password</button></form></section>
            \(Card("Two-factor authentication", body: mfa).render())
            \(Card("Signed-in sessions", body: sessionTable.render()).render())
            \(Markup.when(canOwnTokens, tokenSection))
            """
    }
}
