// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Incidents

extension SuppressionsPage {
    func render() -> Markup {
        var columns: [DataTable<AlertSuppression>.Column] = [
            .init("Rule") { "\($0.ruleID ?? "any rule")" },
            .init("Host") { "\($0.host ?? "any")" },
            .init("User") { "\($0.user ?? "any")" },
            .init("Reason") { "\($0.reason)" },
            .init("Expires") { item in "\(expired(item) ? "expired " : "")\(Layout.time(item.expiresAt))" },
            .init("Hits", numeric: true) { "\($0.hits)" },
            .init("By") { "\($0.createdBy)" },
        ]
        if canWrite {
            columns.append(
                .init("<span class=\"visually-hidden\">End</span>") { item in
                    ConfirmForm(
                        action: "/alerts/suppressions/\(item.id)/delete", csrf: csrf, label: "End", question: "End this suppression?", secondary: true
                    )
                    .render()
                })
        }
        let table = DataTable(
            columns: columns, rows: suppressions, link: PageLink(path: "/alerts/suppressions"),
            empty: EmptyState("No suppressions: every match raises or grows an alert."))
        let create = Markup.when(
            canWrite,
            Card(
                "New suppression",
                body: """
                    <form method="post" action="/alerts/suppressions">\(Field.csrf(csrf))
                    \(Field.text("rule_id", "Rule id", value: ruleID, hint: "the rule whose alerts to drop; leave empty with a host or user"))
                    \(Field.text("host", "Host", value: host))\(Field.text("user", "User"))
                    \(Field.text("reason", "Reason", required: true))\(Field.text("expires_at", "Expires", type: "date", hint: "after this day alerts come again; empty: until ended"))
                    <button type="submit">Suppress</button></form>
                    """
            ).render())
        return """
            \(AlertPages.tabs("/alerts/suppressions"))
            <p>Matches that a suppression covers do not raise alerts; they are counted as hits.</p>
            \(table.render())
            \(create)
            """
    }
}
