// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Collectors
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Web

/// The version shown by `bulwark --version`, the API and the OpenAPI document.
public let bulwarkVersion = "0.1.0"

/// Builds the server over an assembled platform: HTTP and every area's background jobs (the ingest pipeline,
/// detection, the syslog listeners that are configured, the clocks). Tests call this without a process. Shutdown runs
/// in reverse order: the listeners stop taking input, then the pipeline commits everything it holds, detection
/// evaluates it and the alerts it raises are followed up.
public func buildApplication(
    _ platform: Platform, logger: Logger, onSyslogBound: @escaping @Sendable (String, Int) -> Void = { _, _ in },
    onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let settings = platform.settings.foundation
    let router = buildRouter(webServices(platform)).router
    let services = try platform.services(logger: logger, onSyslogBound: onSyslogBound)
    // Connections held by clients that have not signed in are bounded: per address, in all, and by time (the idle
    // timeout also closes a connection whose request head does not arrive in time, as Hummingbird counts from connect).
    let httpGate = ConnectionGate(listener: "http", limits: settings.httpConnections, metrics: platform.metricsFactory)
    return Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [httpGate.handler()], idleTimeout: settings.httpIdleTimeout)),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Bulwark"),
        services: services,
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? settings.port
            let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
            await onServerRunning("http://\(host):\(port)")
        },
        logger: logger)
}

/// What the web layer needs from the platform.
public func webServices(_ platform: Platform) -> WebServices {
    let settings = platform.settings.foundation
    return WebServices(
        auth: platform.foundation.auth, areas: platform.areas.flatMap(\.web) + [SystemWeb(status: SystemStatusProvider.make(platform))],
        metrics: platform.metrics,
        ready: { await platform.foundation.database.ping() },
        ui: UISettings(secureCookies: settings.secureCookies), publicMetrics: settings.publicMetrics,
        version: bulwarkVersion, trustedProxies: settings.trustedProxies)
}
