import Detection
import Hummingbird

/// Detection: rules, exclusions, indicators; API, pages, schemas.
struct DetectionWeb: WebArea {
    let detection: DetectionService

    func registerAPI(_ routes: APIRoutes) {
        DetectionController(detection: detection).register(routes)
    }

    func registerPages(_ router: Router<WebContext>) {
        DetectionPages(detection: detection).register(router)
    }

    var schemas: [String: Any] { OpenAPISchemas.detection }
}
