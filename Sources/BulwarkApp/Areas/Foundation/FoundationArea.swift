// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Storage
import Web
import Collectors
import Incidents

/// The foundation every area stands on: the database, the platform's own users, sessions and tokens, the audit
/// log, the inventory of assets and people, the clock, and the mail transport the areas send through.
public struct FoundationArea: AreaModule {
    /// The server's address, storage, sign-in policy, HTTP limits and mail (`bulwark serve --help`, "Server").
    public struct Settings: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        public var storage = StorageSettings()
        public var logLevel: Logger.Level = .info
        public var secureCookies = false
        /// Reverse proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`).
        public var trustedProxies: Set<String> = []
        public var publicMetrics = false
        public var policy = AuthPolicy()
        /// HTTP connections at once, in all and per client address (`--http-max-connections`, `--http-max-connections-per-address`).
        public var httpConnections = ConnectionGate.Limits(total: 1024, perAddress: 128, idleTimeout: nil)
        /// An HTTP connection that sends no request (or no more of one) for this long is closed: slow or half-sent
        /// headers cannot hold a connection (`--http-idle-timeout`).
        public var httpIdleTimeout: TimeAmount = .seconds(30)
        /// How long a graceful shutdown waits for requests in flight and the ingest queue before cancelling them
        /// (`--shutdown-timeout`).
        public var shutdownTimeout: Duration = .seconds(30)
        /// The SMTP server every area sends mail through (`smtp://` or `smtps://`; `--smtp`), nil: no mail.
        public var smtpURL: String?
        /// Sender of Bulwark's mail (`--mail-from`).
        public var mailFrom = "bulwark@\(ProcessInfo.processInfo.hostName)"

        public init() {}
    }

    public let settings: Settings
    public let database: Database
    public let auth: AuthService
    public let inventory: InventoryService
    /// The people table, for the demo's directory (written as a directory sync would, in one batch).
    let people: any PersonStore
    public let audit: any AuditLog
    public let clock: any WallClock
    /// Mail out of the process (nil without `--smtp`).
    public let mail: (any MailTransport)?
    /// Seals the secrets an area must keep readable (a directory's bind password) with the `--secret-key-file` key.
    let secrets: SecretBox

    /// Opens (and migrates) the database, seals stored secrets with the secret key, and builds the services over it.
    static func open(_ settings: Settings, clock: any WallClock, mail: (any MailTransport)?, logger: Logger) async throws -> FoundationArea {
        let storage = settings.storage
        let secrets = try SecretKeyFile.load(storage.secretKeyPath, logger: logger)
        let database = try await Database.open(try storage.location(), logger: logger)
        let users = SQLUserStore(database: database, secrets: secrets)
        do {
            let sealed = try await users.sealStoredSecrets()
            if sealed > 0 { logger.notice("TOTP secrets sealed with the secret key", metadata: ["count": "\(sealed)"]) }
        } catch {
            await database.close()
            throw error
        }
        let audit = SQLAuditLog(database: database)
        let auth = AuthService(
            users: users, tokens: SQLTokenStore(database: database), sessions: SQLSessionStore(database: database),
            audit: audit, clock: clock, policy: settings.policy)
        let people = SQLPersonStore(database: database)
        let inventory = InventoryService(assets: SQLAssetStore(database: database), people: people, audit: audit, clock: clock)
        return FoundationArea(
            settings: settings, database: database, auth: auth, inventory: inventory, people: people, audit: audit, clock: clock, mail: mail,
            secrets: secrets)
    }

    /// The inventory's API and pages, and the platform's own access (sign-in, users, tokens, audit).
    public var web: [any WebArea] {
        [
            InventoryWeb(inventory: inventory, clock: clock),
            AccessWeb(auth: auth, audit: audit, ui: UISettings(secureCookies: settings.secureCookies)),
        ]
    }

    func services(_ context: ServiceContext) throws -> [any Service] {
        [SessionSweeper(auth: auth, logger: context.logger)]
    }

    func loadDemo(_ demo: DemoContext) async throws {
        try await DemoInventory.load(into: inventory, people: people, now: demo.now)
    }

    /// One account per role, with generated passwords (printed once by `bulwark demo`).
    func createDemoAccounts() async throws -> [DemoAccount] {
        var accounts: [DemoAccount] = []
        for (username, role, name, email) in DemoInventory.users {
            let (_, password) = try await auth.createUser(NewUser(username: username, role: role, displayName: name, email: email), by: .system)
            accounts.append(DemoAccount(username: username, role: role, password: password ?? ""))
        }
        return accounts
    }
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

/// Where the data lives, from `--data` and `--database` (or `BULWARK_DATA`, `BULWARK_DATABASE`).
public struct StorageSettings: Sendable, Equatable {
    public var dataDirectory: String
    public var databaseURL: String?
    /// Longest an event search may run before it is stopped (`--search-timeout`).
    public var searchTimeout: TimeInterval = 30
    /// The key that seals secrets at rest (`--secret-key-file`); nil: `secret.key` in the data directory.
    public var secretKeyFile: String?

    /// Where the secret key is read from (and created on first start).
    public var secretKeyPath: String { secretKeyFile ?? (dataDirectory as NSString).appendingPathComponent("secret.key") }

    public init(dataDirectory: String = "./bulwark-data", databaseURL: String? = nil) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
    }

    public func location() throws -> DatabaseLocation {
        try DatabaseLocation.parse(databaseURL, dataDirectory: dataDirectory)
    }

    /// A file or folder in the data directory.
    public func path(_ name: String) -> String { (dataDirectory as NSString).appendingPathComponent(name) }
}
