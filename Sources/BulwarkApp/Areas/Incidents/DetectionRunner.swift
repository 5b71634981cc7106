// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Detection
import Foundation
import Incidents
import Logging
import Metrics
import Monitoring
import ServiceLifecycle

/// Detection as a service of its own, fed by the pipeline's ``CommittedFeed``: each committed batch goes through
/// detection; its hits become alert signals (with the event's host, user and inventory asset) for the alert service;
/// then the checkpoint moves past the batch. It lives in the Incidents area because a batch counts as evaluated only
/// once its alerts are written: the piece that writes alerts moves the checkpoint.
///
/// Exactly once: on start, events committed after the checkpoint (by a server that stopped before evaluating them,
/// or by `bulwark ingest` into the data directory) are evaluated first, at most ``catchUpLimit`` of them; a batch the
/// feed had no room for is read back from the store; events at or below the checkpoint are never evaluated again.
public actor DetectionRunner {
    let detection: DetectionService
    let alerts: AlertService
    let events: any EventStore
    let assets: AssetResolver
    let store: any DetectionStore
    let feed: CommittedFeed?
    let logger: Logger
    let evaluated: Counter
    let hitCounter: (DetectionHit.Kind) -> Counter
    /// Receipt of an event to its evaluation: how long an attack can run before its rule has seen it.
    let delay: Timer
    let clock: any WallClock
    private var lastID: Int64 = 0

    /// Most events evaluated in one catch-up at start (the rest is left: detection is for fresh events).
    public static let catchUpLimit = 500_000

    public init(
        detection: DetectionService, alerts: AlertService, events: any EventStore, inventory: InventoryService, store: any DetectionStore,
        feed: CommittedFeed? = nil, metrics: any MetricsFactory, clock: any WallClock = SystemClock(), logger: Logger
    ) {
        self.clock = clock
        delay = Timer(label: "bulwark_detection_delay_seconds", factory: metrics)
        self.detection = detection
        self.feed = feed
        self.alerts = alerts
        self.events = events
        self.assets = AssetResolver(inventory: inventory)
        self.store = store
        self.logger = logger
        evaluated = Counter(label: "bulwark_detection_events_total", factory: metrics)
        hitCounter = { kind in Counter(label: "bulwark_detection_hits_total", dimensions: [("kind", kind.rawValue)], factory: metrics) }
    }

    /// Loads the rules and catches up, then evaluates the feed's batches until the pipeline ends the feed (after
    /// its last commit, on shutdown): everything committed before the server stops is evaluated.
    public func run() async {
        await start()
        await follow()
    }

    /// Evaluates the feed's batches until the pipeline ends the feed (``run()`` without the start).
    public func follow() async {
        guard let feed else { return }
        for await batch in feed.batches {
            if feed.takeMissed() { await catchUp() }
            await handle(batch)
        }
        if feed.takeMissed() { await catchUp() }
    }

    /// Loads the rules and evaluates what was committed but not evaluated.
    public func start() async {
        do {
            try await detection.reload()
        } catch {
            logger.error("detection rules could not be loaded; detection is off until a reload succeeds", metadata: ["error": "\(error)"])
        }
        do {
            let last = try await events.lastID()
            // Never evaluated (a new database, or events ingested from files before the first start): the most recent
            // events are, up to the catch-up limit.
            lastID = try await store.checkpoint() ?? max(0, last - Int64(Self.catchUpLimit))
            let caughtUp = try await evaluateStored(through: last, limit: Self.catchUpLimit)
            if last > lastID { lastID = last }
            try await store.setCheckpoint(lastID)
            if caughtUp > 0 { logger.notice("detection evaluated events stored while it was not running", metadata: ["events": "\(caughtUp)"]) }
        } catch {
            logger.error("detection could not catch up", metadata: ["error": "\(error)"])
        }
    }

    /// Reads from the store what the feed had no room for: everything committed after the checkpoint.
    func catchUp() async {
        do {
            let caughtUp = try await evaluateStored(through: try await events.lastID(), limit: .max)
            logger.warning("detection fell behind ingestion and read the events it missed from the store", metadata: ["events": "\(caughtUp)"])
        } catch {
            logger.error("detection could not read the events it missed", metadata: ["error": "\(error)"])
        }
    }

    private func evaluateStored(through last: Int64, limit: Int) async throws -> Int {
        var evaluated = 0
        while lastID < last, evaluated < limit {
            let batch = try await events.events(after: lastID, limit: 2000).filter { $0.id <= last }
            if batch.isEmpty { break }
            try await process(batch)
            evaluated += batch.count
        }
        return evaluated
    }

    /// One committed batch; events at or below the checkpoint were evaluated already and are skipped.
    public func handle(_ batch: [StoredEvent]) async {
        let fresh = batch.filter { $0.id > lastID }
        guard !fresh.isEmpty else { return }
        do {
            try await process(fresh)
        } catch {
            logger.error("detection failed for a batch", metadata: ["events": "\(fresh.count)", "error": "\(error)"])
        }
    }

    private func process(_ batch: [StoredEvent]) async throws {
        let input = batch.map { stored in
            (id: stored.id, event: DetectionEvent(fields: stored.event.fields, raw: stored.event.raw, time: stored.event.timestamp))
        }
        let hits = await detection.evaluate(input)
        evaluated.increment(by: batch.count)
        let now = clock.now()
        for stored in batch { delay.recordNanoseconds(Int64(max(0, now.timeIntervalSince(stored.event.received)) * 1e9)) }
        if !hits.isEmpty {
            let byID = Dictionary(batch.map { ($0.id, $0.event) }, uniquingKeysWith: { first, _ in first })
            var signals: [AlertSignal] = []
            for hit in hits {
                hitCounter(hit.kind).increment()
                let event = hit.eventIDs.last.flatMap { byID[$0] }
                let host = event?.host ?? hit.context["group.Computer"] ?? ""
                // A correlation's events share only its group: a user is named when it groups by one, or when one of
                // its events succeeded (the account a brute force got into); every user its events name is listed.
                var user = hit.kind == .correlation ? Self.groupUser(hit.context) : (event?.subjectUser ?? "")
                var context = hit.context
                let named = hit.eventIDs.compactMap { byID[$0] }
                if hit.kind == .correlation, user.isEmpty, let success = Self.succeededUser(named) { user = success }
                if let users = Self.users(named), users.contains(",") || user.isEmpty { context["users"] = users }
                signals.append(
                    AlertSignal(
                        title: hit.title, source: hit.kind == .rule ? .sigma : hit.kind == .correlation ? .correlation : .intel, ruleID: hit.ruleID,
                        severity: hit.severity, tags: hit.tags, host: host, user: user, assetID: await assets.assetID(host: host, event: event),
                        eventIDs: hit.eventIDs, firstEventAt: hit.first, lastEventAt: hit.last, count: hit.count, context: context,
                        description: hit.description,
                        events: hit.eventIDs.suffix(MatchedEvent.maximumPerSignal).compactMap { id in
                            byID[id].map { MatchedEvent(id: id, fields: $0.fields.mapValues(\.text)) }
                        }))
            }
            try await alerts.raise(signals)
        }
        if let last = batch.last?.id {
            try await store.setCheckpoint(last)
            lastID = max(lastID, last)
        }
    }

    /// The user of the last of these events that succeeded (`event.outcome: success`), if one did.
    static func succeededUser(_ events: [Event]) -> String? {
        events.last { $0.fields["event.outcome"]?.text == "success" && $0.subjectUser != nil }?.subjectUser
    }

    /// Every distinct user the events name, in order of first appearance: "a, b, c" (at most 20, then "+N more").
    static func users(_ events: [Event]) -> String? {
        var seen = Set<String>()
        var names: [String] = []
        for event in events {
            guard let user = event.subjectUser, seen.insert(user.lowercased()).inserted else { continue }
            names.append(user)
        }
        guard !names.isEmpty else { return nil }
        return names.prefix(20).joined(separator: ", ") + (names.count > 20 ? " +\(names.count - 20) more" : "")
    }

    /// The user a correlation's group names, if it groups by one of the user fields.
    static func groupUser(_ context: [String: String]) -> String {
        for name in Event.userFields + ["user"] {
            if let value = context["group.\(name)"], !value.isEmpty { return value }
        }
        return ""
    }
}

/// Host names and addresses → inventory asset, from a copy of the inventory refreshed every minute.
actor AssetResolver {
    let inventory: InventoryService
    private var index: [String: String] = [:]
    private var loadedAt: Date?

    init(inventory: InventoryService) { self.inventory = inventory }

    func assetID(host: String, event: Event?) async -> String? {
        if loadedAt.map({ Date().timeIntervalSince($0) > 60 }) ?? true { await refresh() }
        var keys = [host.lowercased()]
        if let short = host.split(separator: ".").first { keys.append(short.lowercased()) }
        for field in ["host.ip", "source.ip"] { if let ip = event?.fields[field]?.text { keys.append(ip.lowercased()) } }
        for key in keys where !key.isEmpty { if let id = index[key] { return id } }
        return nil
    }

    private func refresh() async {
        loadedAt = Date()
        var index: [String: String] = [:]
        var cursor: String?
        repeat {
            guard let page = try? await inventory.listAssets(AssetQuery(), page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor)) else {
                break
            }
            for asset in page.items {
                for key in [asset.name] + asset.hostnames + asset.ips { index[key.lowercased()] = asset.id }
                for hostname in asset.hostnames {
                    if let short = hostname.split(separator: ".").first {
                        index[String(short).lowercased()] = index[String(short).lowercased()] ?? asset.id
                    }
                }
            }
            cursor = page.next
        } while cursor != nil && index.count < 200_000
        self.index = index
    }
}

/// Runs detection with the server. Listed just before the pipeline's service, so that on shutdown it is stopped
/// after it: the pipeline commits what it holds and ends the feed, detection evaluates it, and then waits for its
/// own turn to stop (a service that ends before its turn makes the group cancel the others).
struct DetectionRunnerService: Service {
    let runner: DetectionRunner

    func run() async throws {
        await runner.run()
        try? await gracefulShutdown()
    }
}
