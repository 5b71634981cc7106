// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation

extension RulesPage {
    func render() -> Markup {
        let shown = Array(rules.prefix(Self.shown))
        let table = DataTable(
            columns: [
                .init("Level") { info in info.rule.level.map { Badge.severity(Severity(rawValue: $0.rawValue) ?? .medium) } ?? "—" },
                .init("Rule") { info in
                    "<a href=\"\(DetectionPages.rulePath(info.rule.id))\">\(info.rule.title)</a><br><small>\(AlertPages.attack(info.rule.tags))</small>"
                },
                .init("Logsource") { "\($0.rule.logsource.description)" },
                .init("State") { info in "\(info.state.rawValue)\(info.reason.map { "<br><small>\($0)</small>" as Markup } ?? "")" },
            ], rows: shown, link: link, empty: EmptyState("No rule matches."))
        let filters = FilterBar(
            action: "/detection/rules",
            controls: [
                .text(name: "q", label: "Text", size: nil, placeholder: nil),
                .choice(name: "state", label: "State", options: [("", "any")] + RuleInfo.State.allCases.map { ($0.rawValue, $0.rawValue) }),
                .choice(name: "level", label: "Level", options: [("", "any")] + SigmaLevel.allCases.reversed().map { ($0.rawValue, $0.rawValue) }),
                .text(name: "tag", label: "Tag", size: nil, placeholder: "attack.t1059"),
            ], link: link)
        let errors = (report?.errors ?? []).prefix(Self.errorsShown).map { error -> Markup in
            "<li><code>\(error.location.description)</code>: \(error.message)</li>"
        }
        let paths = rulePaths.isEmpty ? "none (give --rules DIR or put rules in DATA/rules)" : rulePaths.joined(separator: ", ")
        return """
            \(AlertPages.tabs("/detection/rules"))
            <p>\(summary).
            Rule paths: \(paths).</p>
            \(Markup.when(canWrite, ConfirmForm(action: "/detection/reload", csrf: csrf, label: "Reload rules from disk", secondary: true).render()))
            \(filters.render())
            \(table.render())
            \(Markup.when(rules.count > shown.count, "<p class=\"muted\">The first \(shown.count) of \(rules.count) rules are shown; filter to narrow.</p>"))
            \(Markup.when(!errors.isEmpty, Card("Rules that could not be loaded (\(report?.errors.count ?? 0))", body: "<ul>\(errors.joined())</ul>").render()))
            """
    }
}

extension RulePage {
    func render() -> Markup {
        let rule = info.rule
        let facts = DefinitionList([
            ("Id", "<code>\(rule.id)</code>"), ("Kind", "\(info.kind)"), ("State", "\(info.state.rawValue)\(info.reason.map { " — \($0)" } ?? "")"),
            ("Level", "\(rule.level?.rawValue ?? "—")"), ("Status", "\(rule.status ?? "—")"), ("Logsource", "\(rule.logsource.description)"),
            ("ATT&CK", AlertPages.attack(rule.tags)), ("Tags", "\(rule.tags.joined(separator: ", "))"),
            ("File", "<code>\(rule.location.description)</code>"),
            ("Author", "\(rule.author ?? "—")"), ("Date", "\(rule.date ?? "—")\(rule.modified.map { " (modified \($0))" } ?? "")"),
            ("False positives", "\(rule.falsePositives.joined(separator: "; "))"),
            (
                "References",
                "\(rule.references.map { reference -> Markup in "<a href=\"\(reference)\" rel=\"noreferrer\">\(reference)</a><br>" }.joined())"
            ),
        ])
        let logic = Markup.when(
            rule.source != nil,
            "<section class=\"card\"><h2>Logic</h2><pre class=\"raw rule-source\"><code>\(rule.source ?? "")</code></pre></section>")
        let toggle = Markup.when(
            canWrite && (info.kind == "detection" || info.kind == "correlation"),
            ConfirmForm(
                action: path + "/toggle", csrf: csrf, label: info.state == .disabled ? "Enable" : "Disable",
                fields: [("enabled", info.state == .disabled ? "true" : "false")], secondary: true
            ).render())
        return """
            \(AlertPages.tabs("/detection/rules"))
            <section class="card">\(facts.render())<p>\(rule.description ?? "")</p>\(toggle)
            <p><a href="\(alertsLink)">Alerts from this rule</a> · <a href="\(exclusionLink)">Add an exclusion</a></p></section>
            \(logic)
            """
    }
}

extension ExclusionsPage {
    func render() -> Markup {
        var columns: [DataTable<StoredExclusion>.Column] = [
            .init("Rule") { "\($0.ruleID ?? "all rules")" },
            .init("Condition") { "<pre class=\"raw\">\($0.condition)</pre>" },
            .init("Reason") { "\($0.reason)" },
            .init("Expires") { "\(Layout.time($0.expiresAt))" },
            .init("By") { "\($0.createdBy)" },
        ]
        if canWrite {
            columns.append(
                .init("<span class=\"visually-hidden\">Remove</span>") { item in
                    ConfirmForm(
                        action: "/detection/exclusions/\(item.id)/delete", csrf: csrf, label: "Remove", question: "Remove this exclusion?",
                        secondary: true
                    ).render()
                })
        }
        let table = DataTable(
            columns: columns, rows: exclusions, link: PageLink(path: "/detection/exclusions"), empty: EmptyState("No exclusions."))
        let create = Markup.when(
            canWrite,
            Card(
                "New exclusion",
                body: """
                    <form method="post" action="/detection/exclusions">\(Field.csrf(csrf))
                    \(Field.text("rule_id", "Rule id", value: ruleID, hint: "empty: the exclusion applies to every rule"))
                    <label for="f-condition">Condition (a Sigma selection)</label><textarea id="f-condition" name="condition" rows="4" required placeholder="Computer: build-01&#10;ParentImage|endswith: '\\msbuild.exe'"></textarea>
                    <small>Field: value lines as in a Sigma selection (all must match), or searches with a condition line.</small>
                    \(Field.text("reason", "Reason", required: true))\(Field.text("expires_at", "Expires", type: "date"))
                    <button type="submit">Add exclusion</button></form>
                    """
            ).render())
        return """
            \(AlertPages.tabs("/detection/exclusions"))
            <p>A match that an exclusion's condition covers is dropped before it becomes an alert (Sigma filter rules in the rule files work the same way).</p>
            \(table.render())
            \(create)
            """
    }
}

extension IntelPage {
    func render() -> Markup {
        var columns: [DataTable<Indicator>.Column] = [
            .init("Kind") { "\($0.kind.rawValue)" },
            .init("Value") { "<code>\($0.value)</code>" },
            .init("Source") { "\($0.source)" },
            .init("Confidence", numeric: true) { "\($0.confidence)" },
            .init("Expires") { "\(Layout.time($0.expiresAt))" },
            .init("Description") { "\($0.description)" },
        ]
        if canWrite {
            columns.append(
                .init("<span class=\"visually-hidden\">Remove</span>") { item in
                    ConfirmForm(action: "/intel/\(item.id)/delete", csrf: csrf, label: "Remove", question: "Remove this indicator?", secondary: true)
                        .render()
                })
        }
        let table = DataTable(
            columns: columns, rows: indicators, link: link, empty: EmptyState("No indicators match."),
            pager: Pager(link: link, next: next, title: "More"))
        let filters = FilterBar(
            action: "/intel",
            controls: [
                .text(name: "q", label: "Text", size: nil, placeholder: nil),
                .choice(name: "kind", label: "Kind", options: [("", "any")] + Indicator.Kind.allCases.map { ($0.rawValue, $0.rawValue) }),
            ], link: link)
        let forms = Markup.when(
            canWrite,
            """
            <div class="grid"><section class="card"><h2>Add an indicator</h2><form method="post" action="/intel">\(Field.csrf(csrf))
            \(Field.text("value", "Value", required: true, hint: "IP, CIDR, domain, URL, MD5/SHA-1/SHA-256 or email; the kind is recognised"))
            \(Field.text("source", "Source", value: "manual"))\(Field.text("confidence", "Confidence (0–100)", value: "50", type: "number"))
            \(Field.text("description", "Description"))\(Field.text("expires_at", "Expires", type: "date"))
            <button type="submit">Add</button></form></section>
            <section class="card"><h2>Import</h2><form method="post" action="/intel/import">\(Field.csrf(csrf))
            \(Field.select("format", "Format", options: ["detect", "csv", "stix", "misp"], selected: "detect"))
            \(Field.text("source", "Source name", value: "import"))
            <label for="f-file">File</label><input id="f-file" type="file" accept=".csv,.json,.txt" data-fills="f-content">
            <label for="f-content">Content</label><textarea id="f-content" name="content" rows="6" required placeholder="type,value,confidence,expires,description&#10;ip,203.0.113.7,80,2027-01-01,C2 server"></textarea>
            <small>CSV with a header (value required; type, source, confidence, expires, description, tags), a STIX 2.1 bundle, or a MISP feed event.</small>
            \(Field.checkbox("partial", "CSV: import the good rows even if some are refused", checked: false))
            <button type="submit">Import</button></form></section></div>
            """)
        return """
            \(AlertPages.tabs("/intel"))
            <p>\(total) indicators; every event is checked against the active ones (IP and CIDR, domain and its subdomains, URL, hashes, email).</p>
            \(filters.render())
            \(table.render())
            \(forms)
            """
    }
}
