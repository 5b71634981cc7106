// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

enum AccessPages {
    static func tabs(_ current: String) -> Markup {
        Tabs(
            [
                .init("/access", "Sources"), .init("/access/accounts", "Accounts"), .init("/access/findings", "Findings"),
                .init("/access/reviews", "Reviews"),
            ], current: current
        ).render()
    }

    static func title(_ type: AccessFindingType) -> String {
        switch type {
        case .orphaned: "Orphaned"
        case .leaver: "Leaver still enabled"
        case .dormant: "Dormant"
        case .privileged: "Privileged"
        case .shared: "Shared or generic"
        case .sod: "Separation of duties"
        case .noMFA: "No MFA"
        case .staleCredentials: "Stale credentials"
        }
    }

    static func state(_ state: AccessFindingState) -> Markup {
        Badge.tag(state.rawValue, tone: state == .open ? .warning : state == .resolved ? .success : .plain)
    }

    static func time(_ date: Date?, now: Date) -> Markup { date.map { TimeAgo($0, now: now).render() } ?? "<span class=\"muted\">never</span>" }
}

extension AccessOverview {
    func render() -> Markup {
        let table = DataTable(
            columns: [
                .init("Source") { source in "<a href=\"/access/sources/\(source.id)\">\(source.name)</a>" },
                .init("Kind") { source in "\(source.kind.rawValue)" },
                .init("Owner") { source in "\(source.owner)" },
                .init("Criticality") { source in "\(source.criticality?.rawValue ?? "from the asset")" },
                .init("Dormant after", numeric: true) { source in "\(source.dormantDays) days" },
                .init("Last import") { source in AccessPages.time(source.lastImportAt, now: now) },
            ], rows: sources, link: PageLink(path: "/access"),
            empty: EmptyState("No identity source yet: add one below, then import its accounts.")
        ).render()
        let findings = AccessFindingType.allCases.map { type -> Markup in
            let open = counts[type]?[.open] ?? 0
            let accepted = counts[type]?[.accepted] ?? 0
            return """
                <li><a href="/access/findings?type=\(type.rawValue)">\(AccessPages.title(type))</a>: <strong>\(open)</strong> open\
                \(Markup.when(accepted > 0, ", \(accepted) accepted" as Markup))</li>
                """
        }
        let form: Markup =
            canWrite
            ? """
            <section class="card"><h2>Add a source</h2><form method="post" action="/access/sources">\(Field.csrf(csrf))
            \(Field.text("name", "Name", required: true, hint: "unique, as the CLI names it: bulwark access import --source NAME"))
            \(Field.select("kind", "Kind", options: IdentitySourceKind.allCases.map(\.rawValue), selected: "linux"))
            \(Field.text("owner", "Owner", hint: "the e-mail of who answers for the system"))
            \(Field.select("criticality", "Criticality", options: [""] + SystemCriticality.allCases.map(\.rawValue), selected: ""))
            \(Field.text("dormant_days", "Dormant after (days)", value: "90", type: "number"))
            <button type="submit">Add source</button></form></section>
            """ : ""
        return """
            \(AccessPages.tabs("/access"))
            <p>The organisation's systems whose accounts are governed: directories (LDIF, Active Directory CSV), Linux hosts \
            (passwd, group, shadow, sudoers, authorized_keys, lastlog, last, or a tarball), AWS accounts (credential report, \
            authorization details), applications (accounts CSV) and SCIM exports. Each import says what changed and opens or \
            resolves findings. JSON: <a href="/api/v1/identity-sources">/api/v1/identity-sources</a>.</p>
            \(table)
            <div class="grid"><section class="card"><h2>Open findings</h2><ul>\(findings.joined())</ul></section>\(form)</div>
            """
    }
}

extension IdentitySourcePage {
    func render() -> Markup {
        let facts = DefinitionList([
            ("Kind", "\(source.kind.rawValue)"), ("Owner", source.owner.isEmpty ? nil : "\(source.owner)"),
            ("Criticality", "\(source.criticality?.rawValue ?? "from its asset (medium without one)")"),
            ("Dormant after", "\(source.dormantDays) days"), ("Formats", "\(source.kind.formats.map(\.rawValue).joined(separator: ", "))"),
            (
                "Service accounts",
                source.serviceAccounts.isEmpty
                    ? nil : "\(source.serviceAccounts.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))"
            ),
            ("Last import", AccessPages.time(source.lastImportAt, now: now)),
            ("Open findings", "<a href=\"/access/accounts?source_id=\(source.id)\">\(openFindings)</a>"),
        ]).render()
        let imports = imports.map { record -> Markup in
            let changes = record.changed.prefix(20).map { change -> Markup in
                let granted = change.granted.map { "+\($0.name)\($0.privileged ? " (privileged)" : "")" }
                let revoked = change.revoked.map { "−\($0.name)" }
                return "<li>\(change.username): \((granted + revoked + [change.status].compactMap { $0 }).joined(separator: ", "))</li>"
            }
            let added = record.added.prefix(30).joined(separator: ", ") + (record.added.count > 30 ? " …" : "")
            let rejected = record.rejected.prefix(20).map { rejected -> Markup in "<li><code>\(rejected.place)</code>: \(rejected.reason)</li>" }
            return """
                <section class="card"><h3>\(record.format) \(record.fileName) · \(TimeAgo(record.at, now: now).render()) by \(record.by)</h3>
                <p>\(record.accounts) accounts: <strong>\(record.added.count)</strong> added, <strong>\(record.removed.count)</strong> removed, \
                \(record.changed.count) changed; findings \(record.findingsOpened) opened, \(record.findingsResolved) resolved\
                \(Markup.when(!record.rejected.isEmpty, "; \(record.rejected.count) records left out" as Markup)).</p>
                \(Markup.when(!record.added.isEmpty, "<p>Added: \(added)</p>" as Markup))
                \(Markup.when(!record.removed.isEmpty, "<p>Removed: \(record.removed.prefix(30).joined(separator: ", "))</p>" as Markup))
                \(Markup.when(!changes.isEmpty, "<ul>\(changes.joined())</ul>" as Markup))
                \(Markup.when(!rejected.isEmpty, "<ul class=\"error\">\(rejected.joined())</ul>" as Markup))</section>
                """
        }
        let linuxFields =
            Field.text("user", "User", hint: "whose authorized_keys file it is") + Field.text("host", "Host", hint: "in a source of several hosts")
        let textFormats = source.kind.formats.filter { $0 != .linuxTar }.map(\.rawValue)
        let upload: Markup =
            canWrite && !textFormats.isEmpty
            ? """
            <section class="card"><h2>Import</h2><form method="post" action="/access/sources/\(source.id)/import">\(Field.csrf(csrf))
            \(Field.select("format", "Format", options: textFormats, selected: textFormats[0]))
            \(Field.text("name", "File name", hint: "for messages"))
            \(Markup.when(source.kind == .linux, linuxFields))
            <label for="f-acc-file">File</label><input id="f-acc-file" type="file" data-fills="f-acc">
            <label for="f-acc">Content</label><textarea id="f-acc" name="content" rows="6" required></textarea>
            <small>A tarball of hosts (linux_tar) goes by <code>bulwark access import</code> or the API.</small>
            \(Field.checkbox("partial", "Import the readable records even if some are malformed", checked: false))
            <button type="submit">Import</button></form></section>
            """ : ""
        return """
            \(AccessPages.tabs("/access"))
            <div class="grid"><section class="card"><h2>\(source.name)</h2>\(facts)
            <p><a href="/access/accounts?source_id=\(source.id)">Its accounts</a> · JSON: \
            <a href="/api/v1/identity-sources/\(source.id)">/api/v1/identity-sources/\(source.id)</a></p></section>\(directoryCard())\(upload)</div>
            <h2>Latest imports</h2>\(imports.isEmpty ? EmptyState("Nothing imported yet.").render() : imports.joined())
            """
    }
}

extension AccountsPage {
    func render() -> Markup {
        let filters = FilterBar(
            action: "/access/accounts",
            controls: [
                .choice(name: "source_id", label: "Source", options: [("", "every source")] + sources.map { ($0.id, $0.name) }),
                .choice(
                    name: "finding", label: "With an open finding",
                    options: [("", "any or none")] + AccessFindingType.allCases.map { ($0.rawValue, AccessPages.title($0)) }),
                .text(name: "q", label: "Name or e-mail", size: 20, placeholder: nil),
            ], link: link
        ).render()
        let names = Dictionary(sources.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let table = DataTable(
            columns: [
                .init("Account") { account in
                    let name = account.host.isEmpty ? account.username : account.host + "/" + account.username
                    return "<a href=\"/access/accounts/\(account.id)\">\(name)</a>"
                },
                .init("Source") { account in "\(names[account.sourceID] ?? "")" },
                .init("Name") { account in "\(account.displayName)" },
                .init("Status") { account in
                    (account.enabled ? Badge.tag("enabled") : Badge.tag("disabled", tone: .plain))
                        + Markup.when(account.isPrivileged, " " + Badge.tag("privileged", tone: .warning))
                        + Markup.when(account.personID == nil && !account.isSystem, " " + Badge.tag("no person", tone: .danger))
                        + Markup.when(account.removedAt != nil, " " + Badge.tag("removed"))
                },
                .init("Last used") { account in AccessPages.time(account.lastUsedAt, now: now) },
            ], rows: accounts.items, link: link, empty: EmptyState("No account matches."), pager: Pager(link: link, next: accounts.next)
        ).render()
        return "\(AccessPages.tabs("/access/accounts"))\(filters)\(table)"
    }
}

extension GovernedAccountPage {
    func render() -> Markup {
        let facts = DefinitionList([
            ("Source", source.map { "<a href=\"/access/sources/\($0.id)\">\($0.name)</a>" as Markup }),
            ("Host", account.host.isEmpty ? nil : "\(account.host)"), ("Name", account.displayName.isEmpty ? nil : "\(account.displayName)"),
            ("E-mail", account.email.isEmpty ? nil : "\(account.email)"), ("Enabled", account.enabled ? "yes" : "no"),
            ("Person", account.personID.map { "<a href=\"/people/\($0)\">linked</a> (\(account.link.rawValue))" as Markup } ?? "none"),
            ("Service account of", account.serviceOwner.map { "\($0)" }), ("MFA", account.mfa.map { $0 ? "yes" : "no" }),
            ("Last login (system)", AccessPages.time(account.lastLoginAt, now: now)),
            ("Last login (logs)", AccessPages.time(account.lastSeenInLogsAt, now: now)),
            ("First seen", TimeAgo(account.firstSeenAt, now: now).render()),
            ("Removed", account.removedAt.map { TimeAgo($0, now: now).render() }),
        ]).render()
        let entitlements = account.entitlements.map { item -> Markup in
            let badge = Markup.when(item.privileged, " " + Badge.tag("privileged", tone: .warning, title: item.reason))
            return "<li>\(item.kind.rawValue): <code>\(item.name)</code>\(badge)</li>"
        }
        let credentials = account.credentials.map { item -> Markup in
            let set = item.createdAt.map { " · set " + TimeAgo($0, now: now).render() } ?? ""
            return "<li>\(item.kind.rawValue) \(item.identifier)\(item.active ? "" : " (inactive)")\(set)</li>"
        }
        let findings = findings.map { finding -> Markup in
            let decide: Markup =
                canWrite && finding.state != .resolved
                ? (finding.state == .open
                    ? """
                    <form method="post" action="/access/findings/\(finding.id)" class="inline">\(Field.csrf(csrf))
                    <input type="hidden" name="state" value="accepted">
                    <label for="r-\(finding.id)">Reason</label><input id="r-\(finding.id)" name="reason" required>
                    <label for="e-\(finding.id)">Until</label><input id="e-\(finding.id)" name="expires_at" type="date" required>
                    <button type="submit">Accept</button></form>
                    """
                    : """
                    <form method="post" action="/access/findings/\(finding.id)" class="inline">\(Field.csrf(csrf))
                    <input type="hidden" name="state" value="open">
                    <button type="submit">Open again</button></form>
                    """) : ""
            return """
                <li>\(Badge.severity(finding.severity)) <strong>\(AccessPages.title(finding.type))</strong> \(AccessPages.state(finding.state)): \
                \(finding.reasons.joined(separator: "; "))\(finding.acceptance.map { " — accepted by \($0.by): \($0.reason)" } ?? "")\(decide)</li>
                """
        }
        func list(_ items: [Markup], empty: String) -> Markup { items.isEmpty ? "<p class=\"muted\">\(empty)</p>" : "<ul>\(items.joined())</ul>" }
        let findingList: Markup =
            findings.isEmpty ? EmptyState("No finding on this account.").render() : "<ul class=\"findings\">\(findings.joined())</ul>"
        let link: Markup =
            canWrite
            ? """
            <form method="post" action="/access/accounts/\(account.id)/link">\(Field.csrf(csrf))
            \(Field.text("person_email", "Link to the person with e-mail", hint: "kept across imports; empty: let the rules decide"))
            <button type="submit">Save link</button></form>
            """ : ""
        let search = PageLink(path: "/monitoring", parameters: [("q", loginQuery), ("range", "30d")]).href
        let loginList: Markup =
            logins.map { events in
                let rows = events.map { stored -> Markup in
                    let fields = stored.event.fields
                    let outcome = fields["event.outcome"]?.text ?? ""
                    return """
                        <li>\(TimeAgo(stored.event.timestamp, now: now).render()) · \(stored.event.host) · \(fields["event.action"]?.text ?? "") \
                        \(Badge.tag(outcome.isEmpty ? "unknown" : outcome, tone: outcome == "failure" ? .danger : .plain))\
                        \(fields["source.ip"].map { " from \($0.text)" as Markup } ?? "")</li>
                        """
                }
                let list: Markup = rows.isEmpty ? "<p class=\"muted\">None in the last 90 days.</p>" : "<ul>\(rows.joined())</ul>"
                return """
                    <h2>Recent logins in the logs</h2>\(list)
                    <p><a href="\(search)">Search its authentication events</a></p>
                    """
            } ?? ""
        return """
            \(AccessPages.tabs("/access/accounts"))
            <div class="grid"><section class="card"><h2>\(account.username)</h2>\(facts)\(link)</section>
            <section class="card"><h2>Entitlements</h2>\(list(entitlements, empty: "none"))
            <h2>Credentials</h2>\(list(credentials, empty: "none reported"))</section></div>
            <h2>Findings</h2>\(findingList)
            \(loginList)
            """
    }
}

extension AccessFindingsPage {
    func render() -> Markup {
        let filters = FilterBar(
            action: "/access/findings",
            controls: [
                .choice(
                    name: "type", label: "Type",
                    options: [("", "every type")] + AccessFindingType.allCases.map { ($0.rawValue, AccessPages.title($0)) }),
                .choice(
                    name: "state", label: "State",
                    options: [("open", "open"), ("accepted", "accepted"), ("resolved", "resolved"), ("all", "every state")]),
            ], link: link, defaults: ["state": "open"]
        ).render()
        let table = DataTable(
            columns: [
                .init("Severity") { finding in Badge.severity(finding.severity) },
                .init("Type") { finding in "\(AccessPages.title(finding.type))" },
                .init("Account") { finding in "<a href=\"/access/accounts/\(finding.accountID)\">\(finding.username)</a>" },
                .init("Why") { finding in "\(finding.reasons.joined(separator: "; "))" },
                .init("State") { finding in AccessPages.state(finding.state) },
                .init("First seen") { finding in TimeAgo(finding.firstSeenAt, now: now).render() },
            ], rows: findings.items, link: link, empty: EmptyState("No finding matches."), pager: Pager(link: link, next: findings.next)
        ).render()
        return "\(AccessPages.tabs("/access/findings"))\(filters)\(table)"
    }
}
