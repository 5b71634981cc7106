// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Inventory

/// What else the data model knows about an inventory record: an asset's owner, the assets a person owns.
enum InventoryRelations: Sendable {
    enum Owner: Sendable {
        case none
        /// The owner field names no person in the directory (a team, or somebody unknown).
        case notInDirectory(String)
        case person(Person)
    }

    case asset(Asset, owner: Owner)
    case person(Person, owned: [Asset])

    /// The asset's logs: events whose host is its name or one of its hostnames or addresses, over the last 7 days.
    static func eventSearch(_ asset: Asset) -> String {
        let query = ([asset.name] + asset.hostnames + asset.ips).map { "host.name:\"\($0)\"" }.joined(separator: " OR ")
        return PageLink(path: "/monitoring", parameters: [("q", query), ("range", "7d")]).href
    }

    func render() -> Markup {
        switch self {
        case .asset(let asset, let owner):
            let events = Card("Events", body: "<p><a href=\"\(Self.eventSearch(asset))\">Search this asset's events of the last 7 days</a></p>")
                .render()
            let vulnerabilities = Card(
                "Vulnerabilities",
                body: "<p><a href=\"/vulnerabilities/assets/\(asset.id)\">Installed packages, their findings and the inventory imports</a></p>"
            ).render()
            let ownerBody: Markup
            switch owner {
            case .none: ownerBody = "<p class=\"error\">This asset has no owner.</p>"
            case .notInDirectory(let name):
                ownerBody = "<p>\(name) <span class=\"muted\">(not a person in the directory: a team, or unknown)</span></p>"
            case .person(let person):
                let warning = Markup.when(
                    person.employmentStatus == .terminated,
                    "<p class=\"error\">The owner left the organisation\(person.endDate.isEmpty ? "" : " on \(person.endDate)"): give the asset a new owner.</p>"
                )
                ownerBody =
                    "<p><a href=\"/people/\(person.id)\">\(person.name)</a> — \(person.department), \(person.employmentStatus.rawValue)</p>\(warning)"
            }
            return events + vulnerabilities + Card("Owner", body: ownerBody).render()
        case .person(let person, let owned):
            let rows = owned.map { asset -> Markup in
                "<li><a href=\"/assets/\(asset.id)\">\(asset.name)</a> <span class=\"muted\">\(asset.criticality.rawValue), \(asset.environment)</span></li>"
            }
            let warning = Markup.when(
                person.employmentStatus == .terminated && !owned.isEmpty,
                "<p class=\"error\">This person has left but still owns \(owned.count) assets.</p>")
            let everything = Markup.when(
                !person.email.isEmpty,
                Card(
                    "Across Bulwark",
                    body: """
                        <p><a href="/entities/email/\(PageLink.encode(person.email))">Everything about \(person.email)</a>: \
                        events, alerts and cases that name it</p>
                        """
                ).render())
            return Card("Assets owned (\(owned.count))", body: "\(warning)<ul>\(rows.joined())</ul>").render() + everything
        }
    }
}
