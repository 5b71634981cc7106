import Detection
import Hummingbird

/// Detection: rules, exclusions, indicators; API, pages, schemas.
public struct DetectionWeb: WebArea {
    let detection: DetectionService

    public init(detection: DetectionService) {
        self.detection = detection
    }

    public func registerAPI(_ routes: APIRoutes) {
        DetectionController(detection: detection).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        DetectionPages(detection: detection).register(router)
    }

    public var schemas: [String: Any] { OpenAPISchemas.detection }
}
