import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring
import NIOCore

/// The whole HTTP surface: middleware, JSON API (documented in OpenAPI), web pages and static files.
public func buildRouter(_ services: WebServices) -> (router: Router<WebContext>, catalog: OperationCatalog) {
    let router = Router(context: WebContext.self)
    router.add(middleware: MetricsMiddleware(registry: services.metrics))
    router.add(middleware: FrontMiddleware())
    router.add(middleware: AuthenticationMiddleware(auth: services.auth))

    let catalog = OperationCatalog()
    let routes = APIRoutes(anonymous: router, authed: router.group("", context: AuthedContext.self), catalog: catalog)
    HealthController(ready: services.ready, registry: services.metrics, publicMetrics: services.publicMetrics).register(routes)
    MeController(auth: services.auth).register(routes)
    InventoryController(kind: .assets(services.inventory)).register(routes)
    InventoryController(kind: .people(services.inventory)).register(routes)
    UsersController(auth: services.auth).register(routes)
    TokensController(auth: services.auth).register(routes)
    AuditController(audit: services.auth.audit, clock: services.auth.clock).register(routes)
    IngestController(monitoring: services.monitoring, clock: services.auth.clock).register(routes)
    EventsController(monitoring: services.monitoring, clock: services.auth.clock).register(routes)
    AlertsController(alerts: services.alerts, events: services.monitoring.store).register(routes)
    DetectionController(detection: services.detection).register(routes)
    VulnerabilitiesController(vulnerabilities: services.vulnerabilities, clock: services.inventory.clock).register(routes)
    CasesController(cases: services.cases, users: services.auth.users).register(routes)
    routes.addAnonymous(.init(method: .get, path: "/api/v1/openapi.json", operationID: "openapi", summary: "This OpenAPI document",
                              tag: "Operations", access: .anonymous, responseSchema: "OpenAPI")) { _, _ in
        let data = OpenAPIDocument.json(catalog.operations, version: services.version)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    routes.addMethodNotAllowed()

    LoginPages(auth: services.auth, settings: services.ui).register(router)
    DashboardPages(auth: services.auth, inventory: services.inventory, monitoring: services.monitoring, alerts: services.alerts, vulnerabilities: services.vulnerabilities,
                   cases: services.cases).register(router)
    AreaPages().register(router)
    InventoryPages(kind: .assets(services.inventory), clock: services.auth.clock).register(router)
    InventoryPages(kind: .people(services.inventory), clock: services.auth.clock).register(router)
    AdminPages(auth: services.auth).register(router)
    AuditPages(audit: services.auth.audit).register(router)
    EventPages(monitoring: services.monitoring, clock: services.auth.clock).register(router)
    AlertPages(alerts: services.alerts, events: services.monitoring.store, cases: services.cases).register(router)
    DetectionPages(detection: services.detection).register(router)
    VulnerabilityPages(vulnerabilities: services.vulnerabilities, inventory: services.inventory).register(router)
    CasePages(cases: services.cases, inventory: services.inventory, users: services.auth.users).register(router)
    AccountPages(auth: services.auth).register(router)
    StaticFiles.register(router)
    return (router, catalog)
}

/// The stylesheet and script, compiled into the binary.
enum StaticFiles {
    static let files: [String: (bytes: [UInt8], type: String)] = [
        "bulwark.css": (PackageResources.bulwark_css, "text/css; charset=utf-8"),
        "bulwark.js": (PackageResources.bulwark_js, "text/javascript; charset=utf-8"),
    ]

    static func register(_ router: Router<WebContext>) {
        router.get("/static/{file}") { _, context in
            guard let name = context.parameters.get("file"), let file = files[name] else { throw CoreError.notFound(kind: "file", id: context.parameters.get("file") ?? "") }
            return Response(status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
    }
}
