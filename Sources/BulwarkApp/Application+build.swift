import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import Web

/// The version shown by `bulwark --version`, the API and the OpenAPI document.
public let bulwarkVersion = "0.1.0"

/// Builds the HTTP application over an open platform; tests call this without a process.
public func buildApplication(platform: Platform, settings: ServerSettings, logger: Logger,
                             metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                             onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }) -> some ApplicationProtocol {
    let router = buildRouter(webServices(platform: platform, settings: settings, metrics: metrics)).router
    return Application(router: router,
                       configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Bulwark"),
                       services: [SessionSweeper(auth: platform.auth, logger: logger)],
                       onServerRunning: { channel in
                           let port = channel.localAddress?.port ?? settings.port
                           let host = settings.host.contains(":") ? "[\(settings.host)]" : settings.host
                           await onServerRunning("http://\(host):\(port)")
                       },
                       logger: logger)
}

/// What the web layer needs from the platform and the settings.
public func webServices(platform: Platform, settings: ServerSettings, metrics: PrometheusCollectorRegistry) -> WebServices {
    WebServices(auth: platform.auth, inventory: platform.inventory, metrics: metrics,
                ready: { await platform.database.ping() },
                ui: UISettings(secureCookies: settings.secureCookies), publicMetrics: settings.publicMetrics,
                version: bulwarkVersion)
}

/// Removes expired sessions every few minutes.
struct SessionSweeper: Service {
    let auth: AuthService
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let removed = try await auth.purgeExpiredSessions()
                    if removed > 0 { logger.debug("expired sessions removed", metadata: ["count": "\(removed)"]) }
                } catch {
                    logger.warning("session sweep failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(300))
            }
        }
    }
}
