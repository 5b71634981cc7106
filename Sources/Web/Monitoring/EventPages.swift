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
            let page = try await EventSearchPage.load(PageLink(request), monitoring: monitoring, now: clock.now())
            return context.page(request, principal, title: "Event search", area: .monitoring, body: page.render())
        }
        router.get("/monitoring/sources") { request, context in
            let principal = try context.require(.eventsRead)
            let page = try await SourcesPage.load(monitoring, now: clock.now())
            return context.page(request, principal, title: "Log sources", area: .monitoring, body: page.render())
        }
    }
}
