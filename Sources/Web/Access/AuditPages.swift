// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// The audit log page, with filters and export links (admin and auditor).
struct AuditPages {
    let audit: any AuditLog

    func register(_ router: Router<WebContext>) {
        router.get("/admin/audit") { request, context in
            let principal = try context.require(.auditRead)
            let page = try await AuditLogPage.load(
                audit, query: try AuditController.query(request), page: try request.pageRequest(), link: PageLink(request), principal: principal)
            return context.page(request, principal, title: "Audit log", area: .admin, body: page.render())
        }
    }
}
