// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import ArgumentParser
import Detection
import Incidents
import BulwarkCore
import Collectors
import Foundation
import Vulnerabilities
import Hummingbird
import Logging
import ServiceLifecycle

/// `bulwark serve`: the server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Bulwark server: web UI, JSON API and background jobs.",
        discussion: """
            There are no default credentials. On an empty database, create the first admin with
              bulwark admin create-user --username NAME --role admin
            or start once with BULWARK_BOOTSTRAP_ADMIN_PASSWORD set (username: BULWARK_BOOTSTRAP_ADMIN_USERNAME, default admin).
            SIGTERM or SIGINT stops the server gracefully: requests in flight finish, then the database closes.

            Detection: the Sigma rules of --rules (default DATA/rules) and the threat-intelligence indicators run over
            every event as it is stored; matches become alerts (/alerts), sent to --webhook and --alert-email.

            Incident response: cases (/incidents) with the bundled playbooks and those of --playbooks; --case-automation
            opens cases from alerts; --response-actions are the HTTP actions a case can run. Evidence files are kept
            in the database (or --evidence-dir).
            """)

    @OptionGroup var storage: StorageOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let environment = Environment()
        let settings = try server.settings(storage: storage.settings(environment), environment: environment)
        try await ListenCheck.check(settings)
        let platform = try await Server.assemble(settings)
        try await Server.run(platform, environment: environment, banner: nil)
    }
}

/// Flags of the server, shared by `serve` and `demo`: one group per area, each building its area's settings.
struct ServerOptions: ParsableArguments {
    @OptionGroup(title: "Server") var foundation: FoundationOptions
    @OptionGroup(title: "Monitoring") var monitoring: MonitoringOptions
    @OptionGroup(title: "Detection") var detection: DetectionOptions
    @OptionGroup(title: "Alerts and incidents") var incidents: IncidentsOptions
    @OptionGroup(title: "Vulnerabilities") var vulnerabilities: VulnerabilitiesOptions
    @OptionGroup(title: "Patching") var patching: PatchingOptions
    @OptionGroup(title: "Access governance") var governance: GovernanceOptions

    func settings(storage: StorageSettings, environment: Environment) throws -> ServerSettings {
        do {
            var settings = ServerSettings()
            settings.foundation = try foundation.settings(storage: storage, environment: environment)
            settings.monitoring = try monitoring.settings(environment: environment)
            settings.detection = try detection.settings(environment: environment)
            settings.incidents = try incidents.settings(environment: environment, foundation: settings.foundation)
            settings.vulnerabilities = try vulnerabilities.settings(environment: environment)
            settings.patching = try patching.settings(environment: environment)
            settings.governance = try governance.settings(environment: environment)
            return settings
        } catch let error as SettingsError {
            throw InputError(error.description)
        }
    }
}

/// Runs the server until SIGTERM or SIGINT.
enum Server {
    /// The logger of the server, at the level of `--log-level`.
    static func logger(_ settings: ServerSettings) -> Logger {
        var logger = Logger(label: "bulwark")
        logger.logLevel = settings.foundation.logLevel
        return logger
    }

    /// Assembles the platform for the server; a database that cannot be opened is an input error naming it.
    static func assemble(_ settings: ServerSettings) async throws -> Platform {
        do {
            return try await Platform.assemble(settings, logger: logger(settings))
        } catch let error as SettingsError {
            throw InputError(error.description)
        } catch {
            throw InputError("cannot open the database at \((try? settings.foundation.storage.location().description) ?? "?"): \(error)")
        }
    }

    /// Runs the server over an assembled platform until SIGTERM or SIGINT, then closes the platform.
    static func run(_ platform: Platform, environment: Environment, banner: (@Sendable (String) -> Void)?) async throws {
        let settings = platform.settings
        let logger = logger(settings)
        do {
            try await bootstrapAdmin(platform, environment: environment, logger: logger)
        } catch {
            await platform.close()
            throw error
        }
        logger.info(
            "starting", metadata: ["version": "\(bulwarkVersion)", "database": "\((try? settings.foundation.storage.location().description) ?? "")"])
        let descriptors = FileDescriptorLimit.raise()
        let syslog = settings.monitoring.syslog
        let needed =
            settings.foundation.httpConnections.total + (syslog.tcp == nil ? 0 : syslog.connectionLimits.total)
            + (syslog.tls == nil ? 0 : syslog.connectionLimits.total) + 256
        if descriptors < needed {
            logger.warning(
                "the open-file limit is lower than the connection caps need; raise it (ulimit -n) or lower the caps",
                metadata: ["limit": "\(descriptors)", "needed": "\(needed)"])
        }
        do {
            let app = try buildApplication(
                platform, logger: logger,
                onServerRunning: { url in
                    logger.info("listening", metadata: ["url": "\(url)"])
                    banner?(url)
                })
            // The drain is bounded: a request still running after --shutdown-timeout (a CPU-bound one would hold
            // the process forever) is cancelled, and after as long again the process stops waiting for it.
            var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            configuration.maximumGracefulShutdownDuration = settings.foundation.shutdownTimeout
            configuration.maximumCancellationDuration = settings.foundation.shutdownTimeout
            try await ServiceGroup(configuration: configuration).run()
        } catch let error as SettingsError {
            await platform.close()
            throw InputError(error.description)
        } catch {
            await platform.close()
            throw error
        }
        await platform.close()
        logger.info("stopped")
    }

    /// On an empty database, creates the first admin from BULWARK_BOOTSTRAP_ADMIN_PASSWORD, or says how to.
    static func bootstrapAdmin(_ platform: Platform, environment: Environment, logger: Logger) async throws {
        guard try await platform.foundation.auth.userCount() == 0 else { return }
        guard let password = environment["BULWARK_BOOTSTRAP_ADMIN_PASSWORD"] else {
            logger.warning(
                "no users yet: create the first admin with `bulwark admin create-user --username NAME --role admin` (it works while the server runs)")
            return
        }
        let username = environment["BULWARK_BOOTSTRAP_ADMIN_USERNAME"] ?? "admin"
        do {
            _ = try await platform.foundation.auth.createUser(NewUser(username: username, role: .admin, password: password), by: .system)
            logger.notice("first admin created from BULWARK_BOOTSTRAP_ADMIN_PASSWORD", metadata: ["username": "\(username)"])
        } catch {
            throw InputError("BULWARK_BOOTSTRAP_ADMIN_PASSWORD: \(error)")
        }
    }
}
