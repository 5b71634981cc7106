import AccessControl
import Hummingbird

/// One area's part of the HTTP surface: its API operations, its pages, the JSON Schemas its operations name, and its
/// cards on the dashboard. ``buildRouter(_:)``, the OpenAPI document and the dashboard iterate over
/// ``WebAreas/all(_:)``; a new area adds its registrar there.
protocol WebArea: Sendable {
    /// Registers the area's JSON operations (each documented in OpenAPI by its ``APIOperation``).
    func registerAPI(_ routes: APIRoutes)
    /// Registers the area's web pages.
    func registerPages(_ router: Router<WebContext>)
    /// The schemas named by the area's operations (`requestSchema`, `responseSchema`).
    var schemas: [String: Any] { get }
    /// The area's cards on the dashboard for this principal (none where the role may not read the area).
    func dashboardCards(for principal: Principal) async throws -> [Markup]
}

extension WebArea {
    func dashboardCards(for principal: Principal) async throws -> [Markup] { [] }
}

/// Every area's registrar, in the order of the dashboard's cards.
enum WebAreas {
    static func all(_ services: WebServices) -> [any WebArea] {
        [
            InventoryWeb(inventory: services.inventory, clock: services.auth.clock),
            MonitoringWeb(monitoring: services.monitoring, clock: services.auth.clock),
            DetectionWeb(detection: services.detection),
            IncidentsWeb(alerts: services.alerts, cases: services.cases, events: services.monitoring.store, inventory: services.inventory,
                         users: services.auth.users, clock: services.auth.clock),
            VulnerabilitiesWeb(vulnerabilities: services.vulnerabilities, inventory: services.inventory, clock: services.auth.clock),
            AccessWeb(auth: services.auth, ui: services.ui),
        ]
    }
}
