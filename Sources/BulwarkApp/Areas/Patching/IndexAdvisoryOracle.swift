// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Patching
import Vulnerabilities

/// Patching's view of the advisories: the vulnerability area's index and its ecosystems' version orders.
public struct IndexAdvisoryOracle: AdvisoryOracle {
    let index: AdvisoryIndex

    public init(index: AdvisoryIndex) { self.index = index }

    public func advisories(ecosystem: String, package: String, versions: [String]) -> [[(id: String, fixed: [String])]] {
        index.matchesWithFixes(ecosystem: ecosystem, name: package, versions: versions)
    }

    public func compare(ecosystem: String, _ a: String, _ b: String) -> Int? {
        guard let scheme = Ecosystem.scheme(ecosystem) else { return nil }
        return try? scheme.compare(a, b)
    }

    public func isPrerelease(ecosystem: String, version: String) -> Bool {
        Ecosystem.scheme(ecosystem)?.isPrerelease(version) ?? false
    }

    public func sorted(ecosystem: String, _ versions: [String]) -> [String] { Ecosystem.scheme(ecosystem)?.sorted(versions) ?? [] }

    public func fixedVersions(ecosystem: String, package: String) -> [String] { index.fixedVersions(ecosystem: ecosystem, name: package) }

    public func firstAbove(ecosystem: String, _ versions: [String], in sorted: [String]) -> [Int] {
        Ecosystem.scheme(ecosystem)?.firstAbove(versions, in: sorted) ?? versions.map { _ in sorted.count }
    }
}
