// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// How bad something is, shared by alerts, cases and findings (Sigma's levels use the same words).
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case informational, low, medium, high, critical

    public var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
