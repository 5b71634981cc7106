// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore

/// A list of inventory records (assets or people), filtered and paged.
struct InventoryListPage<Item: Sendable & Encodable, Input: APIInput>: Sendable {
    var kind: InventoryKind<Item, Input>
    var items: [Item]
    var next: String?
    var link: PageLink
    var canWrite: Bool

    static func load(_ kind: InventoryKind<Item, Input>, page: PageRequest, link: PageLink, principal: Principal) async throws -> Self {
        var filters: [String: String] = [:]
        for filter in kind.filters {
            if let value = link.value(filter.name), !value.isEmpty { filters[filter.name] = String(value.prefix(200)) }
        }
        let found = try await kind.list(filters, page)
        return Self(kind: kind, items: found.items, next: found.next, link: link, canWrite: principal.can(.inventoryWrite))
    }
}

/// One inventory record: its fields (a form for those who may change them), what it relates to, and deleting it.
struct InventoryRecordPage<Item: Sendable & Encodable, Input: APIInput>: Sendable {
    var item: Item
    var relations: InventoryRelations
    var canWrite: Bool

    static func load(_ kind: InventoryKind<Item, Input>, item: Item, principal: Principal) async throws -> Self {
        Self(item: item, relations: try await kind.related(item), canWrite: principal.can(.inventoryWrite))
    }
}
