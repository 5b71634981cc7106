// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Foundation

/// One kind of inventory record as the API and the web pages show it: names, fields, columns, filters and service calls.
/// Assets and people share every route (API: list, get, create, patch, delete, import; pages: the same as forms)
/// through this description.
struct InventoryKind<Item: Sendable & Encodable, Input: APIInput>: Sendable {
    enum FieldKind: Sendable { case text, list, select([String]), checkbox, date }
    struct FormField: Sendable {
        var name: String
        var label: String
        var kind: FieldKind
        var required = false
        var value: @Sendable (Item) -> String
    }

    var singular: String
    var plural: String
    /// URL segment, e.g. `assets`.
    var path: String
    /// OpenAPI schema name of one item, e.g. `Asset` (also `AssetInput`, `AssetPage`).
    var schema: String
    /// For operation ids, e.g. `Assets` in `listAssets`.
    var pluralSchema: String
    /// Fields a new item must have.
    var requiredOnCreate: [String]
    /// Names of the JSON fields `Input` has, to check `requiredOnCreate`.
    var present: @Sendable (Input) -> Set<String>
    var fields: [FormField]
    var columns: [(title: String, value: @Sendable (Item) -> String)]
    var csvColumns: [String]
    var filters: [(name: String, label: String, options: [String]?)]
    /// The API's description of each filter.
    var filterHelp: [String: String]
    var id: @Sendable (Item) -> String
    var title: @Sendable (Item) -> String
    var blank: @Sendable (Date) -> Item
    var list: @Sendable ([String: String], PageRequest) async throws -> Page<Item>
    var get: @Sendable (String) async throws -> Item?
    var create: @Sendable (Input, InventoryService.Actor) async throws -> Item
    var update: @Sendable (String, Input, InventoryService.Actor) async throws -> Item
    var delete: @Sendable (String, InventoryService.Actor) async throws -> Void
    var importCSV: @Sendable (String, Bool, InventoryService.Actor) async throws -> InventoryService.ImportReport
    /// What else the data model knows about the item, shown on its page (the owner of an asset, the assets of a person).
    var related: @Sendable (Item) async throws -> InventoryRelations
}
