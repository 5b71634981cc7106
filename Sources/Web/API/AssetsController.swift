import AccessControl
import BulwarkCore
import Hummingbird

/// `/api/v1/assets`: the shared asset inventory.
struct AssetsController {
    let inventory: InventoryService

    func register(_ routes: APIRoutes) {
        let listQuery = [
            APIOperation.Parameter("q", "substring of name, hostname, IP or owner"),
            .init("criticality", "low, medium, high or critical"), .init("environment", "exact environment"), .init("tag", "exact tag"),
            .init("limit", "page size, 1–500 (default 50)", type: "integer"), .init("cursor", "the `next` value of the previous page"),
        ]
        routes.add(.init(method: .get, path: "/api/v1/assets", operationID: "listAssets", summary: "List assets by name",
                         tag: "Inventory", access: .permission(.inventoryRead), query: listQuery, responseSchema: "AssetPage")) { request, _ in
            let query = AssetQuery(text: request.queryString("q"), criticality: try request.queryEnum("criticality", Criticality.self),
                                   environment: request.queryString("environment"), tag: request.queryString("tag"))
            return try JSONResponse.make(PageBody(key: "assets", page: try await inventory.assets.list(query, page: try request.pageRequest())))
        }
        routes.add(.init(method: .post, path: "/api/v1/assets", operationID: "createAsset", summary: "Create an asset",
                         tag: "Inventory", access: .permission(.inventoryWrite), requestSchema: "AssetInput", responseSchema: "Asset",
                         successStatus: 201)) { request, context in
            let input = try await request.json(AssetInput.self)
            guard input.name != nil else { throw APIError.invalid("name", "is required") }
            try input.validate()
            var asset = Asset(name: "", createdAt: inventory.clock.now())
            input.apply(to: &asset)
            return try JSONResponse.make(try await inventory.createAsset(asset, by: context.inventoryActor), status: .created)
        }
        routes.add(.init(method: .post, path: "/api/v1/assets/import", operationID: "importAssets",
                         summary: "Import assets from CSV (all rows or none; `partial=true` keeps the good rows)", tag: "Inventory",
                         access: .permission(.inventoryWrite), query: [.init("partial", "true to import the good rows when some are bad", type: "boolean")],
                         requestSchema: "CSV", requestContentType: "text/csv", responseSchema: "ImportReport")) { request, context in
            let csv = try await request.text(limit: InventoryImport.maxBytes)
            let report = try await inventory.importAssets(csv: csv, partial: request.queryString("partial") == "true", by: context.inventoryActor)
            return try JSONResponse.make(ImportReportBody(report), status: report.applied ? .ok : .unprocessableContent)
        }
        routes.add(.init(method: .get, path: "/api/v1/assets/{id}", operationID: "getAsset", summary: "Get an asset",
                         tag: "Inventory", access: .permission(.inventoryRead), responseSchema: "Asset")) { _, context in
            let id = try context.id("asset")
            guard let asset = try await inventory.assets.get(id: id) else { throw CoreError.notFound(kind: "asset", id: id) }
            return try JSONResponse.make(asset)
        }
        routes.add(.init(method: .patch, path: "/api/v1/assets/{id}", operationID: "updateAsset", summary: "Change some fields of an asset",
                         tag: "Inventory", access: .permission(.inventoryWrite), requestSchema: "AssetInput", responseSchema: "Asset")) { request, context in
            let id = try context.id("asset")
            let input = try await request.json(AssetInput.self)
            try input.validate()
            return try JSONResponse.make(try await inventory.updateAsset(id: id, by: context.inventoryActor, change: input.apply))
        }
        routes.add(.init(method: .delete, path: "/api/v1/assets/{id}", operationID: "deleteAsset", summary: "Delete an asset",
                         tag: "Inventory", access: .permission(.inventoryWrite), successStatus: 204)) { _, context in
            try await inventory.deleteAsset(id: try context.id("asset"), by: context.inventoryActor)
            return Response(status: .noContent)
        }
    }
}

extension AuthedContext {
    var inventoryActor: InventoryService.Actor { .init(username: principal.username, source: remoteAddress) }
}
