// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Inventory
import Prometheus
import Storage
import Testing

/// Access-review campaigns over a real database (SQLite, and PostgreSQL when configured) with an injected clock:
/// items given to the holder's manager (never to the holder), a reviewer seeing and deciding only their own items,
/// self-review refused, a comment required to keep privileged access, revocations confirmed or flagged by the next
/// import, the default outcome at the due date and the next round of a recurring campaign, evidence rows.
@Suite struct AccessReviewTests {
    static let start = Timestamp.parse("2026-12-03T08:00:00Z")!
    static let admin = AuditActor(username: "lead", source: "test")

    struct Fixture: Sendable {
        var governance: GovernanceService
        var clock: ManualClock
        var source: IdentitySource
        var people: [String: String]
    }

    static let header = "account,display_name,email,roles,last_login,enabled"
    static let rows = [
        "alice,Alice,alice@example.com,admin;sales,2026-12-01,true",
        "dave,Dave,dave@example.com,sales,2026-11-30,true",
        "bob,Bob,bob@example.com,sales,2026-11-01,true",
        "carol,Carol,carol@example.com,admin,2026-12-02,true",
        "zz9,Unknown,,admin,2026-12-02,true",
    ]

    static func load(_ f: Fixture, _ rows: [String]) async throws -> AccountImport {
        try await f.governance.importAccounts(
            sourceID: f.source.id,
            AccountUpload(format: .accountsCSV, fileName: "crm.csv", bytes: Array(([header] + rows).joined(separator: "\n").utf8)),
            partial: false, by: admin)
    }

    static func with(_ body: @Sendable (Fixture) async throws -> Void) async throws {
        let people = [
            ("carol", "Sales", "", EmploymentStatus.active, ""), ("alice", "Sales", "carol@example.com", .active, ""),
            ("dave", "Sales", "carol@example.com", .active, ""), ("bob", "Sales", "carol@example.com", .terminated, "2026-11-20"),
            ("erin", "Security", "", .active, ""),
        ].map { name, department, manager, status, end in
            Person(
                name: name.capitalized, email: "\(name)@example.com", department: department, manager: manager, employmentStatus: status,
                endDate: end, createdAt: start)
        }
        try await GovernanceStack.with(start: start, people: people) { stack in
            var ids: [String: String] = [:]
            for person in people { ids[person.name.lowercased()] = try await stack.inventory.findPerson(email: person.email)?.id }
            let source = try await stack.governance.createSource(
                IdentitySource(name: "crm", kind: .application, owner: "erin@example.com", createdAt: Self.start), by: Self.admin)
            let f = Fixture(governance: stack.governance, clock: stack.clock, source: source, people: ids)
            _ = try await Self.load(f, Self.rows)
            try await body(f)
        }
    }

    static func reviewer(_ name: String, manages: Bool = false) -> ReviewActor {
        ReviewActor(actor: AuditActor(username: name, source: "test"), email: "\(name)@example.com", manages: manages, readsAll: manages)
    }

    @Test func itemsGoToTheHoldersManagerAndEachReviewerSeesOnlyTheirs() async throws {
        try await Self.with { f in
            let (review, items) = try await f.governance.createReview(
                AccessReview(
                    name: "CRM", reviewers: .manager, fallbackPersonID: f.people["erin"], startAt: Self.start, dueAt: Self.start + 14 * 86400),
                by: Self.admin)
            // One item per entitlement: alice admin and sales, dave, bob, carol admin, zz9 admin.
            #expect(items.count == 6)
            func reviewerOf(_ account: String, _ entitlement: String) -> String? {
                items.first { $0.account == account && $0.entitlement == entitlement }?.reviewerPersonID
            }
            #expect(reviewerOf("alice", "admin") == f.people["carol"])
            #expect(reviewerOf("bob", "sales") == f.people["carol"], "a leaver's manager still answers for them")
            // Carol has no manager and the orphan no person: the fallback reviews both; nobody reviews their own.
            #expect(reviewerOf("carol", "admin") == f.people["erin"])
            #expect(reviewerOf("zz9", "admin") == f.people["erin"])
            #expect(items.allSatisfy { $0.reviewerPersonID != $0.holderPersonID || $0.holderPersonID == nil })
            let alice = try #require(items.first { $0.account == "alice" && $0.entitlement == "sales" })
            #expect(alice.peers == 3, "alice, dave and bob hold sales in Sales")
            #expect(items.first { $0.account == "zz9" }?.findings.contains("orphaned") == true)

            let carols = try await f.governance.reviewItems(reviewID: review.id, as: Self.reviewer("carol"))
            #expect(Set(carols.map(\.account)) == ["alice", "dave", "bob"])
            #expect(try await f.governance.reviewItems(reviewID: review.id, as: Self.reviewer("dave")).isEmpty)
            #expect(try await f.governance.reviewItems(reviewID: review.id, as: Self.reviewer("lead", manages: true)).count == 6)
            let queue = try await f.governance.queue(of: Self.reviewer("erin"))
            #expect(queue.count == 1 && queue[0].items.map(\.account).sorted() == ["carol", "zz9"])

            // Dave cannot decide carol's item (to him it does not exist), and nobody decides their own access.
            let carolAdmin = try #require(items.first { $0.account == "carol" })
            await #expect(throws: CoreError.notFound(kind: "review item", id: carolAdmin.id)) {
                _ = try await f.governance.decide(
                    reviewID: review.id, itemID: carolAdmin.id, decision: .keep, comment: "x", as: Self.reviewer("dave"))
            }
            do {
                _ = try await f.governance.decide(
                    reviewID: review.id, itemID: carolAdmin.id, decision: .keep, comment: "x", as: Self.reviewer("carol", manages: true))
                Issue.record("carol kept her own admin role")
            } catch CoreError.forbidden(let message) {
                #expect(message.contains("self-review"))
            }
            // Keeping privileged access needs a reason; keeping the rest does not.
            let aliceAdmin = try #require(items.first { $0.account == "alice" && $0.entitlement == "admin" })
            await #expect(throws: CoreError.self) {
                _ = try await f.governance.decide(
                    reviewID: review.id, itemID: aliceAdmin.id, decision: .keep, comment: " ", as: Self.reviewer("carol"))
            }
            let kept = try await f.governance.decide(
                reviewID: review.id, itemID: aliceAdmin.id, decision: .keep, comment: "runs the CRM's configuration", as: Self.reviewer("carol"))
            #expect(kept.decision == .keep && kept.decidedBy == "carol" && kept.followThrough == FollowThrough.none)
            _ = try await f.governance.decide(reviewID: review.id, itemID: alice.id, decision: .keep, comment: "", as: Self.reviewer("carol"))
            #expect(try await f.governance.progress(reviewID: review.id).decided == 2)

            // The gauges: four items still to decide; the orphan's finding open; every type and state has a series.
            let registry = PrometheusCollectorRegistry()
            try await BackgroundPass.publish(f.governance, PrometheusMetricsFactory(registry: registry))
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            let text = String(decoding: buffer, as: UTF8.self)
            #expect(text.contains("bulwark_access_review_items_pending 4"))
            #expect(text.contains(#"bulwark_access_findings{type="orphaned",state="open"} 1"#))
            #expect(text.contains(#"bulwark_access_findings{type="sod",state="accepted"} 0"#))
        }
    }

    @Test func aRevocationIsConfirmedOnlyWhenTheNextImportHasTheAccessGone() async throws {
        try await Self.with { f in
            let (review, items) = try await f.governance.createReview(
                AccessReview(name: "CRM", fallbackPersonID: f.people["erin"], startAt: Self.start, dueAt: Self.start + 14 * 86400), by: Self.admin)
            func item(_ account: String, _ entitlement: String) throws -> ReviewItem {
                try #require(items.first { $0.account == account && $0.entitlement == entitlement })
            }
            let bob = try await f.governance.decide(
                reviewID: review.id, itemID: try item("bob", "sales").id, decision: .revoke, comment: "left in November", as: Self.reviewer("carol"))
            let orphan = try await f.governance.decide(
                reviewID: review.id, itemID: try item("zz9", "admin").id, decision: .revoke, comment: "", as: Self.reviewer("erin"))
            let dave = try await f.governance.decide(
                reviewID: review.id, itemID: try item("dave", "sales").id, decision: .modify, comment: "read-only is enough",
                as: Self.reviewer("carol"))
            #expect([bob, orphan, dave].allSatisfy { $0.followThrough == .pending })

            // The next import: bob is gone, zz9 still there, dave still holds sales.
            f.clock.advance(by: 86400)
            let next = try await Self.load(f, Self.rows.filter { !$0.hasPrefix("bob,") })
            let after = Dictionary(
                uniqueKeysWithValues: try await f.governance.reviewItems(reviewID: review.id, as: Self.reviewer("lead", manages: true))
                    .map { ($0.id, $0) })
            #expect(after[bob.id]?.followThrough == .confirmed && after[bob.id]?.followThroughImport == next.id)
            #expect(after[orphan.id]?.followThrough == .stillPresent)
            #expect(after[dave.id]?.followThrough == .stillPresent)
            // Disabled later, and the role changed: both confirmed by the import after.
            f.clock.advance(by: 86400)
            _ = try await Self.load(
                f,
                [
                    "alice,Alice,alice@example.com,admin;sales,2026-12-01,true", "dave,Dave,dave@example.com,sales-readonly,2026-11-30,true",
                    "carol,Carol,carol@example.com,admin,2026-12-02,true", "zz9,Unknown,,admin,2026-12-02,false",
                ])
            let final = try await f.governance.reviewItems(reviewID: review.id, as: Self.reviewer("lead", manages: true))
            #expect(final.filter { $0.followThrough == .confirmed }.count == 3)
            let progress = try await f.governance.progress(reviewID: review.id)
            #expect(progress.revoked == 3 && progress.confirmed == 3 && progress.stillPresent == 0)
        }
    }

    @Test func theDueDateGivesTheDefaultOutcomeAndStartsTheNextRound() async throws {
        try await Self.with { f in
            let due = Self.start + 7 * 86400
            let (review, items) = try await f.governance.createReview(
                AccessReview(
                    name: "CRM privileged", scope: ReviewScope(privilegedOnly: true), fallbackPersonID: f.people["erin"], startAt: Self.start,
                    dueAt: due, recurMonths: 6, defaultOutcome: .revoke), by: Self.admin)
            #expect(Set(items.map(\.account)) == ["alice", "carol", "zz9"] && items.allSatisfy(\.privileged))
            _ = try await f.governance.decide(
                reviewID: review.id, itemID: try #require(items.first { $0.account == "alice" }).id, decision: .keep, comment: "CRM admin",
                as: Self.reviewer("carol"))
            #expect(try await f.governance.closeDueReviews() == 0, "not due yet")

            f.clock.advance(by: 7 * 86400 + 1)
            #expect(try await f.governance.closeDueReviews() == 1)
            let closed = try #require(try await f.governance.review(id: review.id))
            #expect(closed.closedAt != nil)
            let outcome = try await f.governance.reviewItems(reviewID: review.id, as: Self.reviewer("lead", manages: true))
            #expect(outcome.filter { $0.decision == .revoke }.map(\.account).sorted() == ["carol", "zz9"])
            #expect(outcome.filter { $0.decision == .revoke }.allSatisfy { $0.decidedBy == "default outcome" && $0.followThrough == .pending })
            await #expect(throws: CoreError.self) {
                _ = try await f.governance.decide(
                    reviewID: review.id, itemID: outcome[0].id, decision: .keep, comment: "late", as: Self.reviewer("lead", manages: true))
            }
            // The next round is scheduled six months after the first began, and gets its items when it starts.
            let rounds = try await f.governance.reviews()
            let next = try #require(rounds.first { $0.review.previousID == review.id })
            #expect(next.review.closedAt == nil && next.progress.items == 0)
            #expect(next.review.startAt == Timestamp.parse("2027-06-03T08:00:00Z"))
            #expect(next.review.dueAt.timeIntervalSince(next.review.startAt) == due.timeIntervalSince(Self.start))
            f.clock.advance(by: next.review.startAt.timeIntervalSince(f.clock.now()) + 60)
            _ = try await f.governance.closeDueReviews()
            #expect(try await f.governance.progress(reviewID: next.review.id).items == 3)
        }
    }

    @Test func aCampaignRefusesWhatCannotWork() async throws {
        try await Self.with { f in
            do {
                _ = try await f.governance.createReview(
                    AccessReview(
                        name: " ", scope: ReviewScope(sourceIDs: ["nope"]), reviewers: .people(["ghost"]), fallbackPersonID: "nobody",
                        startAt: Self.start, dueAt: Self.start - 1, recurMonths: 40), by: Self.admin)
                Issue.record("an impossible campaign was started")
            } catch CoreError.invalid(let problems) {
                #expect(
                    Set(problems.map(\.field)) == [
                        "name", "due_at", "recur_months", "scope.source_ids[0]", "fallback_person_id", "reviewers.person_ids[0]",
                    ])
            }
            #expect(try await f.governance.reviews().isEmpty)
        }
    }
}
