import AccessControl
import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging
import Metrics
import Monitoring
import Storage
import Vulnerabilities

/// Everything the server and the CLI share, wired once: the database, the stores and the domain services.
public struct Platform: Sendable {
    public let database: Database
    public let auth: AuthService
    public let inventory: InventoryService
    public let audit: any AuditLog
    public let clock: any WallClock
    public let events: any EventStore
    public let alerts: AlertService
    public let detectionStore: any DetectionStore
    public let vulnerabilities: VulnerabilityService
    public let cases: CaseService

    /// Opens (and migrates) the database and builds the services over it.
    public static func open(_ storage: StorageSettings, policy: AuthPolicy = AuthPolicy(), clock: any WallClock = SystemClock(),
                            alertGrouping: TimeInterval = 3600, sla: SLAPolicy = .standard, incidents: IncidentSettings = IncidentSettings(),
                            logger: Logger) async throws -> Platform {
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
        let auth = AuthService(users: users, tokens: SQLTokenStore(database: database),
                               sessions: SQLSessionStore(database: database), audit: audit, clock: clock, policy: policy)
        let inventory = InventoryService(assets: SQLAssetStore(database: database), people: SQLPersonStore(database: database),
                                         audit: audit, clock: clock)
        let alerts = AlertService(store: SQLAlertStore(database: database), audit: audit, clock: clock, logger: logger, groupingWindow: alertGrouping)
        let playbooks = PlaybookLibrary(directory: incidents.playbookDirectory ?? (storage.dataDirectory as NSString).appendingPathComponent("playbooks"))
        for error in playbooks.errors { logger.error("playbook left out", metadata: ["error": "\(error)"]) }
        let cases = CaseService(store: SQLCaseStore(database: database), alerts: alerts, audit: audit, clock: clock, logger: logger, settings: incidents.cases,
                                playbooks: playbooks, vault: EvidenceVault(directory: (storage.dataDirectory as NSString).appendingPathComponent("evidence")),
                                transport: incidents.transport)
        return Platform(database: database, auth: auth, inventory: inventory, audit: audit, clock: clock, events: SQLEventStore(database: database, searchTimeout: storage.searchTimeout),
                        alerts: alerts, detectionStore: SQLDetectionStore(database: database),
                        vulnerabilities: VulnerabilityService(advisories: SQLAdvisoryStore(database: database), store: SQLFindingStore(database: database),
                                                              assets: SQLAssetStore(database: database), audit: audit, clock: clock, sla: sla),
                        cases: cases)
    }

    /// The monitoring module over this platform's event store, with its own pipeline (run it with ``IngestPipelineService``).
    public func monitoring(_ settings: MonitoringSettings, metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger) -> MonitoringService {
        let pipeline = IngestPipeline(store: events, capacity: settings.queueCapacity, metrics: metrics, logger: logger, clock: { [clock] in clock.now() })
        return MonitoringService(store: events, pipeline: pipeline, settings: settings, metrics: metrics, audit: audit, clock: clock, logger: logger)
    }

    /// The detection module over this platform's stores (load its rules with ``DetectionService/reload(by:)``).
    public func detection(_ settings: DetectionService.Settings, logger: Logger) -> DetectionService {
        DetectionService(settings: settings, store: detectionStore, audit: audit, clock: clock, logger: logger)
    }

    /// Vulnerabilities' advisory tables (OSV, KEV, EPSS).
    public var advisories: any AdvisoryStore { SQLAdvisoryStore(database: database) }

    /// Closes the database; the last call.
    public func close() async { await database.close() }
}

/// Incident response: case SLAs, regulatory deadlines, response actions, evidence limit, where playbooks and
/// automation rules are read from, and how response actions reach HTTP.
public struct IncidentSettings: Sendable {
    public var cases = CaseService.Settings()
    /// Extra playbooks (default `DATA/playbooks`).
    public var playbookDirectory: String?
    /// Automation rules YAML (`--case-automation`).
    public var automationFile: String?
    public var transport: any ResponseActionTransport = URLSessionActionTransport()

    public init() {}
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
}
