// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

/// A campaign's evidence for an auditor: who reviewed which access, when, what they decided and why, and whether the
/// system's next import proved a revocation done. CSV (one row per item) and a self-contained HTML report (styles
/// inline, no script, every value escaped).
struct ReviewEvidence {
    var review: AccessReview
    var items: [ReviewItem]
    var generatedAt: Date
    var generatedBy: String

    static let columns = [
        "system", "account", "entitlement", "privileged", "holder", "department", "reviewer", "last_used_at", "findings", "decision",
        "comment", "decided_by", "decided_at", "follow_through", "follow_through_at", "follow_through_import",
    ]

    static func time(_ date: Date?) -> String { date.map { Timestamp.format($0) } ?? "" }

    func rows() -> [[String]] {
        items.map { item in
            [
                item.sourceName, item.account, item.entitlement.isEmpty ? "(the account)" : item.entitlement, item.privileged ? "yes" : "no",
                item.holderName.isEmpty ? "(no person)" : item.holderName, item.holderDepartment,
                item.reviewerName.isEmpty ? "(unassigned)" : item.reviewerName, Self.time(item.lastUsedAt), item.findings.joined(separator: ";"),
                item.decision.rawValue, item.comment, item.decidedBy, Self.time(item.decidedAt), item.followThrough.rawValue,
                Self.time(item.followThroughAt), item.followThroughImport ?? "",
            ]
        }
    }

    func csv() -> String {
        ([Self.columns] + rows()).map { $0.map(CSV.quote).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    func html() -> String {
        let e = SafeMarkdown.escape
        let progress = ReviewProgress(items)
        let scope = [
            review.scope.sourceIDs.isEmpty ? "every system" : Set(items.map(\.sourceName)).sorted().joined(separator: ", "),
            review.scope.privilegedOnly ? "privileged access only" : nil,
            review.scope.department.isEmpty ? nil : "department \(review.scope.department)",
            review.scope.newSince.map { "granted since \(Timestamp.format($0))" },
        ].compactMap { $0 }.joined(separator: "; ")
        let reviewers: String
        switch review.reviewers {
        case .manager: reviewers = "the holder's manager"
        case .owner: reviewers = "the system's owner"
        case .people: reviewers = "named reviewers"
        }
        let facts: [(String, String)] = [
            ("Campaign", review.name), ("Scope", scope), ("Reviewers", reviewers), ("Started", Timestamp.format(review.startAt)),
            ("Due", Timestamp.format(review.dueAt)), ("Closed", Self.time(review.closedAt).nonEmptyValue ?? "open"),
            ("Default outcome", review.defaultOutcome.rawValue), ("Created by", review.createdBy),
            ("Decided", "\(progress.decided) of \(progress.items)"),
            ("Revocations", "\(progress.revoked): \(progress.confirmed) confirmed by an import, \(progress.stillPresent) still present"),
        ]
        let head = Self.columns.map { "<th>\(e($0.replacingOccurrences(of: "_", with: " ")))</th>" }.joined()
        let body = rows().map { "<tr>" + $0.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }.joined()
        return """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Access review evidence: \(e(review.name))</title>
            <style>body{font:14px system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}\
            th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}th{background:#eee}</style></head><body>
            <h1>Access review evidence: \(e(review.name))</h1>
            <p>Generated \(e(Timestamp.format(generatedAt))) by \(e(generatedBy)) from Bulwark. For PCI DSS 7.2.4 and 8.2.6, \
            HIPAA 164.308(a)(4), ISO 27001 A.5.18, SOC 2 CC6.2 and CC6.3. A revocation counts as done only when the system's next \
            import no longer had the access ("confirmed").</p>
            <table><tbody>\(facts.map { "<tr><th>\(e($0.0))</th><td>\(e($0.1))</td></tr>" }.joined())</tbody></table>
            <h2>Items</h2>
            <table><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>
            </body></html>
            """
    }
}
