// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Hummingbird
import NIOCore
import Prometheus

/// Probes and metrics: `/healthz` (the process answers), `/readyz` (the database answers), `/metrics` (Prometheus).
struct HealthController {
    let ready: @Sendable () async -> Bool
    let registry: PrometheusCollectorRegistry
    /// Whether `/metrics` answers without credentials (for a scraper on a private network).
    let publicMetrics: Bool

    func register(_ routes: APIRoutes) {
        routes.addAnonymous(
            .init(
                method: .get, path: "/healthz", operationID: "health", summary: "Liveness: the process answers",
                tag: "Operations", access: .anonymous, responseSchema: "Status")
        ) { _, _ in
            try JSONResponse.make(StatusBody(status: "ok"))
        }
        routes.addAnonymous(
            .init(
                method: .get, path: "/readyz", operationID: "ready", summary: "Readiness: the database answers (503 if not)",
                tag: "Operations", access: .anonymous, responseSchema: "Status")
        ) { _, _ in
            await ready()
                ? try JSONResponse.make(StatusBody(status: "ready"))
                : try JSONResponse.make(
                    StatusBody(status: "unavailable", error: .init(code: "database_unavailable", message: "the database does not answer")),
                    status: .serviceUnavailable)
        }
        routes.addAnonymous(
            .init(
                method: .get, path: "/metrics", operationID: "metrics",
                summary: "Prometheus metrics (needs a token with `read` scope unless the server runs with --public-metrics)",
                tag: "Operations", access: .anonymous, responseSchema: "PrometheusText",
                responseContentType: "text/plain")
        ) { _, context in
            if !publicMetrics {
                guard let principal = context.principal else { throw APIError.unauthenticated }
                guard principal.can(.metricsRead) else {
                    throw APIError(status: .forbidden, code: "forbidden", message: "this needs the 'metrics.read' permission")
                }
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}

/// A probe's answer (schema `Status`): `ok` or `ready`, or `unavailable` with the error.
struct StatusBody: ResponseBody {
    struct Failure: Encodable, Sendable {
        var code: String
        var message: String
    }

    var status: String
    var error: Failure?
}
