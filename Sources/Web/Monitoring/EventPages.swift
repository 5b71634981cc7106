// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring

/// Monitoring pages: event search and the sources table.
struct EventPages {
    let monitoring: MonitoringService
    let clock: any WallClock

    func register(_ router: Router<WebContext>) {
        router.get("/monitoring") { request, context in
            let principal = try context.require(.eventsRead)
            var page = try await EventSearchPage.load(PageLink(request), monitoring: monitoring, now: clock.now())
            page.saved = try await monitoring.savedSearches(visibleTo: principal.username)
            page.username = principal.username
            page.csrf = context.csrf
            return context.page(request, principal, title: "Event search", area: .monitoring, body: page.render())
        }
        router.post("/monitoring/saved-searches") { request, context in
            let principal = try context.require(.eventsRead)
            let form = try await Form.read(request, session: context.session)
            let back = PageLink(path: "/monitoring", parameters: [("q", form.text("q")), ("range", form.text("range"))]).href
            if !form.text("delete").isEmpty {
                try await monitoring.deleteSearch(
                    id: form.text("delete"), mayDeleteOthers: principal.can(.usersManage), by: context.auditActor(principal))
                return redirect("/monitoring", notice: "Saved search deleted.")
            }
            do {
                let saved = try await monitoring.saveSearch(
                    name: form.text("name"), query: form.text("q"), range: form.text("range").isEmpty ? "24h" : form.text("range"),
                    shared: form.text("shared") == "on", by: context.auditActor(principal))
                return redirect(back, notice: "Saved as “\(saved.name)”\(saved.shared ? ", shared with the team" : "").")
            } catch let error as CoreError {
                return redirect(back, notice: "Not saved: \(error.description)")
            }
        }
        router.get("/monitoring/sources") { request, context in
            let principal = try context.require(.eventsRead)
            let page = try await SourcesPage.load(monitoring, now: clock.now())
            return context.page(request, principal, title: "Log sources", area: .monitoring, body: page.render())
        }
    }
}
