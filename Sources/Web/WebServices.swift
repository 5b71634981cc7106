// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Prometheus

/// What the web layer needs, built by the application and handed over whole: the sign-in service the middleware
/// uses, one registrar per area, and the server's own switches.
public struct WebServices: Sendable {
    public var auth: AuthService
    /// Every area's registrar, in the application's order of areas.
    public var areas: [any WebArea]
    public var metrics: PrometheusCollectorRegistry
    /// Whether the database answers (`/readyz`).
    public var ready: @Sendable () async -> Bool
    public var ui: UISettings
    public var publicMetrics: Bool
    public var version: String
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    public var trustedProxies: Set<String>

    public init(
        auth: AuthService, areas: [any WebArea], metrics: PrometheusCollectorRegistry, ready: @escaping @Sendable () async -> Bool,
        ui: UISettings = UISettings(), publicMetrics: Bool = false, version: String, trustedProxies: Set<String> = []
    ) {
        self.trustedProxies = trustedProxies
        self.auth = auth
        self.areas = areas
        self.metrics = metrics
        self.ready = ready
        self.ui = ui
        self.publicMetrics = publicMetrics
        self.version = version
    }
}
