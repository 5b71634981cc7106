import AccessControl
import BulwarkCore
import Detection
import Incidents
import Monitoring
import Prometheus
import Vulnerabilities

/// What the web layer needs, built by the application and handed over whole.
public struct WebServices: Sendable {
    public var auth: AuthService
    public var inventory: InventoryService
    public var monitoring: MonitoringService
    public var alerts: AlertService
    public var detection: DetectionService
    public var vulnerabilities: VulnerabilityService
    public var cases: CaseService
    public var metrics: PrometheusCollectorRegistry
    /// Whether the database answers (`/readyz`).
    public var ready: @Sendable () async -> Bool
    public var ui: UISettings
    public var publicMetrics: Bool
    public var version: String

    public init(auth: AuthService, inventory: InventoryService, monitoring: MonitoringService, alerts: AlertService, detection: DetectionService,
                vulnerabilities: VulnerabilityService, cases: CaseService, metrics: PrometheusCollectorRegistry,
                ready: @escaping @Sendable () async -> Bool, ui: UISettings = UISettings(), publicMetrics: Bool = false, version: String) {
        self.auth = auth
        self.inventory = inventory
        self.monitoring = monitoring
        self.alerts = alerts
        self.detection = detection
        self.vulnerabilities = vulnerabilities
        self.cases = cases
        self.metrics = metrics
        self.ready = ready
        self.ui = ui
        self.publicMetrics = publicMetrics
        self.version = version
    }
}
