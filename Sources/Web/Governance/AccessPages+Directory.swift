// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

/// The directory card of an `ldap` or `ad` source's page: how it is read live, the last sync's failure, "Sync now",
/// and the connection's settings (the bind password is never shown: left empty, the stored one is kept).
extension IdentitySourcePage {
    func directoryCard() -> Markup {
        guard [.ldap, .ad].contains(source.kind) else { return "" }
        let connection = source.directory
        let facts: Markup =
            connection.map { connection in
                DefinitionList([
                    ("URL", "\(connection.url)\(connection.startTLS ? " with StartTLS" : "")"),
                    (
                        "Bind",
                        connection.bindDN.isEmpty
                            ? "anonymous" : "\(connection.bindDN) (password \(connection.isPasswordSet ? "kept, sealed" : "not set"))"
                    ),
                    ("Base DN", "\(connection.baseDN)"), ("Filter", "<code>\(connection.effectiveFilter)</code>"),
                    ("Page size", "\(connection.pageSize)"),
                    ("Schedule", connection.syncMinutes == 0 ? "by hand" : "every \(connection.syncMinutes) minutes"),
                    ("CA", connection.caCertificate.isEmpty ? "the system's trusted roots" : "its own (PEM)"),
                ]).render()
            } ?? "<p>Not read live: set the directory server below, or import LDIF files.</p>"
        let failure: Markup = source.lastSyncError.map { "<p class=\"error\" role=\"alert\">Last sync failed: \($0)</p>" } ?? ""
        guard canWrite else { return "<section class=\"card\"><h2>Directory</h2>\(facts)\(failure)</section>" }
        let sync: Markup =
            connection == nil
            ? ""
            : """
            <form method="post" action="/access/sources/\(source.id)/sync">\(Field.csrf(csrf))<button type="submit">Sync now</button></form>
            """
        let current = connection ?? DirectoryConnection(url: "", baseDN: "")
        let password = Field.text(
            "bind_password", "Bind password", type: "password", hint: "left empty: the stored one is kept", autocomplete: "new-password")
        return """
            <section class="card"><h2>Directory</h2>\(facts)\(failure)\(sync)
            <details><summary>Connection settings</summary>
            <form method="post" action="/access/sources/\(source.id)/directory">\(Field.csrf(csrf))
            \(Field.text("url", "URL", value: current.url, required: true, hint: "ldaps://dc.example.com or ldap://… with StartTLS"))
            \(Field.checkbox("start_tls", "StartTLS (for ldap:// URLs)", checked: current.startTLS))
            \(Field.text("bind_dn", "Bind DN", value: current.bindDN, hint: "empty: anonymous"))
            \(password)
            \(Field.text("base_dn", "Base DN", value: current.baseDN, required: true))
            \(Field.text("filter", "Filter", value: current.filter, hint: "RFC 4515; empty: people and groups"))
            \(Field.text("page_size", "Page size", value: "\(current.pageSize)", type: "number"))
            \(Field.text("sync_minutes", "Sync every (minutes)", value: "\(current.syncMinutes)", type: "number", hint: "0: by hand"))
            <label for="f-ca_certificate">CA certificate (PEM)</label>
            <textarea id="f-ca_certificate" name="ca_certificate" rows="4">\(current.caCertificate)</textarea>
            <button type="submit">Save the connection</button></form></details></section>
            """
    }
}
