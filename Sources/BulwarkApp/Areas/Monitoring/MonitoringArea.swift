// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Collectors
import Foundation
import Logging
import Metrics
import Monitoring
import NIOSSL
import ServiceLifecycle
import Storage
import Web

/// Security monitoring: the event store, the ingest pipeline (with the feed of committed batches that detection
/// reads), retention and silent-source checks, and the syslog listeners.
public struct MonitoringArea: AreaModule {
    /// Retention, silence threshold, ingest bounds and the syslog listeners (`bulwark serve --help`, "Monitoring").
    public struct Settings: Sendable {
        public var service = MonitoringSettings()
        public var syslog = SyslogSettings()
        public init() {}
    }

    public let settings: Settings
    public let events: any EventStore
    public let service: MonitoringService
    /// Committed batches, read by detection.
    public let committed: CommittedFeed
    public let web: [any WebArea]

    init(_ settings: Settings, foundation: FoundationArea, metrics: any MetricsFactory, logger: Logger) {
        self.settings = settings
        events = SQLEventStore(database: foundation.database, searchTimeout: foundation.settings.storage.searchTimeout)
        committed = CommittedFeed()
        let pipeline = IngestPipeline(
            store: events, capacity: settings.service.queueCapacity, feed: committed, metrics: metrics, logger: logger,
            clock: { [clock = foundation.clock] in clock.now() })
        service = MonitoringService(
            store: events, pipeline: pipeline, settings: settings.service, metrics: metrics, audit: foundation.audit,
            clock: foundation.clock, logger: logger, savedSearches: SQLSavedSearchStore(database: foundation.database))
        web = [MonitoringWeb(monitoring: service, clock: foundation.clock)]
    }

    func services(_ context: ServiceContext) throws -> [any Service] {
        var services: [any Service] = [
            IngestPipelineService(pipeline: service.pipeline), MonitoringHousekeeping(monitoring: service, logger: context.logger),
        ]
        let syslog = settings.syslog
        let pipeline = service.pipeline
        let normaliser = service.normaliser
        let (metrics, logger, bound) = (context.metrics, context.logger, context.onSyslogBound)
        if let udp = syslog.udp {
            services.append(
                SyslogUDPServer(
                    endpoint: udp, pipeline: pipeline, normaliser: normaliser, maximumLength: syslog.maximumMessageLength,
                    metrics: metrics, logger: logger, onBound: { bound("syslog-udp", $0) }))
        }
        if let tcp = syslog.tcp {
            services.append(
                SyslogTCPServer(
                    endpoint: tcp, pipeline: pipeline, normaliser: normaliser, maximumLength: syslog.maximumMessageLength,
                    limits: syslog.connectionLimits, metrics: metrics, logger: logger, onBound: { bound("syslog-tcp", $0) }))
        }
        if let tls = syslog.tls {
            let context: NIOSSLContext
            do { context = try tls.makeContext() } catch { throw SettingsError("\(error)") }
            services.append(
                SyslogTCPServer(
                    endpoint: tls.endpoint, tls: context, pipeline: pipeline, normaliser: normaliser,
                    maximumLength: syslog.maximumMessageLength, limits: syslog.connectionLimits, metrics: metrics, logger: logger,
                    onBound: { bound("syslog-tls", $0) }))
        }
        return services
    }

    /// A day of logs from the demo company's hosts, with an attack in it, and the searches the team keeps.
    func loadDemo(_ demo: DemoContext) async throws {
        try await events.append(DemoEvents.make(now: demo.now))
        let analyst = AuditActor(username: "analyst", source: "demo")
        _ = try await service.saveSearch(
            name: "Failed sign-ins", query: "event.action:logon-failed", range: "24h", shared: true, by: analyst)
        _ = try await service.saveSearch(
            name: "Outbound to the C2 address", query: "destination.ip:203.0.113.66", range: "7d", shared: true, by: analyst)
        _ = try await service.saveSearch(
            name: "Root shells on the bastion", query: "host.name:bastion-01 AND sudo AND USER=root", range: "24h", shared: false,
            by: AuditActor(username: "engineer", source: "demo"))
    }
}

/// Runs the ingest pipeline's writer; on graceful shutdown (after the listeners and HTTP server have stopped) it
/// commits everything still queued and ends the committed feed, then returns.
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
