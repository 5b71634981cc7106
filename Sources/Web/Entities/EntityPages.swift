import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Inventory
import Monitoring

/// `/entities/{type}/{value}`: an IP address, a user, a host, a domain or a hash across events, alerts, cases and
/// threat intelligence.
struct EntityPages {
    let monitoring: MonitoringService
    let alerts: AlertService
    let cases: CaseService
    let inventory: InventoryService
    let clock: any WallClock

    func register(_ router: Router<WebContext>) {
        router.get("/entities/{type}/{value}") { request, context in
            let principal = try context.require(.alertsRead)
            _ = try context.require(.eventsRead)
            let typeText = context.parameters.get("type") ?? ""
            guard let type = ObservableType(rawValue: typeText), EntityPage.types.contains(type) else {
                throw CoreError.notFound(kind: "entity type", id: typeText)
            }
            let raw = context.parameters.get("value") ?? ""
            let value = String((raw.removingPercentEncoding ?? raw).prefix(2048))
            let now = clock.now()
            let from = try Self.time(request, "from", now: now)
            let to = try Self.time(request, "to", now: now)
            let page = try await EntityPage.load(
                type: type, value: value, from: from, to: to, monitoring: monitoring, alerts: alerts, cases: cases, inventory: inventory,
                principal: principal, now: now)
            return context.page(request, principal, title: page.title, area: .alerts, body: page.render())
        }
    }

    static func time(_ request: Request, _ name: String, now: Date) throws -> Date? {
        guard let text = request.queryString(name) else { return nil }
        guard let date = QueryParser.parseTime(text, now: now) else { throw APIError.badRequest("\(name): '\(text)' is not a time") }
        return date
    }
}
