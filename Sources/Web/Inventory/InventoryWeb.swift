// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Hummingbird

/// The inventory of assets and people: API, pages, schemas, dashboard card.
public struct InventoryWeb: WebArea {
    let inventory: InventoryService
    let clock: any WallClock

    public init(inventory: InventoryService, clock: any WallClock) {
        self.inventory = inventory
        self.clock = clock
    }

    public func registerAPI(_ routes: APIRoutes) {
        InventoryController(kind: .assets(inventory)).register(routes)
        InventoryController(kind: .people(inventory)).register(routes)
    }

    public func registerPages(_ router: Router<WebContext>) {
        InventoryPages(kind: .assets(inventory), clock: clock).register(router)
        InventoryPages(kind: .people(inventory), clock: clock).register(router)
    }

    public var schemas: [String: Any] { OpenAPISchemas.inventory }

    public func setupSteps(for principal: Principal) async throws -> [SetupStep] {
        guard principal.can(.inventoryWrite) else { return [] }
        return [
            SetupStep(
                "Add your assets", detail: "import a CSV of hosts with their criticality and owner, so alerts and findings land on them",
                href: "/assets/import", done: try await inventory.assetCount() > 0)
        ]
    }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        var cards: [Markup] = []
        if principal.can(.inventoryRead) {
            let assets = try await inventory.assetCount()
            let people = try await inventory.personCount()
            let counts = try await inventory.assetCountByCriticality()
            let byCriticality = Criticality.allCases.reversed().map {
                BarChart.Bar($0.rawValue, counts[$0] ?? 0, href: "/assets?criticality=\($0.rawValue)")
            }
            cards.append(
                Card(
                    "Inventory",
                    body: """
                        <p class="big"><a href="/assets">\(assets) assets</a> · <a href="/people">\(people) people</a></p>
                        \(BarChart(title: "Assets by criticality", bars: byCriticality).render())
                        """
                ).render())
        }
        return cards
    }
}
