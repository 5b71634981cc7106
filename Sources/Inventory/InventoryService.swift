// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Use cases over the shared inventory (assets and people): validation, storage and the audit trail in one place,
/// so that the API, the web forms and the CLI behave the same.
public struct InventoryService: Sendable {
    let assets: any AssetStore
    let people: any PersonStore
    let audit: any AuditLog
    public let clock: any WallClock

    public init(assets: any AssetStore, people: any PersonStore, audit: any AuditLog, clock: any WallClock) {
        self.assets = assets
        self.people = people
        self.audit = audit
        self.clock = clock
    }

    public typealias Actor = AuditActor

    /// The outcome of an import: what was written, and every row refused with its reason.
    public struct ImportReport: Sendable {
        public var created: Int
        public var updated: Int
        /// The first ``maximumReported`` problems, by line.
        public var rejected: [FieldError]
        /// Whether anything was written (false when errors stopped an all-or-nothing import).
        public var applied: Bool
        /// Every problem found, when more than ``rejected`` lists.
        public var rejectedTotal: Int
        /// A people import's joiners, movers and leavers (empty for assets and for an import not applied).
        public var roster = RosterChanges()

        /// Problems listed in a report: a 14 MB file of bad rows once got a 113 MB answer. The total is kept.
        public static let maximumReported = 1000

        init(created: Int, updated: Int, rejected: [FieldError], applied: Bool) {
            self.created = created
            self.updated = updated
            self.rejected = Array(rejected.prefix(Self.maximumReported))
            self.applied = applied
            rejectedTotal = rejected.count
        }
    }

    // MARK: assets

    public func createAsset(_ asset: Asset, by actor: Actor) async throws -> Asset {
        let errors = asset.validationErrors()
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        try await assets.create(asset)
        try await record(actor, "asset.create", "asset:\(asset.id)", "name=\(asset.name)")
        return asset
    }

    /// Applies `change` to the stored asset, validates the result and stores it.
    public func updateAsset(id: String, by actor: Actor, change: (inout Asset) -> Void) async throws -> Asset {
        guard var asset = try await assets.get(id: id) else { throw CoreError.notFound(kind: "asset", id: id) }
        let before = asset
        change(&asset)
        asset.id = before.id
        asset.createdAt = before.createdAt
        let errors = asset.validationErrors()
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        asset.updatedAt = clock.now()
        try await assets.update(asset)
        try await record(actor, "asset.update", "asset:\(asset.id)", "changed=\(Self.changedFields(before, asset).joined(separator: ","))")
        return asset
    }

    public func deleteAsset(id: String, by actor: Actor) async throws {
        guard let asset = try await assets.get(id: id) else { throw CoreError.notFound(kind: "asset", id: id) }
        _ = try await assets.delete(id: id)
        try await record(actor, "asset.delete", "asset:\(id)", "name=\(asset.name)")
    }

    /// Imports assets from CSV. With errors, nothing is written unless `partial` is set, in which case the good rows are.
    public func importAssets(csv: String, partial: Bool, by actor: Actor) async throws -> ImportReport {
        try await apply(
            InventoryImport.assets(csv: csv, now: clock.now()), partial: partial, kind: "asset", actor: actor,
            key: \.name, write: assets.upsertAll)
    }

    // MARK: people

    public func createPerson(_ person: Person, by actor: Actor) async throws -> Person {
        var person = person
        person.email = person.email.lowercased()
        person.manager = person.manager.lowercased()
        let errors = person.validationErrors()
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        try await people.create(person)
        try await record(actor, "person.create", "person:\(person.id)", "email=\(person.email)")
        return person
    }

    public func updatePerson(id: String, by actor: Actor, change: (inout Person) -> Void) async throws -> Person {
        guard var person = try await people.get(id: id) else { throw CoreError.notFound(kind: "person", id: id) }
        let before = person
        change(&person)
        person.id = before.id
        person.createdAt = before.createdAt
        person.email = person.email.lowercased()
        person.manager = person.manager.lowercased()
        let errors = person.validationErrors()
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        person.updatedAt = clock.now()
        try await people.update(person)
        try await record(actor, "person.update", "person:\(person.id)", "changed=\(Self.changedFields(before, person).joined(separator: ","))")
        return person
    }

    public func deletePerson(id: String, by actor: Actor) async throws {
        guard let person = try await people.get(id: id) else { throw CoreError.notFound(kind: "person", id: id) }
        _ = try await people.delete(id: id)
        try await record(actor, "person.delete", "person:\(id)", "email=\(person.email)")
    }

    /// Imports the HR roster (or any people CSV): all or nothing unless `partial`; the report says who joined, moved
    /// and left, and so does the audit log.
    public func importPeople(csv: String, partial: Bool, by actor: Actor) async throws -> ImportReport {
        let people = self.people
        let today = Timestamp.day(clock.now())
        var roster = RosterChanges()
        var report = try await apply(
            InventoryImport.people(csv: csv, now: clock.now()), partial: partial, kind: "person", actor: actor, key: \.email
        ) { rows in
            let before = try await people.get(emails: rows.map(\.email))
            roster = RosterChanges.between(
                before: Dictionary(before.map { ($0.email, $0) }, uniquingKeysWith: { first, _ in first }), after: rows, today: today)
            return try await people.upsertAll(rows)
        }
        report.roster = roster
        if !roster.isEmpty {
            try await record(
                actor, "person.roster", "person:*",
                "joiners=\(roster.joiners.count) movers=\(roster.movers.count) leavers=\(roster.leavers.count)"
                    + (roster.leavers.isEmpty ? "" : " left=\(roster.leavers.prefix(50).joined(separator: ","))"))
        }
        return report
    }

    // MARK: helpers

    func apply<Item>(
        _ plan: ImportPlan<Item>, partial: Bool, kind: String, actor: Actor, key: (Item) -> String,
        write: ([Item]) async throws -> (created: Int, updated: Int)
    ) async throws -> ImportReport {
        var plan = plan
        var firstLine: [String: Int] = [:]
        var unique: [Item] = []
        for (line, item) in plan.items {
            if let earlier = firstLine[key(item)] {
                plan.errors.append(
                    FieldError(
                        field: kind == "asset" ? "name" : "email",
                        message: "'\(key(item))' repeats line \(earlier)", line: line))
            } else {
                firstLine[key(item)] = line
                unique.append(item)
            }
        }
        plan.errors.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        if plan.hasErrors && !partial {
            try await record(actor, "\(kind).import", "\(kind):*", "refused: \(plan.errors.count) errors", outcome: .failure)
            return ImportReport(created: 0, updated: 0, rejected: plan.errors, applied: false)
        }
        let rejectedLines = Set(plan.errors.compactMap(\.line))
        let good = unique.enumerated().filter { !rejectedLines.contains(firstLine[key($0.element)] ?? -1) }.map(\.element)
        let result = try await write(good)
        try await record(
            actor, "\(kind).import", "\(kind):*",
            "created=\(result.created) updated=\(result.updated) rejected_rows=\(rejectedLines.count)")
        return ImportReport(created: result.created, updated: result.updated, rejected: plan.errors, applied: true)
    }

    func record(_ actor: Actor, _ action: String, _ target: String, _ detail: String, outcome: AuditEntry.Outcome = .success) async throws {
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor.username, action: action, target: target,
                source: actor.source, outcome: outcome, detail: detail))
    }

    /// JSON keys whose values differ between two encodable values (for the audit detail).
    static func changedFields<T: Encodable>(_ a: T, _ b: T) -> [String] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let x = try? JSONSerialization.jsonObject(with: encoder.encode(a)) as? [String: Any],
            let y = try? JSONSerialization.jsonObject(with: encoder.encode(b)) as? [String: Any]
        else { return [] }
        return x.keys.sorted().filter { $0 != "updated_at" && String(describing: x[$0] ?? "") != String(describing: y[$0] ?? "") }
    }
}
