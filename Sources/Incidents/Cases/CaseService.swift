// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// The incident-response use cases: cases from alerts or by hand, the NIST workflow with its SLAs, tasks,
/// comments, observables, timeline, evidence, playbooks, regulatory clocks, response actions, merges and
/// links. Every change is audited and, where it tells the story of the incident, written on the case's timeline.
public actor CaseService {
    nonisolated let store: any CaseStore
    public nonisolated let alerts: AlertService
    let audit: any AuditLog
    public nonisolated let clock: any WallClock
    let logger: Logger
    public nonisolated let settings: Settings
    public nonisolated let playbooks: PlaybookLibrary
    /// Where evidence files are kept.
    public nonisolated let evidenceFiles: any EvidenceStore
    let transport: (any ResponseActionTransport)?
    /// Where observables come from and where else they were seen (supplied by the application).
    let context: (any ObservableContext)?
    /// Who hears of assignments, mentions, status changes and SLA breaches.
    let notifier: CaseNotifier?

    public static let maximumTitleLength = 300
    public static let maximumTextLength = 50_000
    public static let maximumCommentLength = 10_000

    public struct Settings: Sendable {
        public var sla: CaseSLAPolicy
        public var regulatory: RegulatorySettings
        public var actions: [ResponseAction]
        public var maximumEvidenceBytes: Int
        /// The variables `${NAME}` in response actions' headers are filled from (the server's environment).
        public var actionEnvironment: [String: String]

        public init(
            sla: CaseSLAPolicy = .standard, regulatory: RegulatorySettings = RegulatorySettings(), actions: [ResponseAction] = [],
            maximumEvidenceBytes: Int = 100 << 20, actionEnvironment: [String: String] = [:]
        ) {
            self.actionEnvironment = actionEnvironment
            self.sla = sla
            self.regulatory = regulatory
            self.actions = actions
            self.maximumEvidenceBytes = maximumEvidenceBytes
        }
    }

    public init(
        store: any CaseStore, alerts: AlertService, audit: any AuditLog, clock: any WallClock, logger: Logger, settings: Settings = Settings(),
        playbooks: PlaybookLibrary = PlaybookLibrary(), evidenceFiles: any EvidenceStore, transport: (any ResponseActionTransport)? = nil,
        context: (any ObservableContext)? = nil, notifier: CaseNotifier? = nil
    ) {
        self.store = store
        self.alerts = alerts
        self.audit = audit
        self.clock = clock
        self.logger = logger
        self.settings = settings
        self.playbooks = playbooks
        self.evidenceFiles = evidenceFiles
        self.transport = transport
        self.context = context
        self.notifier = notifier
    }

    // MARK: Creating

    public struct NewCase: Sendable {
        public var title: String
        public var description: String
        public var severity: Severity?
        public var tlp: TLP
        public var pap: PAP
        public var tags: [String]
        public var assignee: String?
        public var alertIDs: [String]
        /// When the incident began, for a case without alerts (MTTD).
        public var firstEventAt: Date?

        public init(
            title: String, description: String = "", severity: Severity? = nil, tlp: TLP = .amber, pap: PAP = .amber, tags: [String] = [],
            assignee: String? = nil, alertIDs: [String] = [], firstEventAt: Date? = nil
        ) {
            self.title = title
            self.description = description
            self.severity = severity
            self.tlp = tlp
            self.pap = pap
            self.tags = tags
            self.assignee = assignee
            self.alertIDs = alertIDs
            self.firstEventAt = firstEventAt
        }
    }

    /// Opens a case, from alerts or by hand. A person opening a case from alerts acknowledges them. `matched`: the
    /// events of alerts just raised, by alert id, as detection handed them on; the observables are taken from them
    /// (other alerts' events are read back from the store).
    public func create(
        _ input: NewCase, matched: [String: [MatchedEvent]] = [:], by actor: AuditActor, automationKey: String? = nil
    ) async throws -> Case {
        var errors = Self.check(title: input.title, description: input.description)
        errors += Self.check(tags: input.tags)
        if input.alertIDs.count > 500 { errors.append(FieldError(field: "alert_ids", message: "at most 500 alerts")) }
        if input.severity == nil && input.alertIDs.isEmpty {
            errors.append(FieldError(field: "severity", message: "required for a case without alerts"))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let linked = try await loadAlerts(input.alertIDs)
        let now = clock.now()
        var item = Case(
            title: input.title.trimmingCharacters(in: .whitespacesAndNewlines), description: input.description,
            severity: input.severity ?? linked.map(\.severity).max() ?? .medium, tlp: input.tlp, pap: input.pap,
            tags: Self.normalise(tags: input.tags + linked.flatMap(\.tags).filter { !$0.hasPrefix("attack.") }.prefix(10)),
            assignee: input.assignee.flatMap { $0.isEmpty ? nil : $0 }, createdAt: now, createdBy: actor.username,
            detectedAt: linked.map(\.createdAt).min() ?? now, firstEventAt: linked.map(\.firstEventAt).min() ?? input.firstEventAt)
        item.automationKey = automationKey
        item.assetIDs = Array(Set(linked.compactMap(\.assetID))).sorted()
        if item.assignee != nil { item.acknowledgedAt = now }
        setDueDates(&item)
        item = try await store.create(item)
        try await note(item.id, .created, "Case \(item.reference) opened by \(actor.username)", by: actor)
        try await record(actor, "case.create", item.id, "title=\(item.title) severity=\(item.severity.rawValue) alerts=\(linked.count)")
        if !linked.isEmpty { item = try await attach(linked, to: item, matched: matched, by: actor) }
        if let assignee = item.assignee {
            await notify(.assigned, item, to: [assignee], "\(actor.username) assigned \(item.reference) to \(assignee)")
        }
        return item
    }

    /// Adds alerts to an open case (alerts already linked are skipped).
    public func addAlerts(caseID: String, alertIDs: [String], matched: [String: [MatchedEvent]] = [:], by actor: AuditActor) async throws -> Case {
        guard !alertIDs.isEmpty, alertIDs.count <= 500 else {
            throw CoreError.invalid([FieldError(field: "alert_ids", message: "1 to 500 alert ids")])
        }
        let item = try await get(caseID)
        guard item.isOpen else { throw CoreError.conflict("case \(item.reference) is closed; reopen it before adding alerts") }
        let linked = try await loadAlerts(alertIDs.filter { !item.alertIDs.contains($0) })
        return linked.isEmpty ? item : try await attach(linked, to: item, matched: matched, by: actor)
    }

    private func loadAlerts(_ ids: [String]) async throws -> [Alert] {
        var linked: [Alert] = []
        for id in Self.unique(ids) {
            guard let alert = try await alerts.findAlert(id: id) else { throw CoreError.notFound(kind: "alert", id: id) }
            linked.append(alert)
        }
        return linked
    }

    /// Links alerts: timeline entries at their first event, observables extracted, detection times and severity
    /// updated, and (for a person) the alerts acknowledged.
    private func attach(_ linked: [Alert], to original: Case, matched: [String: [MatchedEvent]], by actor: AuditActor) async throws -> Case {
        var item = original
        let person = actor.source != AuditActor.system.source
        for alert in linked {
            item.alertIDs.append(alert.id)
            if let asset = alert.assetID, !item.assetIDs.contains(asset) { item.assetIDs.append(asset) }
            var current = alert
            if person && alert.status == .new {
                current = try await alerts.update(id: alert.id, AlertService.Change(status: .acknowledged), by: actor)
            }
            if let acknowledged = current.acknowledgedAt, person { item.acknowledgedAt = min(item.acknowledgedAt ?? acknowledged, acknowledged) }
            try await note(
                item.id, .alert,
                "Alert: \(alert.title) (\(alert.severity.rawValue)\(alert.host.isEmpty ? "" : ", host \(alert.host)")\(alert.user.isEmpty ? "" : ", user \(alert.user)"), \(alert.count) match\(alert.count == 1 ? "" : "es"))",
                at: alert.firstEventAt, by: actor)
            for candidate in await candidates(alert, events: matched[alert.id]) {
                _ = try? await addObservable(
                    caseID: item.id, type: candidate.type, value: candidate.value, description: candidate.description,
                    source: "alert:\(alert.id)", by: actor, timeline: false)
            }
        }
        item.detectedAt = min(item.detectedAt, linked.map(\.createdAt).min() ?? item.detectedAt)
        if let first = linked.map(\.firstEventAt).min() { item.firstEventAt = min(item.firstEventAt ?? first, first) }
        item.severity = max(item.severity, linked.map(\.severity).max() ?? item.severity)
        item.updatedAt = clock.now()
        setDueDates(&item)
        try await store.update(item)
        try await record(actor, "case.alerts.add", item.id, "alerts=\(linked.map(\.id).joined(separator: ","))")
        return item
    }

    func candidates(_ alert: Alert, events: [MatchedEvent]?) async -> [ObservableCandidate] {
        var found: [ObservableCandidate] = []
        if !alert.host.isEmpty { found.append(ObservableCandidate(type: .host, value: alert.host, description: "host of alert \(alert.title)")) }
        if !alert.user.isEmpty { found.append(ObservableCandidate(type: .user, value: alert.user, description: "user of alert \(alert.title)")) }
        if let context { found += await context.candidates(for: alert, events: events.flatMap { $0.isEmpty ? nil : $0 }) }
        return found
    }

    // MARK: Reading

    public func get(_ id: String) async throws -> Case {
        guard let item = try await store.get(id: id) else { throw CoreError.notFound(kind: "case", id: id) }
        return item
    }

    public func timeline(caseID: String) async throws -> [TimelineEntry] {
        try await store.records(caseID: caseID, as: TimelineEntry.self).sorted { ($0.eventAt, $0.createdAt) < ($1.eventAt, $1.createdAt) }
    }

    public func tasks(caseID: String) async throws -> [CaseTask] {
        try await store.records(caseID: caseID, as: CaseTask.self).sorted {
            ($0.phase.order, $0.order, $0.createdAt) < ($1.phase.order, $1.order, $1.createdAt)
        }
    }

    // MARK: Helpers

    func setDueDates(_ item: inout Case) {
        item.acknowledgeDueAt = settings.sla.acknowledge[item.severity].map { item.detectedAt.addingTimeInterval($0) }
        item.resolveDueAt = settings.sla.resolve[item.severity].map { item.detectedAt.addingTimeInterval($0) }
    }

    /// Writes a timeline entry (at `at`, or now).
    func note(_ caseID: String, _ category: TimelineCategory, _ text: String, at: Date? = nil, by actor: AuditActor) async throws {
        let now = clock.now()
        try await store.save(TimelineEntry(caseID: caseID, category: category, eventAt: at ?? now, createdAt: now, actor: actor.username, text: text))
    }

    func record(_ actor: AuditActor, _ action: String, _ id: String, _ detail: String) async throws {
        try await audit.record(
            AuditEntry(time: clock.now(), actor: actor.username, action: action, target: "case:\(id)", source: actor.source, detail: detail))
    }

    func notify(_ kind: CaseNotice.Kind, _ item: Case, to recipients: [String], _ text: String) async {
        guard let notifier else { return }
        await notifier.send(
            CaseNotice(
                kind: kind, caseID: item.id, reference: item.reference, title: item.title, severity: item.severity,
                status: item.status, recipients: recipients, text: text, at: clock.now()))
    }

    static func check(title: String, description: String) -> [FieldError] {
        var errors: [FieldError] = []
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { errors.append(FieldError(field: "title", message: "required")) }
        if trimmed.count > maximumTitleLength { errors.append(FieldError(field: "title", message: "longer than \(maximumTitleLength) characters")) }
        if description.count > maximumTextLength {
            errors.append(FieldError(field: "description", message: "longer than \(maximumTextLength) characters"))
        }
        return errors
    }

    static func check(tags: [String]) -> [FieldError] {
        if tags.count > 30 { return [FieldError(field: "tags", message: "at most 30 tags")] }
        if let long = tags.first(where: { $0.count > 64 }) {
            return [FieldError(field: "tags", message: "'\(long.prefix(20))…' is longer than 64 characters")]
        }
        return []
    }

    /// The values in their first order, once each.
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    static func normalise<S: Sequence>(tags: S) -> [String] where S.Element == String {
        var seen: [String] = []
        for tag in tags {
            let value = tag.trimmingCharacters(in: .whitespaces).lowercased()
            if !value.isEmpty && !seen.contains(value) { seen.append(value) }
        }
        return seen
    }
}

extension CaseStatus {
    var order: Int { CaseStatus.allCases.firstIndex(of: self) ?? 0 }
}
