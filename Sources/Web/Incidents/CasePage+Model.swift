// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Incidents
import Inventory

/// A case as its page shows it: the dossier (tasks, observables, timeline, evidence, actions, comments, related
/// cases), the alerts it holds, where each observable was seen elsewhere, the inventory to pick affected assets and
/// people from, and the settings the forms need.
struct CasePage: Sendable {
    /// Where an observable was also seen, with the other cases that hold it (the first few, as links).
    struct Seen: Sendable {
        var sightings: ObservableSightings
        var otherCases: [Case]
    }

    var dossier: CaseDossier
    var alerts: [Alert]
    /// Open alerts that could join the case, those on its hosts and users first: picked, not pasted as ids.
    var candidates: [Alert] = []
    /// By observable id.
    var seen: [String: Seen]
    var assets: [Asset]
    var people: [Person]
    var playbooks: [Playbook]
    var actions: [ResponseAction]
    var regulatory: RegulatorySettings
    var maximumEvidenceBytes: Int
    var timelineDescending: Bool
    var principal: Principal
    var csrf: String
    var now: Date

    /// Alerts listed on the page; a case that grew from a long campaign can hold thousands (the API lists them all).
    static let alertsShown = 100
    /// Open alerts offered to add.
    static let candidatesShown = 20
    /// Choices offered in the affected assets and people lists.
    static let inventoryChoices = 500

    static func load(
        _ cases: CaseService, inventory: InventoryService, id: String, timelineDescending: Bool, principal: Principal, csrf: String
    ) async throws -> CasePage {
        let dossier = try await cases.dossier(id)
        var alerts: [Alert] = []
        for alertID in dossier.item.alertIDs.prefix(Self.alertsShown) {
            if let alert = try await cases.alerts.findAlert(id: alertID) { alerts.append(alert) }
        }
        var seen: [String: Seen] = [:]
        for observable in dossier.observables {
            let sightings = try await cases.sightings(of: observable)
            var others: [Case] = []
            for other in sightings.cases.prefix(5) {
                if let found = try await cases.findCase(id: other) { others.append(found) }
            }
            seen[observable.id] = Seen(sightings: sightings, otherCases: others)
        }
        let choices = PageRequest(limit: Self.inventoryChoices)
        let candidates = try await Self.candidates(cases, besides: alerts, in: dossier.item)
        var page = CasePage(
            dossier: dossier, alerts: alerts, seen: seen, assets: try await inventory.listAssets(AssetQuery(), page: choices).items,
            people: try await inventory.listPeople(PersonQuery(), page: choices).items, playbooks: cases.playbooks.sorted, actions: cases.actions,
            regulatory: cases.settings.regulatory, maximumEvidenceBytes: cases.settings.maximumEvidenceBytes, timelineDescending: timelineDescending,
            principal: principal, csrf: csrf, now: cases.clock.now())
        page.candidates = candidates
        return page
    }

    /// The newest open alerts not on the case, ranked: same host or user as the case's alerts first.
    static func candidates(_ cases: CaseService, besides alerts: [Alert], in item: Case) async throws -> [Alert] {
        guard item.isOpen else { return [] }
        let open = try await cases.alerts.listAlerts(AlertQuery(statuses: [.new, .acknowledged]), page: PageRequest(limit: 200)).items
        let onCase = Set(item.alertIDs)
        let hosts = Set(alerts.map(\.host).filter { !$0.isEmpty })
        let users = Set(alerts.map(\.user).filter { !$0.isEmpty })
        let others = open.filter { !onCase.contains($0.id) }
        let related = others.filter { hosts.contains($0.host) || users.contains($0.user) }
        let rest = others.filter { !(hosts.contains($0.host) || users.contains($0.user)) }
        return Array((related + rest).prefix(candidatesShown))
    }

    var title: String { "\(dossier.item.reference) \(dossier.item.title)" }
}
