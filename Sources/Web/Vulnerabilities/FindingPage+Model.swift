// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Vulnerabilities

/// One finding and why it ranks where it does, with the state form for those who may change it.
struct FindingPage: Sendable {
    var finding: Finding
    var canWrite: Bool
    var canAccept: Bool
    var csrf: String
    var now: Date

    static func load(_ vulnerabilities: VulnerabilityService, id: String, principal: Principal, csrf: String, now: Date) async throws -> FindingPage {
        FindingPage(
            finding: try await vulnerabilities.finding(id: id), canWrite: principal.can(.vulnerabilitiesWrite),
            canAccept: principal.can(.vulnerabilitiesAccept), csrf: csrf, now: now)
    }

    var title: String { "\(finding.vulnerabilityID) on \(finding.assetName)" }

    /// Who set the state, when, why, and until when a risk is accepted.
    var stateLine: String {
        let f = finding
        return "\(f.state.title)\(f.stateReason.map { " — \($0)" } ?? "")"
            + (f.stateBy.map { " (by \($0)\(f.stateChangedAt.map { ", \(Layout.time($0))" } ?? ""))" } ?? "")
            + (f.acceptedUntil.map { "; accepted until \(Layout.time($0))" } ?? "")
    }

    var kevLine: String {
        finding.kev ? "yes — CISA KEV, due \(finding.kevDueDate ?? "")\(finding.ransomware ? ", used in ransomware campaigns" : "")" : "no"
    }

    var epssLine: String {
        (finding.epss.map { String(format: "%.3f", $0) } ?? "—")
            + (finding.epssPercentile.map { " (percentile \(Int(($0 * 100).rounded(.down))))" } ?? "")
    }
}
