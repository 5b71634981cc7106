// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Hummingbird
import Incidents

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

    /// The person an email address is, from the directory: who they are, where they work, what they own.
    public func entitySections(_ entity: EntityRequest, for principal: Principal) async throws -> [Markup] {
        guard entity.type == .email, principal.can(.inventoryRead), let person = try await inventory.findPerson(email: entity.value) else {
            return []
        }
        let owned = try await inventory.listAssets(AssetQuery(owner: person.email), page: PageRequest(limit: 100)).items
        let facts = DefinitionList([
            ("Person", "<a href=\"/people/\(person.id)\">\(person.name)</a>"),
            ("Department", "\(person.department.isEmpty ? "—" : person.department)"),
            ("Manager", "\(person.manager.isEmpty ? "—" : person.manager)"),
            (
                "Employment",
                "\(person.employmentStatus.rawValue)\(person.endDate.isEmpty ? "" : " (left \(person.endDate))")"
                    + Markup.when(person.employmentStatus == .terminated && !owned.isEmpty, " <span class=\"overdue\">still owns assets</span>")
            ),
            (
                "Owns",
                owned.isEmpty
                    ? "no asset"
                    : owned.map { "<a href=\"/assets/\($0.id)\">\($0.name)</a> (\($0.criticality.rawValue))" as Markup }.joined(separator: ", ")
            ),
        ])
        return [Card("In the directory", id: "person", body: facts.render()).render()]
    }

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
