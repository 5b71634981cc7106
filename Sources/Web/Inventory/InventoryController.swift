// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Hummingbird

/// `/api/v1/assets` and `/api/v1/people`: the shared inventory, one controller for every kind of record.
struct InventoryController<Item: Sendable & Encodable, Input: APIInput> {
    let kind: InventoryKind<Item, Input>

    func register(_ routes: APIRoutes) {
        let base = "/api/v1/" + kind.path
        let single = "/api/v1/\(kind.path)/{id}"
        let listQuery =
            kind.filters.map { APIOperation.Parameter($0.name, kind.filterHelp[$0.name] ?? $0.label, $0.options.map { .oneOf($0) } ?? .text) }
            + [.limit, .cursor]
        routes.add(
            .init(
                method: .get, path: base, operationID: "list\(kind.pluralSchema)", summary: "List \(kind.plural) by name",
                tag: "Inventory", access: .permission(.inventoryRead), query: listQuery, responseSchema: "\(kind.schema)Page")
        ) { request, _ in
            var filters: [String: String] = [:]
            for filter in kind.filters {
                guard let value = request.queryString(filter.name) else { continue }
                if let options = filter.options, !options.contains(value) {
                    throw APIError.badRequest("\(filter.name): '\(value)' is not one of \(options.joined(separator: ", "))")
                }
                filters[filter.name] = value
            }
            return try JSONResponse.make(PageBody(key: kind.plural, page: try await kind.list(filters, try request.pageRequest())))
        }
        routes.add(
            .init(
                method: .post, path: base, operationID: "create\(kind.schema)", summary: "Create \(article) \(kind.singular)",
                tag: "Inventory", access: .permission(.inventoryWrite), requestSchema: "\(kind.schema)Create",
                responseSchema: kind.schema, successStatus: 201)
        ) { request, context in
            let input = try await request.json(Input.self)
            let present = kind.present(input)
            let missing = kind.requiredOnCreate.filter { !present.contains($0) }.map { FieldError(field: $0, message: "is required") }
            if !missing.isEmpty { throw CoreError.invalid(missing) }
            return try JSONResponse.make(try await kind.create(input, context.inventoryActor), status: .created)
        }
        routes.add(
            .init(
                method: .post, path: base + "/import", operationID: "import\(kind.pluralSchema)",
                summary: "Import \(kind.plural) from CSV (all rows or none; `partial=true` keeps the good rows)", tag: "Inventory",
                access: .permission(.inventoryWrite), query: [.init("partial", "true to import the good rows when some are bad", .boolean)],
                requestSchema: "CSV", requestContentType: "text/csv", responseSchema: "ImportReport", rejectedSchema: "ImportReport")
        ) { request, context in
            let csv = try await request.text(limit: InventoryImport.maxBytes)
            let report = try await kind.importCSV(csv, (try request.queryBool("partial") ?? false), context.inventoryActor)
            return try JSONResponse.make(ImportReportBody(report), status: report.applied ? .ok : .unprocessableContent)
        }
        routes.add(
            .init(
                method: .get, path: single, operationID: "get\(kind.schema)", summary: "Get \(article) \(kind.singular)",
                tag: "Inventory", access: .permission(.inventoryRead), responseSchema: kind.schema)
        ) { _, context in
            let id = try context.id(kind.singular)
            guard let item = try await kind.get(id) else { throw CoreError.notFound(kind: kind.singular, id: id) }
            return try JSONResponse.make(item)
        }
        routes.add(
            .init(
                method: .patch, path: single, operationID: "update\(kind.schema)", summary: "Change some fields of \(article) \(kind.singular)",
                tag: "Inventory", access: .permission(.inventoryWrite), requestSchema: "\(kind.schema)Input",
                responseSchema: kind.schema)
        ) { request, context in
            let id = try context.id(kind.singular)
            return try JSONResponse.make(try await kind.update(id, try await request.json(Input.self), context.inventoryActor))
        }
        routes.add(
            .init(
                method: .delete, path: single, operationID: "delete\(kind.schema)", summary: "Delete \(article) \(kind.singular)",
                tag: "Inventory", access: .permission(.inventoryWrite), successStatus: 204)
        ) { _, context in
            try await kind.delete(try context.id(kind.singular), context.inventoryActor)
            return Response(status: .noContent)
        }
    }

    var article: String { "aeiou".contains(kind.singular.first ?? "x") ? "an" : "a" }
}

extension AuthedContext {
    var inventoryActor: InventoryService.Actor { .init(username: principal.username, source: remoteAddress) }
}
