import AccessControl
import BulwarkCore
import Collectors
import Detection
import Foundation
import Incidents
import Hummingbird
import Logging
import Metrics
import Monitoring
import NIOSSL
import Prometheus
import ServiceLifecycle
import Web

/// The version shown by `bulwark --version`, the API and the OpenAPI document.
public let bulwarkVersion = "0.1.0"

/// Builds the server over an open platform: HTTP, the syslog listeners that are configured, the ingest pipeline and
/// the background jobs. Tests call this without a process. Shutdown runs in reverse order: the listeners stop taking
/// input, then the pipeline commits everything it holds.
public func buildApplication(platform: Platform, settings: ServerSettings, logger: Logger,
                             metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                             onSyslogBound: @escaping @Sendable (String, Int) -> Void = { _, _ in },
                             onServerRunning: @escaping @Sendable (String) async -> Void = { _ in }) throws -> some ApplicationProtocol {
    var factory = PrometheusMetricsFactory(registry: metrics)
    // Receipt-to-searchable delay and commit time: fine buckets, so p99 can be read off /metrics.
    let delayBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20), .milliseconds(50),
                                    .milliseconds(100), .milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30)]
    factory.durationHistogramBuckets = ["bulwark_ingest_delay_seconds": delayBuckets, "bulwark_ingest_commit_seconds": delayBuckets]
    let monitoring = platform.monitoring(settings.monitoring, metrics: factory, logger: logger)
    var detectionSettings = settings.detection
    detectionSettings.rulePaths = settings.rulePaths
    let detection = platform.detection(detectionSettings, logger: logger)
    let mail = try settings.smtpURL.map { url in
        do { return try SMTPMailTransport(url: url) } catch { throw SettingsError("--smtp: \(error)") }
    }
    let runner = connectDetection(platform: platform, monitoring: monitoring, detection: detection, webhooks: settings.webhooks,
                                  email: settings.email, mail: mail, metrics: factory, logger: logger)
    try connectIncidents(platform: platform, monitoring: monitoring, detection: detection, settings: settings, mail: mail, logger: logger)
    let router = buildRouter(webServices(platform: platform, monitoring: monitoring, detection: detection, settings: settings, metrics: metrics)).router
    var services: [any Service] = [DetectionStartup(runner: runner),
                                   CaseHousekeeping(cases: platform.cases, metrics: factory, logger: logger),
                                   IngestPipelineService(pipeline: monitoring.pipeline),
                                   MonitoringHousekeeping(monitoring: monitoring, logger: logger),
                                   SessionSweeper(auth: platform.auth, logger: logger)]
    let syslog = settings.syslog
    let normaliser = monitoring.normaliser
    if let udp = syslog.udp {
        services.append(SyslogUDPServer(endpoint: udp, pipeline: monitoring.pipeline, normaliser: normaliser, maximumLength: syslog.maximumMessageLength,
                                        metrics: factory, logger: logger, onBound: { onSyslogBound("syslog-udp", $0) }))
    }
    if let tcp = syslog.tcp {
        services.append(SyslogTCPServer(endpoint: tcp, pipeline: monitoring.pipeline, normaliser: normaliser, maximumLength: syslog.maximumMessageLength,
                                        limits: syslog.connectionLimits, metrics: factory, logger: logger, onBound: { onSyslogBound("syslog-tcp", $0) }))
    }
    if let tls = syslog.tls {
        let context: NIOSSLContext
        do { context = try tls.makeContext() } catch { throw SettingsError("\(error)") }
        services.append(SyslogTCPServer(endpoint: tls.endpoint, tls: context, pipeline: monitoring.pipeline, normaliser: normaliser,
                                        maximumLength: syslog.maximumMessageLength, limits: syslog.connectionLimits, metrics: factory, logger: logger,
                                        onBound: { onSyslogBound("syslog-tls", $0) }))
    }
    // Connections held by clients that have not signed in are bounded: per address, in all, and by time (the idle
    // timeout also closes a connection whose request head does not arrive in time, as Hummingbird counts from connect).
    let httpGate = ConnectionGate(listener: "http", limits: settings.httpConnections, metrics: factory)
    return Application(router: router,
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

/// What the web layer needs from the platform and the settings.
public func webServices(platform: Platform, monitoring: MonitoringService, detection: DetectionService, settings: ServerSettings,
                        metrics: PrometheusCollectorRegistry) -> WebServices {
    WebServices(auth: platform.auth, inventory: platform.inventory, monitoring: monitoring, alerts: platform.alerts, detection: detection, vulnerabilities: platform.vulnerabilities,
                cases: platform.cases, metrics: metrics,
                ready: { await platform.database.ping() },
                ui: UISettings(secureCookies: settings.secureCookies), publicMetrics: settings.publicMetrics,
                version: bulwarkVersion)
}

/// Detection after every commit of the pipeline, alerts from its hits, and webhooks for new alerts. Start the returned
/// runner (``DetectionRunner/start()``, done by ``DetectionStartup`` in the server) to load rules and catch up.
public func connectDetection(platform: Platform, monitoring: MonitoringService, detection: DetectionService, webhooks: [WebhookSettings],
                             transport: any WebhookTransport = URLSessionWebhookTransport(), email: EmailSettings? = nil, mail: (any MailTransport)? = nil,
                             metrics: any MetricsFactory, logger: Logger) -> DetectionRunner {
    let runner = DetectionRunner(detection: detection, alerts: platform.alerts, events: monitoring.store, inventory: platform.inventory,
                                 store: platform.detectionStore, metrics: metrics, logger: logger)
    monitoring.pipeline.addObserver { batch in await runner.handle(batch) }
    if !webhooks.isEmpty || (email != nil && mail != nil) {
        let notifier = WebhookNotifier(webhooks: webhooks, transport: transport, email: email, mail: mail, logger: logger)
        platform.alerts.onRaised { results in await notifier.notify(results) }
    }
    return runner
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

/// Runs the ingest pipeline's writer; on graceful shutdown (after the listeners and HTTP server have stopped) it
/// commits everything still queued, then returns.
public struct IngestPipelineService: Service {
    let pipeline: IngestPipeline

    public init(pipeline: IngestPipeline) { self.pipeline = pipeline }

    public func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await pipeline.run()
            } onGracefulShutdown: {
                Task { await pipeline.shutdown() }
            }
        } onCancel: {
            Task { await pipeline.shutdown() }
        }
    }
}

/// Monitoring's background jobs: silent-source checks every minute, retention every ten.
struct MonitoringHousekeeping: Service {
    let monitoring: MonitoringService
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var round = 0
            while !Task.isCancelled {
                do {
                    _ = try await monitoring.checkSilentSources()
                    if round % 10 == 0 { _ = try await monitoring.enforceRetention() }
                } catch {
                    logger.warning("monitoring housekeeping failed", metadata: ["error": "\(error)"])
                }
                round += 1
                try await Task.sleep(for: .seconds(60))
            }
        }
    }
}
