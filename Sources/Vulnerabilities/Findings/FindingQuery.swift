import Foundation

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
    /// Only findings on assets like these (resolved by the service into `assetIDs`).
    public var asset = FindingAssetFilter()
    /// Only findings on these assets; nil: any.
    public var assetIDs: [String]?

    /// By default the open work: open and in remediation (`states: []` means every state).
    public init(
        assetID: String? = nil, severities: [Severity] = [], states: [FindingState] = [.open, .inRemediation], kev: Bool? = nil, overdue: Bool? = nil,
        ecosystem: String? = nil, vulnerabilityID: String? = nil, text: String? = nil
    ) {
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
