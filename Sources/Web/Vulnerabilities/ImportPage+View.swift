// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Vulnerabilities

extension ImportPage {
    func render() -> Markup {
        let options = assets.map { a -> Markup in "<option value=\"\(a.id)\"\(Markup.when(a.id == selectedAssetID, " selected"))>\(a.name)</option>" }
        let csrf = Field.csrf(self.csrf)
        return """
            \(VulnerabilityPages.tabs("/vulnerabilities/import", canImport: true))
            <div class="grid"><section class="card"><h2>Inventory for an asset</h2><form method="post" action="/vulnerabilities/inventory">\(csrf)
            <label for="f-asset">Asset</label><select id="f-asset" name="asset_id" required>\(options.joined())</select>
            \(Field.select("format", "Format", options: ["detect"] + InventoryFormat.allCases.map(\.rawValue), selected: "detect"))
            \(Field.text("name", "File name", hint: "helps recognise the format, e.g. poetry.lock, Cargo.lock, status"))
            \(Field.text("source", "Source", hint: "e.g. os or app; a re-import of the same source replaces it (default: the format)"))
            \(Field.text("ecosystem", "OS release", hint: "for dpkg, rpm and apk: Debian:12, AlmaLinux:9, Alpine:v3.20"))
            <label for="f-inv-file">File</label><input id="f-inv-file" type="file" data-fills="f-inv">
            <label for="f-inv">Content</label><textarea id="f-inv" name="content" rows="6" required placeholder="Django==4.2.1&#10;requests==2.31.0"></textarea>
            <small>CycloneDX or SPDX JSON, dpkg status, rpm -qa output, Alpine installed database, requirements.txt / pip freeze, poetry.lock, package-lock.json, go.mod, go.sum, Cargo.lock, Gemfile.lock, composer.lock.</small>
            \(Field.checkbox("partial", "Import the readable entries even if some are malformed", checked: false))
            <button type="submit">Import inventory</button></form></section>
            <section class="card"><h2>Advisories</h2><form method="post" action="/vulnerabilities/advisories">\(csrf)
            \(Field.text("name", "File name", hint: "for messages, e.g. PyPI.json"))
            <label for="f-adv-file">File</label><input id="f-adv-file" type="file" data-fills="f-adv">
            <label for="f-adv">Content</label><textarea id="f-adv" name="content" rows="6" required></textarea>
            <small>OSV records (one, an array, or JSON lines), the CISA KEV catalog, or an EPSS CSV. The published feeds, daily: <code>bulwark vuln db update</code>; large files: <code>bulwark vuln db import</code> or <code>POST /api/v1/vulnerabilities/import</code>.</small>
            <button type="submit">Import advisories</button></form></section>
            <section class="card"><h2>VEX</h2><form method="post" action="/vulnerabilities/vex">\(csrf)
            \(Field.text("name", "Document name", value: "vex"))
            <label for="f-vex-file">File</label><input id="f-vex-file" type="file" accept=".json" data-fills="f-vex">
            <label for="f-vex">Content</label><textarea id="f-vex" name="content" rows="6" required></textarea>
            <small>OpenVEX or CycloneDX VEX: <em>not_affected</em> statements with a justification close the findings they cover, now and later.</small>
            <button type="submit">Import VEX</button></form></section></div>
            """
    }
}
