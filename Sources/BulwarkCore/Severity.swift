/// How bad something is, shared by alerts, cases and findings (Sigma's levels use the same words).
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case informational, low, medium, high, critical

    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
