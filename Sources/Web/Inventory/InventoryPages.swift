// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Hummingbird

struct InventoryPages<Item: Sendable & Encodable, Input: APIInput>: Sendable {
    let kind: InventoryKind<Item, Input>
    let clock: any WallClock

    func register(_ router: Router<WebContext>) {
        let base = "/" + kind.path
        router.get(RouterPath(base)) { request, context in
            let principal = try context.require(.inventoryRead)
            let page = try await InventoryListPage.load(kind, page: try request.pageRequest(), link: PageLink(request), principal: principal)
            return context.page(request, principal, title: kind.plural.capitalized, area: .inventory, body: page.render())
        }
        router.get(RouterPath(base + "/new")) { _, context in
            let principal = try context.require(.inventoryWrite)
            return HTML.response(
                Layout.page(
                    title: "New \(kind.singular)", area: .inventory, principal: principal, csrf: context.csrf,
                    body: form(kind.blank(clock.now()), action: base, csrf: context.csrf, editable: true)))
        }
        router.post(RouterPath(base)) { request, context in
            let principal = try context.require(.inventoryWrite)
            let form = try await Form.read(request, session: context.session)
            do {
                let item = try await kind.create(
                    try input(from: form), InventoryService.Actor(username: principal.username, source: context.remoteAddress))
                return redirect("\(base)/\(kind.id(item))", notice: "Created.")
            } catch let error as CoreError {
                return HTML.response(
                    Layout.page(
                        title: "New \(kind.singular)", area: .inventory, principal: principal, csrf: context.csrf,
                        error: error.description, body: self.form(nil, form: form, action: base, csrf: context.csrf, editable: true)),
                    status: APIError.from(error).status)
            }
        }
        router.get(RouterPath(base + "/import")) { _, context in
            let principal = try context.require(.inventoryWrite)
            return HTML.response(
                Layout.page(
                    title: "Import \(kind.plural)", area: .inventory, principal: principal, csrf: context.csrf,
                    body: importForm(csrf: context.csrf)))
        }
        router.post(RouterPath(base + "/import")) { request, context in
            let principal = try context.require(.inventoryWrite)
            let form = try await Form.read(request, session: context.session, limit: InventoryImport.maxBytes * 3 + 4096)
            let report = try await kind.importCSV(
                form["csv"] ?? "", form.flag("partial"),
                InventoryService.Actor(username: principal.username, source: context.remoteAddress))
            return HTML.response(
                Layout.page(
                    title: "Import \(kind.plural)", area: .inventory, principal: principal, csrf: context.csrf,
                    notice: report.applied ? "Imported: \(report.created) created, \(report.updated) updated." : nil,
                    error: report.applied
                        ? nil : "Nothing was imported: the file has \(report.rejectedTotal) errors. Fix them, or tick “import the good rows”.",
                    body: reportBody(report) + importForm(csrf: context.csrf)),
                status: report.applied ? .ok : .unprocessableContent)
        }
        router.get(RouterPath(base + "/{id}")) { request, context in
            let principal = try context.require(.inventoryRead)
            let page = try await InventoryRecordPage.load(kind, item: try await require(context.parameters.get("id")), principal: principal)
            let item = page.item
            let body =
                form(item, action: "\(base)/\(kind.id(item))", csrf: context.csrf, editable: page.canWrite) + page.relations.render()
                + Markup.when(page.canWrite, deleteForm(item, csrf: context.csrf))
            return context.page(request, principal, title: kind.title(item), area: .inventory, body: body)
        }
        router.post(RouterPath(base + "/{id}")) { request, context in
            let principal = try context.require(.inventoryWrite)
            let item = try await require(context.parameters.get("id"))
            let form = try await Form.read(request, session: context.session)
            do {
                _ = try await kind.update(
                    kind.id(item), try input(from: form), InventoryService.Actor(username: principal.username, source: context.remoteAddress))
                return redirect("\(base)/\(kind.id(item))", notice: "Saved.")
            } catch let error as CoreError {
                return HTML.response(
                    Layout.page(
                        title: kind.title(item), area: .inventory, principal: principal, csrf: context.csrf,
                        error: error.description,
                        body: self.form(item, form: form, action: "\(base)/\(kind.id(item))", csrf: context.csrf, editable: true)),
                    status: APIError.from(error).status)
            }
        }
        router.post(RouterPath(base + "/{id}/delete")) { request, context in
            let principal = try context.require(.inventoryWrite)
            let item = try await require(context.parameters.get("id"))
            _ = try await Form.read(request, session: context.session)
            try await kind.delete(kind.id(item), InventoryService.Actor(username: principal.username, source: context.remoteAddress))
            return redirect(base, notice: "Deleted \(kind.title(item)).")
        }
    }

    func require(_ id: String?) async throws -> Item {
        guard let id, Identifier.isValid(id), let item = try await kind.get(id) else {
            throw CoreError.notFound(kind: kind.singular, id: id ?? "")
        }
        return item
    }

    /// The form's fields as the JSON input type, so that forms and the API validate alike.
    func input(from form: Form) throws -> Input {
        var object: [String: Any] = [:]
        for field in kind.fields {
            switch field.kind {
            case .checkbox: object[field.name] = form.flag(field.name)
            case .list:
                object[field.name] = form.text(field.name).split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
            default: object[field.name] = form.text(field.name)
            }
        }
        let data = try JSONSerialization.data(withJSONObject: object)
        return try JSONCoding.decoder.decode(Input.self, from: data)
    }

    static func tabs(_ current: String) -> Markup {
        Tabs([.init("/assets", "Assets"), .init("/people", "People")], current: "/" + current).render()
    }

    func form(_ item: Item?, form submitted: Form? = nil, action: String, csrf: String, editable: Bool) -> Markup {
        let inputs = kind.fields.map { field -> Markup in
            let value = submitted.map { $0.text(field.name) } ?? item.map(field.value) ?? ""
            switch field.kind {
            case .select(let options): return Field.select(field.name, field.label, options: options, selected: value)
            case .checkbox: return Field.checkbox(field.name, field.label, checked: submitted.map { $0.flag(field.name) } ?? (value == "true"))
            case .date: return Field.text(field.name, field.label, value: value, type: "date")
            case .list: return Field.text(field.name, field.label, value: value, hint: "separate with commas")
            case .text: return Field.text(field.name, field.label, value: value, required: field.required)
            }
        }
        if !editable {
            let rows = kind.fields.map { field -> Markup in "<dt>\(field.label)</dt><dd>\(item.map(field.value) ?? "")</dd>" }
            return "<dl class=\"card\">\(rows.joined())</dl>"
        }
        return
            "<form method=\"post\" action=\"\(action)\" class=\"card\">\(Field.csrf(csrf))\(inputs.joined())<button type=\"submit\">Save</button></form>"
    }

    func deleteForm(_ item: Item, csrf: String) -> Markup {
        """
        <form method="post" action="/\(kind.path)/\(kind.id(item))/delete" class="danger" data-confirm="Delete \(kind.title(item))?">
        \(Field.csrf(csrf))<button type="submit" class="danger">Delete</button></form>
        """
    }

    func importForm(csrf: String) -> Markup {
        """
        <form method="post" action="/\(kind.path)/import" class="card">\(Field.csrf(csrf))
        <p>A CSV file whose first line names the columns: <code>\(kind.csvColumns.joined(separator: ","))</code>.
        List columns separate items with <code>;</code>. Rows match existing \(kind.plural) by \(kind.csvColumns[kind.path == "assets" ? 0 : 1]) and update them.
        A file with any bad row imports nothing unless you tick the box.</p>
        <label for="f-file">File</label><input id="f-file" type="file" accept=".csv,text/csv" data-fills="f-csv">
        <label for="f-csv">or paste the CSV</label><textarea id="f-csv" name="csv" rows="10" required></textarea>
        \(Field.checkbox("partial", "Import the good rows even if some rows are bad", checked: false))
        <button type="submit">Import</button></form>
        """
    }

    func reportBody(_ report: InventoryService.ImportReport) -> Markup {
        rosterBody(report.roster) + rejectedBody(report)
    }

    /// Who joined, moved and left, after a people import.
    func rosterBody(_ roster: RosterChanges) -> Markup {
        guard !roster.isEmpty else { return "" }
        func names(_ emails: [String]) -> Markup {
            emails.isEmpty ? "none" : "\(emails.prefix(100).joined(separator: ", "))\(emails.count > 100 ? " …" : "")"
        }
        let moves = roster.movers.prefix(100).map { move -> Markup in
            let changes = move.changes.map { "\($0.field) \($0.from.isEmpty ? "—" : $0.from) → \($0.to.isEmpty ? "—" : $0.to)" }
            return "<li>\(move.email): \(changes.joined(separator: "; "))</li>"
        }
        return """
            <section class="card"><h2>Joiners, movers and leavers</h2>
            <p><strong>\(roster.joiners.count)</strong> joined: \(names(roster.joiners))</p>
            <p><strong>\(roster.movers.count)</strong> moved</p>\(Markup.when(!moves.isEmpty, "<ul>\(moves.joined())</ul>" as Markup))
            <p><strong>\(roster.leavers.count)</strong> left: \(names(roster.leavers))</p></section>
            """
    }

    func rejectedBody(_ report: InventoryService.ImportReport) -> Markup {
        guard !report.rejected.isEmpty else { return "" }
        let rows = report.rejected.map { error -> Markup in
            "<tr><td>\(error.line.map(String.init) ?? "—")</td><td>\(error.field)</td><td>\(error.message)</td></tr>"
        }
        return """
            <section class="card"><h2>Rows left out (\(report.rejectedTotal))</h2>\(Markup.when(report.rejectedTotal > report.rejected.count,
                "<p>The first \(report.rejected.count) problems are listed.</p>"))
            <table><thead><tr><th>Line</th><th>Field</th><th>Problem</th></tr></thead><tbody>\(rows.joined())</tbody></table></section>
            """
    }
}
