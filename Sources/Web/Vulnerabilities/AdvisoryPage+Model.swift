// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Vulnerabilities

/// A vulnerability as its advisory describes it, with KEV and EPSS, the fixes per package and the assets it is on.
struct AdvisoryPage: Sendable {
    var detail: VulnerabilityService.VulnerabilityDetail
    var canImport: Bool
    var now: Date

    static func load(_ vulnerabilities: VulnerabilityService, id: String, principal: Principal, now: Date) async throws -> AdvisoryPage {
        AdvisoryPage(detail: try await vulnerabilities.vulnerability(id: id), canImport: principal.can(.vulnerabilitiesWrite), now: now)
    }

    /// One row per affected package: where the ranges start and where they are fixed.
    var fixes: [(ecosystem: String, name: String, introduced: [String], fixed: [String])] {
        (detail.record.affected ?? []).compactMap { affected in
            guard let package = affected.package else { return nil }
            let events = (affected.ranges ?? []).flatMap(\.events)
            return (package.ecosystem, package.name, Array(events.compactMap(\.introduced).prefix(4)), Array(events.compactMap(\.fixed).prefix(4)))
        }
    }

    /// References as links when they are web addresses (anything else is shown as text, never as a link).
    var references: [(url: String, type: String?, linkable: Bool)] {
        (detail.record.references ?? []).prefix(50).map { ($0.url, $0.type, $0.url.hasPrefix("https://") || $0.url.hasPrefix("http://")) }
    }
}
