// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

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
    if !services.trustedProxies.isEmpty { router.add(middleware: ForwardedForMiddleware(trusted: services.trustedProxies)) }
    router.add(middleware: FrontMiddleware())
    router.add(middleware: AuthenticationMiddleware(auth: services.auth))

    let catalog = OperationCatalog()
    let routes = APIRoutes(anonymous: router, authed: router.group("", context: AuthedContext.self), catalog: catalog)
    HealthController(ready: services.ready, registry: services.metrics, publicMetrics: services.publicMetrics).register(routes)
    let areas = services.areas
    catalog.addSchemas { OpenAPISchemas.common }
    for area in areas {
        area.registerAPI(routes)
        catalog.addSchemas { area.schemas }
    }
    routes.addAnonymous(
        .init(
            method: .get, path: "/api/v1/openapi.json", operationID: "openapi", summary: "This OpenAPI document",
            tag: "Operations", access: .anonymous, responseSchema: "OpenAPI")
    ) { _, _ in
        let data = OpenAPIDocument.json(catalog, version: services.version)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    routes.addMethodNotAllowed()

    DashboardPages(areas: areas).register(router)
    AreaPages().register(router)
    for area in areas { area.registerPages(router) }
    EntityPages(areas: areas).register(router)
    StaticFiles.register(router)
    return (router, catalog)
}

/// The stylesheet, the script and the icon, compiled into the binary.
enum StaticFiles {
    static let files: [String: (bytes: [UInt8], type: String)] = [
        "bulwark.css": (PackageResources.bulwark_css, "text/css; charset=utf-8"),
        "bulwark.js": (PackageResources.bulwark_js, "text/javascript; charset=utf-8"),
        "favicon.svg": (PackageResources.favicon_svg, "image/svg+xml"),
    ]

    static func register(_ router: Router<WebContext>) {
        router.get("/static/{file}") { _, context in
            guard let name = context.parameters.get("file"), let file = files[name] else {
                throw CoreError.notFound(kind: "file", id: context.parameters.get("file") ?? "")
            }
            return Response(
                status: .ok, headers: [.contentType: file.type, .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
        // Where browsers look for the icon of a page that names none (a JSON answer, an image opened on its own).
        router.get("/favicon.ico") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "image/svg+xml", .cacheControl: "public, max-age=86400"],
                body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.favicon_svg)))
        }
    }
}
