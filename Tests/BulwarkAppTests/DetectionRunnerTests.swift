// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging
import Metrics
import Monitoring
import Testing
@testable import BulwarkApp

/// Events committed while detection was not running (a crash between commit and evaluation, or `bulwark ingest`
/// into the data directory) are evaluated at the next start, once.
@Suite struct DetectionRunnerTests {
    static let rule = """
        title: Root login
        id: 55555555-5555-4555-8555-555555555555
        level: high
        logsource: {product: linux, service: sshd}
        detection:
            keywords: ['Accepted password for root']
            condition: keywords
        """

    @Test func eventsStoredWhileDetectionWasDownAreEvaluatedAtTheNextStartOnce() async throws {
        try await CommandTests.withDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
            try Self.rule.write(toFile: directory + "/rules/root.yml", atomically: true, encoding: .utf8)
            var logger = Logger(label: "test")
            logger.logLevel = .warning
            let platform = try await CommandTests.open(directory)
            let normaliser = Normaliser()
            func login(_ host: String) -> Event {
                normaliser.line(
                    "<38>Nov 28 22:10:03 \(host) sshd[99]: Accepted password for root from 192.0.2.10 port 51522 ssh2", input: "file",
                    received: Date())
            }
            func runner() -> DetectionRunner {
                DetectionRunner(
                    detection: platform.detection.service, alerts: platform.incidents.alerts,
                    events: platform.monitoring.events, inventory: platform.foundation.inventory, store: platform.detection.store,
                    metrics: NOOPMetricsHandler.instance, logger: logger)
            }
            // Stored before detection ever ran (as `bulwark ingest` does): evaluated at the first start.
            try await platform.monitoring.events.append([login("a")])
            await runner().start()
            // What follows the alert gets the matched event with it, so a case needs no second read of the store.
            let raised = try #require(await platform.incidents.followUp.queue.next()?.first)
            #expect(raised.created && raised.alert.host == "a")
            #expect(raised.events.map(\.id) == raised.alert.eventIDs)
            #expect(raised.events.first?.fields["source.ip"] == "192.0.2.10")
            // Stored by a server that stopped before evaluating: evaluated at the next start; "a" is not evaluated again.
            try await platform.monitoring.events.append([login("b"), login("c")])
            let second = runner()
            await second.start()
            await second.start()
            let alerts = try await platform.incidents.alerts.listAlerts(AlertQuery(statuses: AlertStatus.allCases), page: PageRequest()).items
            #expect(alerts.map(\.host).sorted() == ["a", "b", "c"])
            #expect(alerts.allSatisfy { $0.count == 1 })
            #expect(try await platform.detection.store.checkpoint() == (try await platform.monitoring.events.lastID()))
            await platform.close()
        }
    }

    /// The feed never holds up the pipeline's writer: with room for one batch, the others are left out, and
    /// detection reads them back from the store; every event is evaluated once.
    @Test func batchesTheFeedHadNoRoomForAreReadFromTheStoreOnce() async throws {
        try await CommandTests.withDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
            try Self.rule.write(toFile: directory + "/rules/root.yml", atomically: true, encoding: .utf8)
            var logger = Logger(label: "test")
            logger.logLevel = .error
            let platform = try await CommandTests.open(directory)
            let feed = CommittedFeed(capacity: 1)
            let pipeline = IngestPipeline(store: platform.monitoring.events, feed: feed, logger: logger)
            let runner = DetectionRunner(
                detection: platform.detection.service, alerts: platform.incidents.alerts, events: platform.monitoring.events,
                inventory: platform.foundation.inventory, store: platform.detection.store, feed: feed,
                metrics: NOOPMetricsHandler.instance, logger: logger)
            await runner.start()
            let writer = Task { await pipeline.run() }
            let normaliser = Normaliser()
            for host in ["a", "b", "c", "d"] {
                try await pipeline.submit([
                    normaliser.line(
                        "<38>Nov 28 22:10:03 \(host) sshd[99]: Accepted password for root from 192.0.2.10 port 51522 ssh2",
                        input: "file", received: Date())
                ])
            }
            await pipeline.shutdown()
            await writer.value
            // Only the first batch was kept; the feed is finished, so following it returns after the catch-up.
            await runner.follow()
            let alerts = try await platform.incidents.alerts.listAlerts(AlertQuery(statuses: AlertStatus.allCases), page: PageRequest()).items
            #expect(alerts.map(\.host).sorted() == ["a", "b", "c", "d"])
            #expect(alerts.allSatisfy { $0.count == 1 }, "nothing evaluated twice")
            #expect(try await platform.detection.store.checkpoint() == (try await platform.monitoring.events.lastID()))
            await platform.close()
        }
    }
}

/// Observables of a case opened from an alert come from the events detection handed on; only without them are the
/// alert's events read back from the store.
@Suite struct ObservableCandidateTests {
    @Test func handedOnEventsAreUsedAndTheStoreOnlyWithoutThem() async throws {
        try await CommandTests.withDirectory { directory in
            let platform = try await CommandTests.open(directory)
            let context = PlatformObservableContext(
                events: platform.monitoring.events, alerts: platform.incidents.alerts, detection: platform.detection.service, clock: SystemClock())
            // The alert names an event the store does not have: only what was handed on can be found.
            let alert = Alert(
                title: "Brute force", source: .sigma, ruleID: "r", severity: .high, host: "web-1", groupKey: "k", eventIDs: [424_242],
                firstEventAt: Date(), lastEventAt: Date(), createdAt: Date())
            let handedOn = [MatchedEvent(id: 424_242, fields: ["source.ip": "203.0.113.7", "url.domain": "evil.example", "process.name": "x"])]
            let found = await context.candidates(for: alert, events: handedOn)
            #expect(Set(found.map { "\($0.type.rawValue):\($0.value)" }) == ["ip:203.0.113.7", "domain:evil.example"])
            #expect(await context.candidates(for: alert, events: nil).isEmpty, "read from the store, which has no such event")
            // An event the store keeps is read when nothing was handed on.
            try await platform.monitoring.events.append([
                Event(timestamp: Date(), received: Date(), host: "web-1", input: "test", raw: "x", fields: ["source.ip": .string("198.51.100.9")])
            ])
            let stored = try #require(try await platform.monitoring.events.lastID())
            var kept = alert
            kept.eventIDs = [stored]
            #expect(await context.candidates(for: kept, events: nil).map(\.value) == ["198.51.100.9"])
            await platform.close()
        }
    }

    @Test func failedGuessesAreNotObservablesAndSightingsMatchTheFieldsOfTheType() async throws {
        try await CommandTests.withDirectory { directory in
            let platform = try await CommandTests.open(directory)
            let context = PlatformObservableContext(
                events: platform.monitoring.events, alerts: platform.incidents.alerts, detection: platform.detection.service, clock: SystemClock())
            let alert = Alert(
                title: "SSH brute force", source: .sigma, ruleID: "r", severity: .high, host: "bastion", groupKey: "k", eventIDs: [1, 2, 3],
                firstEventAt: Date(), lastEventAt: Date(), createdAt: Date())
            let handedOn = [
                MatchedEvent(id: 1, fields: ["source.ip": "198.51.100.23", "user.name": "oracle", "event.outcome": "failure"]),
                MatchedEvent(id: 2, fields: ["source.ip": "198.51.100.23", "user.name": "test", "event.outcome": "failure"]),
                MatchedEvent(id: 3, fields: ["source.ip": "198.51.100.23", "user.name": "deploy", "event.outcome": "success"]),
            ]
            let found = await context.candidates(for: alert, events: handedOn)
            #expect(Set(found.map { "\($0.type.rawValue):\($0.value)" }) == ["ip:198.51.100.23", "user:deploy"])

            let now = Date()
            func event(_ raw: String, _ fields: [String: FieldValue]) -> Event {
                Event(timestamp: now, received: now, host: "bastion", input: "test", raw: raw, fields: fields)
            }
            try await platform.monitoring.events.append([
                event("Accepted password for user from 10.0.0.5", ["user.name": .string("user"), "source.ip": .string("10.0.0.5")]),
                event("Failed password for invalid user admin from 10.0.0.6", ["user.name": .string("admin"), "source.ip": .string("10.0.0.6")]),
                event("Failed password for invalid user root from 10.0.0.6", ["user.name": .string("root"), "source.ip": .string("10.0.0.6")]),
                event("connection from 10.0.0.5 refused by the user's rule", [:]),
            ])
            let user = await context.sightings(of: .user, value: "user")
            #expect(user.events == 1, "the one event whose user is 'user', not every line with the word")
            #expect(user.eventQuery == #"(user.name:"user" OR user.target.name:"user")"#)
            let ip = await context.sightings(of: .ip, value: "10.0.0.5")
            #expect(ip.events == 1, "the address where addresses are written, not in free text")
            await platform.close()
        }
    }

    @Test func aCorrelationNamesTheUserWhoGotInAndListsEveryUserItsEventsName() {
        func event(_ user: String, _ outcome: String) -> Event {
            Event(
                timestamp: Date(), received: Date(), host: "bastion", input: "test", raw: "",
                fields: [
                    "user.name": .string(user), "event.outcome": .string(outcome),
                ])
        }
        let events = [event("oracle", "failure"), event("test", "failure"), event("Oracle", "failure"), event("deploy", "success")]
        #expect(DetectionRunner.succeededUser(events) == "deploy")
        #expect(DetectionRunner.succeededUser(Array(events.prefix(3))) == nil)
        #expect(DetectionRunner.users(events) == "oracle, test, deploy", "distinct, case-insensitively, in order")
        #expect(DetectionRunner.users((0..<25).map { event("u\($0)", "failure") })?.hasSuffix("u19 +5 more") == true)
        #expect(DetectionRunner.users([]) == nil)
    }
}
