// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Hummingbird

/// The platform's own access: sign-in, the user's account, users, tokens, the audit log; API, pages, schemas and
/// the recent-activity card.
public struct AccessWeb: WebArea {
    let auth: AuthService
    /// The platform's audit log (every area writes to it; this area reads it).
    let audit: any AuditLog
    let ui: UISettings

    public init(auth: AuthService, audit: any AuditLog, ui: UISettings) {
        self.auth = auth
        self.audit = audit
        self.ui = ui
    }

    public func registerAPI(_ routes: APIRoutes) {
        MeController(auth: auth).register(routes)
        UsersController(auth: auth).register(routes)
        TokensController(auth: auth).register(routes)
        AuditController(audit: audit, clock: auth.clock).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        LoginPages(auth: auth, settings: ui).register(router)
        AdminPages(auth: auth).register(router)
        AuditPages(audit: audit).register(router)
        AccountPages(auth: auth).register(router)
    }

    public var schemas: [String: Any] { OpenAPISchemas.access }

    /// Recent activity comes last on the dashboard.
    public var dashboardRank: Int { 90 }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        var cards: [Markup] = []
        if principal.can(.auditRead) {
            let recent = try await audit.list(AuditQuery(), page: PageRequest(limit: 8))
            let rows = recent.items.map { entry -> Markup in
                "<tr><td>\(Layout.time(entry.time))</td><td>\(entry.actor)</td><td>\(entry.action)</td><td class=\"\(entry.outcome.rawValue)\">\(entry.outcome.rawValue)</td></tr>"
            }
            cards.append(
                """
                <section class="card"><h2>Recent activity</h2><table><thead><tr><th>Time</th><th>Actor</th><th>Action</th><th>Outcome</th></tr></thead>
                <tbody>\(rows.joined())</tbody></table><p><a href="/admin/audit">Full audit log</a></p></section>
                """)
        }
        return cards
    }
}
