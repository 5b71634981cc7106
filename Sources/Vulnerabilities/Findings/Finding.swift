import Foundation

/// Where a finding stands.
public enum FindingState: String, Sendable, Codable, CaseIterable {
    case open
    case inRemediation = "in_remediation"
    case fixed
    case riskAccepted = "risk_accepted"
    case falsePositive = "false_positive"
    /// Not affected, by a VEX statement (OpenVEX or CycloneDX VEX) with its justification.
    case notAffected = "not_affected"

    /// States whose SLA clock runs and that count as open work.
    public var isActive: Bool { self == .open || self == .inRemediation }

    public var title: String {
        switch self {
        case .open: return "Open"
        case .inRemediation: return "In remediation"
        case .fixed: return "Fixed"
        case .riskAccepted: return "Risk accepted"
        case .falsePositive: return "False positive"
        case .notAffected: return "Not affected (VEX)"
        }
    }
}

/// One vulnerability in one package on one asset, kept across rescans (first seen, last seen) and closed as fixed
/// when a later inventory shows the package upgraded past the fix or removed.
public struct Finding: Sendable, Codable, Equatable {
    public var id: String
    public var assetID: String
    public var assetName: String
    public var ecosystem: String
    public var package: String
    public var version: String
    public var purl: String
    /// The OSV id.
    public var vulnerabilityID: String
    public var aliases: [String]
    public var fixedVersions: [String]
    public var summary: String?
    public var severity: Severity
    public var cvssScore: Double?
    public var cvssVector: String?
    public var kev: Bool
    public var kevDueDate: String?
    public var ransomware: Bool
    public var epss: Double?
    public var epssPercentile: Double?
    public var risk: Double
    public var decision: SSVCDecision
    /// Why it ranks where it does, strongest reason first.
    public var reasons: [String]
    public var state: FindingState
    public var stateReason: String?
    /// Who set the current state (the approver of a risk acceptance).
    public var stateBy: String?
    public var stateChangedAt: Date?
    public var acceptedUntil: Date?
    public var vexJustification: String?
    /// The inventory source that last showed the package.
    public var source: String
    public var firstSeen: Date
    public var lastSeen: Date
    public var fixedAt: Date?
    public var dueAt: Date
    public var updatedAt: Date

    /// Whether the SLA due date has passed while the finding is still open work.
    public func isOverdue(at now: Date) -> Bool { state.isActive && now > dueAt }

    /// The finding's key across rescans: asset, ecosystem, package and vulnerability.
    public var key: String { Self.key(assetID: assetID, ecosystem: ecosystem, package: package, vulnerability: vulnerabilityID) }

    public static func key(assetID: String, ecosystem: String, package: String, vulnerability: String) -> String {
        "\(assetID)|\(Ecosystem.base(ecosystem))|\(Ecosystem.normalizedName(package, ecosystem: ecosystem))|\(vulnerability)"
    }
}

/// Filters for the findings list (sorted by risk, highest first).
public struct FindingQuery: Sendable, Equatable {
    public var assetID: String?
    public var severities: [Severity] = []
    public var states: [FindingState] = []
    public var kev: Bool?
    public var overdue: Bool?
    public var ecosystem: String?
    public var vulnerabilityID: String?
    /// Substring of the package, vulnerability id, aliases or asset name.
    public var text: String?

    /// By default the open work: open and in remediation (`states: []` means every state).
    public init(assetID: String? = nil, severities: [Severity] = [], states: [FindingState] = [.open, .inRemediation], kev: Bool? = nil, overdue: Bool? = nil,
                ecosystem: String? = nil, vulnerabilityID: String? = nil, text: String? = nil) {
        self.assetID = assetID
        self.severities = severities
        self.states = states
        self.kev = kev
        self.overdue = overdue
        self.ecosystem = ecosystem
        self.vulnerabilityID = vulnerabilityID
        self.text = text
    }
}

/// Totals for the dashboard and the list's header.
public struct FindingCounts: Sendable, Equatable, Codable {
    public var openBySeverity: [Severity: Int] = [:]
    public var overdue = 0
    public var kev = 0
    public var fixedLast30Days = 0
    /// Of the findings closed as fixed in the last 90 days, the share fixed by their due date (nil if none).
    public var slaCompliance: Double?
    public init() {}
    public var open: Int { openBySeverity.values.reduce(0, +) }
}

/// One package as stored for an asset, with the inventory source it came from.
public struct StoredPackage: Sendable, Codable, Equatable {
    public var assetID: String
    public var source: String
    public var package: InventoryPackage
    public var importedAt: Date
    public init(assetID: String, source: String, package: InventoryPackage, importedAt: Date) {
        self.assetID = assetID
        self.source = source
        self.package = package
        self.importedAt = importedAt
    }
}

/// What one inventory import changed, kept per asset.
public struct InventoryChange: Sendable, Codable, Equatable {
    public var id: String
    public var assetID: String
    public var source: String
    public var format: InventoryFormat
    public var importedAt: Date
    public var importedBy: String
    public var packages: Int
    public var added: [String]
    public var removed: [String]
    /// `name old → new`.
    public var changed: [String]
    public var newFindings: Int
    public var fixedFindings: Int
    public var reopenedFindings: Int
    public var skipped: [AdvisoryBatch.Rejection]
}

/// A VEX statement kept so that it applies to findings found later too.
public struct VEXStatement: Sendable, Codable, Equatable {
    public var id: String
    /// The vulnerability as the document names it (CVE, GHSA, OSV id).
    public var vulnerability: String
    /// The product as a purl; a purl without a version covers every version.
    public var product: String
    /// `not_affected`, `affected`, `fixed` or `under_investigation`.
    public var status: String
    public var justification: String
    public var source: String
    public var createdBy: String
    public var createdAt: Date
}

/// Where findings, inventories and VEX statements live.
public protocol FindingStore: Sendable {
    func packages(assetID: String) async throws -> [StoredPackage]
    /// Replaces one source's packages of an asset and records the change, in one transaction.
    func replacePackages(assetID: String, source: String, packages: [InventoryPackage], change: InventoryChange) async throws
    func inventoryChanges(assetID: String, limit: Int) async throws -> [InventoryChange]
    func assetIDsWithPackages() async throws -> [String]
    func findings(assetID: String) async throws -> [Finding]
    func finding(id: String) async throws -> Finding?
    /// Inserts or replaces findings (by id), in one transaction.
    func saveFindings(_ findings: [Finding]) async throws
    func listFindings(_ query: FindingQuery, now: Date, page: PageRequest) async throws -> Page<Finding>
    func findingCounts(now: Date) async throws -> FindingCounts
    func saveVEX(_ statements: [VEXStatement]) async throws
    func vexStatements() async throws -> [VEXStatement]
}
