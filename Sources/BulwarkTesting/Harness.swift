// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkApp
import BulwarkCore
import Detection
import Foundation
import Incidents
import Metrics
import Hummingbird
import HummingbirdTesting
import Logging
import Monitoring
import Prometheus
import Web

/// A real platform on a fresh SQLite file, assembled as the server assembles it, with a manual clock, the flow
/// after the commit running (pipeline writer, detection, alert follow-up), and the real router; removed afterwards.
public struct Harness: @unchecked Sendable {
    public let platform: Platform
    public let monitoring: MonitoringService
    public let detection: DetectionService
    public let runner: DetectionRunner
    public let clock: ManualClock
    public let router: Router<WebContext>
    public let catalog: OperationCatalog
    public let directory: String

    /// `startPipeline: false` leaves the ingest queue without its writer, so a test can fill it; the writer then
    /// runs at the end, to drain it.
    /// `rules`: Sigma YAML documents written to the data directory's `rules` folder before detection starts.
    public static func with<T>(
        requireAdminMFA: Bool = false, publicMetrics: Bool = false, queueCapacity: Int? = nil, maximumEventsPerRequest: Int? = nil,
        startPipeline: Bool = true,
        rules: [String: String] = [:], webhooks: [WebhookSettings] = [], transport: (any WebhookTransport)? = nil,
        actions: (any ResponseActionTransport)? = nil,
        incidents: IncidentsArea.Settings = IncidentsArea.Settings(), _ body: (Harness) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-web-\(UUID().uuidString)").path
        let clock = ManualClock(Date())
        var settings = ServerSettings(storage: StorageSettings(dataDirectory: directory))
        settings.foundation.policy.bcryptCost = 4
        settings.foundation.policy.requireMFAForAdmins = requireAdminMFA
        settings.foundation.publicMetrics = publicMetrics
        if let queueCapacity { settings.monitoring.service.queueCapacity = queueCapacity }
        if let maximumEventsPerRequest { settings.monitoring.service.maximumEventsPerRequest = maximumEventsPerRequest }
        settings.incidents = incidents
        settings.incidents.webhooks += webhooks
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let rulesDirectory = (directory as NSString).appendingPathComponent("rules")
        try FileManager.default.createDirectory(atPath: rulesDirectory, withIntermediateDirectories: true)
        for (name, yaml) in rules {
            try yaml.write(toFile: (rulesDirectory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        var transports = Platform.Transports()
        if let transport { transports.webhooks = transport }
        if let actions { transports.actions = actions }
        let platform = try await Platform.assemble(settings, clock: clock, transports: transports, logger: logger)
        let monitoring = platform.monitoring.service
        let runner = platform.incidents.runner
        await runner.start()
        let detecting = Task { await runner.follow() }
        let followUp = platform.incidents.followUp
        let following = Task { try await followUp.run() }
        let pipeline = Task {
            if startPipeline { await monitoring.pipeline.run() }
        }
        let built = buildRouter(webServices(platform))
        let harness = Harness(
            platform: platform, monitoring: monitoring, detection: platform.detection.service, runner: runner, clock: clock,
            router: built.router, catalog: built.catalog, directory: directory)
        defer { pipeline.cancel() }
        // In the server's order: the pipeline commits and ends its feed, detection evaluates it, the follow-up
        // queue finishes what detection raised.
        func stop() async {
            await monitoring.pipeline.shutdown()
            await pipeline.value
            if !startPipeline { await monitoring.pipeline.run() }
            await detecting.value
            await followUp.queue.close()
            _ = try? await following.value
            await platform.close()
            try? FileManager.default.removeItem(atPath: directory)
        }
        do {
            let result = try await body(harness)
            await stop()
            return result
        } catch {
            await stop()
            throw error
        }
    }

    /// Runs `body` with a client of the in-process router.
    public func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return try await Application(router: router, logger: logger).test(.router, body)
    }

    /// Creates a user of `role` (username = role name unless given) with a known password.
    @discardableResult
    public func user(_ role: Role, username: String? = nil, password: String = "correct horse battery") async throws -> User {
        try await platform.foundation.auth.createUser(NewUser(username: username ?? role.rawValue, role: role, password: password), by: .system).user
    }

    /// A token with every scope for a new user of `role`: its permissions are exactly the role's.
    public func token(_ role: Role, username: String? = nil) async throws -> String {
        let user = try await user(role, username: username)
        return try await platform.foundation.auth.createToken(username: user.username, name: "test", scopes: [.admin], expiresInDays: 30, by: .system)
            .secret
    }
}

extension HTTPFields {
    public static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
    public static func json(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
}

extension TestResponse {
    public var text: String { String(buffer: body) }
    public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    public var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

extension ByteBuffer {
    public init(json object: Any) { self.init(bytes: try! JSONSerialization.data(withJSONObject: object)) }
}
