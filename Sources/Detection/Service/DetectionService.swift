// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging

/// A match as detection reports it: a rule, a correlation or an indicator, with the events behind it.
public struct DetectionHit: Sendable {
    public enum Kind: String, Sendable { case rule, correlation, intel }
    public var kind: Kind
    public var ruleID: String
    public var title: String
    public var severity: Severity
    public var tags: [String]
    public var eventIDs: [Int64]
    public var first: Date
    public var last: Date
    public var count: Int
    public var context: [String: String]
    public var description: String
}

/// One rule as the rules page and API show it.
public struct RuleInfo: Sendable {
    public enum State: String, Sendable, CaseIterable { case running, disabled, unmapped, rejected }
    public var rule: SigmaRule
    public var state: State
    /// Why it is not running.
    public var reason: String?
    public var kind: String {
        switch rule.kind {
        case .detection: return "detection"
        case .correlation: return "correlation"
        case .filter: return "filter"
        }
    }
}

/// Detection as the server runs it: the Sigma rules from the configured paths (reloadable without restart), the
/// switches and exclusions analysts set, and the threat-intelligence indicators, evaluated over each batch of
/// committed events. Every change by a person is audited.
public actor DetectionService {
    public struct Settings: Sendable {
        /// Rule files and directories.
        public var rulePaths: [String]
        /// Logsource mapping, field names and placeholders (YAML), added to the defaults.
        public var mappingFile: String?
        public var minimumLevel: SigmaLevel?
        /// When not empty, only rules with one of these tags (prefixes: `attack.t1059`) run.
        public var tags: [String]
        /// Rules whose path contains one of these do not run (`rules-threat-hunting/`, `deprecated/`).
        public var excludedPaths: [String]

        public init(
            rulePaths: [String] = [], mappingFile: String? = nil, minimumLevel: SigmaLevel? = nil, tags: [String] = [], excludedPaths: [String] = []
        ) {
            self.rulePaths = rulePaths
            self.mappingFile = mappingFile
            self.minimumLevel = minimumLevel
            self.tags = tags
            self.excludedPaths = excludedPaths
        }
    }

    public struct LoadReport: Sendable {
        public var loadedAt: Date
        public var seconds: Double
        public var files: Int
        public var running: Int
        public var correlations: Int
        public var filters: Int
        public var disabled: Int
        public var unmapped: Int
        public var errors: [SigmaLoadError]
    }

    public nonisolated let settings: Settings
    nonisolated let store: any DetectionStore
    let audit: any AuditLog
    let clock: any WallClock
    let logger: Logger
    private var engine: SigmaEngine?
    private var mapping = LogsourceMapping.defaults
    private var loadedRules: [SigmaRule] = []
    private var loadErrors: [SigmaLoadError] = []
    private var files = 0
    private var infos: [String: RuleInfo] = [:]
    private var order: [String] = []
    private var intel = IntelIndex([], now: Date())
    public private(set) var report: LoadReport?

    public init(settings: Settings, store: any DetectionStore, audit: any AuditLog, clock: any WallClock, logger: Logger) {
        self.settings = settings
        self.store = store
        self.audit = audit
        self.clock = clock
        self.logger = logger
    }

    // MARK: Loading

    /// Reads the rule files again and swaps the running rules (correlation windows start afresh). Errors in single
    /// rules are in the report; an unreadable mapping file fails the reload and keeps the running rules.
    @discardableResult
    public func reload(by actor: AuditActor? = nil) async throws -> LoadReport {
        let start = Date()
        let paths = settings.rulePaths
        var mapping = LogsourceMapping.defaults
        if let file = settings.mappingFile {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw CoreError.invalid([FieldError(field: "detection-config", message: "cannot read \(file)")])
            }
            do { mapping = try LogsourceMapping.load(yaml: text, path: file) } catch {
                throw CoreError.invalid([FieldError(field: "detection-config", message: "\(error)")])
            }
        }
        // Parsing thousands of YAML files is seconds of CPU: off the actor's executor.
        let loaded = await Task.detached(priority: .utility) { SigmaLoader.load(paths: paths) }.value
        self.mapping = mapping
        loadedRules = loaded.rules
        loadErrors = loaded.errors
        files = loaded.files
        try await rebuild(started: start)
        if let actor {
            try await record(actor, "detection.reload", "rules", "running=\(report?.running ?? 0) errors=\(report?.errors.count ?? 0)")
        }
        try await reloadIntel()
        return report!
    }

    /// Compiles the loaded rules with the current switches and exclusions.
    private func rebuild(started: Date = Date()) async throws {
        let overrides = try await store.overrides()
        var selection = RuleSelection()
        selection.minimumLevel = settings.minimumLevel
        selection.tags = settings.tags
        selection.excludedPaths = settings.excludedPaths
        for override in overrides {
            if override.enabled { selection.enabled.insert(override.ruleID) } else { selection.disabled.insert(override.ruleID) }
        }
        var options = SigmaEngine.Options()
        options.selection = selection
        let rules = loadedRules, mapping = self.mapping
        let exclusions = try await store.exclusions()
        let built = await Task.detached(priority: .utility) { () -> SigmaEngine in
            SigmaEngine(rules: rules, mapping: mapping, options: options)
        }.value
        let compiler = SigmaCompiler(mapping: mapping)
        var compiled: [DetectionExclusion] = []
        for exclusion in exclusions {
            guard let condition = try? compiler.condition(yaml: exclusion.condition) else {
                logger.warning("exclusion no longer compiles; skipped", metadata: ["id": "\(exclusion.id)"])
                continue
            }
            compiled.append(
                DetectionExclusion(
                    id: exclusion.id, ruleID: exclusion.ruleID, condition: condition, reason: exclusion.reason, expires: exclusion.expiresAt))
        }
        built.setExclusions(compiled)
        engine = built

        var infos: [String: RuleInfo] = [:]
        var order: [String] = []
        func add(_ rule: SigmaRule, _ state: RuleInfo.State, _ reason: String?) {
            if infos[rule.id] == nil { order.append(rule.id) }
            infos[rule.id] = RuleInfo(rule: rule, state: state, reason: reason)
        }
        for compiled in built.rules { add(compiled.rule, .running, nil) }
        for rule in built.correlations + built.filters { add(rule, .running, nil) }
        for (rule, reason) in built.disabled { add(rule, .disabled, reason) }
        for rule in built.unmapped { add(rule, .unmapped, "no logsource mapping for \(rule.logsource.description)") }
        let rejectedIDs = Dictionary(
            built.rejected.compactMap { error in error.ruleID.map { ($0, error.message) } }, uniquingKeysWith: { first, _ in first })
        for rule in loadedRules where rejectedIDs[rule.id] != nil && infos[rule.id]?.state != .running {
            add(rule, .rejected, rejectedIDs[rule.id])
        }
        self.infos = infos
        self.order = order.sorted {
            (infos[$0]!.rule.location.path, infos[$0]!.rule.location.line) < (infos[$1]!.rule.location.path, infos[$1]!.rule.location.line)
        }
        report = LoadReport(
            loadedAt: clock.now(), seconds: Date().timeIntervalSince(started), files: files, running: built.rules.count,
            correlations: built.correlations.count, filters: built.filters.count, disabled: built.disabled.count,
            unmapped: built.unmapped.count, errors: loadErrors + built.rejected)
        logger.info(
            "detection rules loaded",
            metadata: [
                "running": "\(built.rules.count)", "errors": "\(report!.errors.count)",
                "unmapped": "\(built.unmapped.count)", "disabled": "\(built.disabled.count)",
            ])
    }

    public func reloadIntel() async throws {
        intel = IntelIndex(try await store.allIndicators(), now: clock.now())
    }

    // MARK: Evaluation

    /// Every rule, correlation and indicator match in a batch of committed events, in event order.
    public func evaluate(_ events: [(id: Int64, event: DetectionEvent)]) -> [DetectionHit] {
        let now = clock.now()
        var hits: [DetectionHit] = []
        for (id, event) in events {
            if let engine {
                for match in engine.evaluate(event, reference: id, now: now) {
                    switch match {
                    case .rule(let match):
                        let rule = match.rule
                        hits.append(
                            DetectionHit(
                                kind: .rule, ruleID: rule.id, title: rule.title, severity: Self.severity(rule.level), tags: rule.tags,
                                eventIDs: [id], first: event.time, last: event.time, count: 1, context: [:], description: rule.description ?? ""))
                    case .correlation(let match):
                        let rule = match.rule
                        var context: [String: String] = ["correlation_events": String(match.count)]
                        for (field, value) in match.group { context["group.\(field)"] = value }
                        hits.append(
                            DetectionHit(
                                kind: .correlation, ruleID: rule.id, title: rule.title, severity: Self.severity(rule.level), tags: rule.tags,
                                eventIDs: match.events, first: match.first, last: match.last, count: 1, context: context,
                                description: rule.description ?? ""))
                    }
                }
            }
            for match in intel.matches(event.fields, now: now) {
                let indicator = match.indicator
                hits.append(
                    DetectionHit(
                        kind: .intel, ruleID: "intel:\(indicator.id)", title: "Threat intelligence: \(indicator.kind.rawValue) \(indicator.value)",
                        severity: indicator.confidence >= 80 ? .high : indicator.confidence >= 50 ? .medium : .low, tags: indicator.tags,
                        eventIDs: [id], first: event.time, last: event.time, count: 1,
                        context: [
                            "indicator": indicator.value, "indicator_kind": indicator.kind.rawValue, "indicator_source": indicator.source,
                            "confidence": String(indicator.confidence), "field": match.field, "value": match.value,
                        ],
                        description: indicator.description))
            }
        }
        return hits
    }

    static func severity(_ level: SigmaLevel?) -> Severity {
        level.flatMap { Severity(rawValue: $0.rawValue) } ?? .medium
    }

    // MARK: Rules

    public struct RuleFilter: Sendable {
        public var text: String?
        public var state: RuleInfo.State?
        public var level: SigmaLevel?
        public var tag: String?
        public init(text: String? = nil, state: RuleInfo.State? = nil, level: SigmaLevel? = nil, tag: String? = nil) {
            self.text = text
            self.state = state
            self.level = level
            self.tag = tag
        }
    }

    public func rules(_ filter: RuleFilter = RuleFilter()) -> [RuleInfo] {
        order.compactMap { infos[$0] }.filter { info in
            if let state = filter.state, info.state != state { return false }
            if let level = filter.level, info.rule.level != level { return false }
            if let tag = filter.tag?.lowercased(), !info.rule.tags.contains(where: { $0.lowercased().hasPrefix(tag) }) { return false }
            if let text = filter.text?.lowercased(), !text.isEmpty {
                let haystack = [info.rule.title, info.rule.id, info.rule.location.path, info.rule.description ?? ""].joined(separator: " ")
                    .lowercased()
                if !haystack.contains(text) { return false }
            }
            return true
        }
    }

    public func rule(id: String) -> RuleInfo? { infos[id] }

    public func counts() -> [RuleInfo.State: Int] {
        var counts: [RuleInfo.State: Int] = [:]
        for info in infos.values { counts[info.state, default: 0] += 1 }
        return counts
    }

    /// Switches a rule on or off (kept across restarts and reloads).
    public func setEnabled(ruleID: String, enabled: Bool, by actor: AuditActor) async throws -> RuleInfo {
        guard infos[ruleID] != nil else { throw CoreError.notFound(kind: "rule", id: ruleID) }
        try await store.setOverride(RuleOverride(ruleID: ruleID, enabled: enabled, changedBy: actor.username, changedAt: clock.now()))
        try await rebuild()
        try await record(actor, enabled ? "detection.rule.enable" : "detection.rule.disable", "rule:\(ruleID)", "")
        return infos[ruleID]!
    }

    // MARK: Exclusions

    public func exclusions() async throws -> [StoredExclusion] { try await store.exclusions() }

    public func createExclusion(ruleID: String?, condition: String, reason: String, expiresAt: Date?, by actor: AuditActor) async throws
        -> StoredExclusion
    {
        var errors: [FieldError] = []
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { errors.append(FieldError(field: "reason", message: "say why these matches are expected")) }
        if reason.count > 1000 { errors.append(FieldError(field: "reason", message: "longer than 1,000 characters")) }
        if condition.count > 10_000 { errors.append(FieldError(field: "condition", message: "longer than 10,000 characters")) }
        if let ruleID, infos[ruleID] == nil { errors.append(FieldError(field: "rule_id", message: "no loaded rule has id \(ruleID)")) }
        if let expiresAt, expiresAt <= clock.now() { errors.append(FieldError(field: "expires_at", message: "must be in the future")) }
        do {
            _ = try SigmaCompiler(mapping: mapping).condition(yaml: condition)
        } catch {
            errors.append(FieldError(field: "condition", message: "\(error)"))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let exclusion = StoredExclusion(
            ruleID: ruleID, condition: condition, reason: reason, expiresAt: expiresAt, createdBy: actor.username, createdAt: clock.now())
        try await store.createExclusion(exclusion)
        try await rebuild()
        try await record(
            actor, "detection.exclusion.create", "exclusion:\(exclusion.id)",
            "rule=\(ruleID ?? "*") expires=\(expiresAt.map(Timestamp.format) ?? "never") reason=\(reason)")
        return exclusion
    }

    public func deleteExclusion(id: String, by actor: AuditActor) async throws {
        guard try await store.deleteExclusion(id: id) else { throw CoreError.notFound(kind: "exclusion", id: id) }
        try await rebuild()
        try await record(actor, "detection.exclusion.delete", "exclusion:\(id)", "")
    }

    // MARK: Indicators

    public struct IndicatorReport: Sendable {
        public var created: Int
        public var updated: Int
        public var rejected: [IndicatorImport.Rejected]
        public var applied: Bool
    }

    /// Imports indicators. A feed (STIX, MISP) applies what it can and reports the rest; a CSV, the user's own
    /// file, applies all or nothing unless `partial`.
    public func importIndicators(_ data: Data, format: IndicatorImport.Format?, source: String, partial: Bool, by actor: AuditActor) async throws
        -> IndicatorReport
    {
        let format = format ?? IndicatorImport.detect(data)
        let result: IndicatorImport.Result
        do {
            result = try IndicatorImport.parse(data, format: format, source: source, now: clock.now())
        } catch {
            throw CoreError.invalid([FieldError(field: "file", message: "\(error)")])
        }
        if format == .csv, !partial, !result.rejected.isEmpty {
            return IndicatorReport(created: 0, updated: 0, rejected: result.rejected, applied: false)
        }
        let (created, updated) = try await store.upsertIndicators(result.indicators)
        try await reloadIntel()
        try await record(
            actor, "intel.import", "indicators",
            "format=\(format.rawValue) source=\(source) created=\(created) updated=\(updated) rejected=\(result.rejected.count)")
        return IndicatorReport(created: created, updated: updated, rejected: result.rejected, applied: true)
    }

    public func addIndicator(
        value: String, kind: Indicator.Kind?, source: String, confidence: Int, expiresAt: Date?, description: String,
        by actor: AuditActor
    ) async throws -> Indicator {
        var errors: [FieldError] = []
        let normalised: (Indicator.Kind, String)? =
            kind.map { kind in Indicator.normalise(value, as: kind).map { (kind, $0) } } ?? Indicator.classify(value)
        if normalised == nil {
            errors.append(
                FieldError(
                    field: "value",
                    message:
                        "'\(value.prefix(100))' is not \(kind.map { "a valid \($0.rawValue)" } ?? "an IP, CIDR, domain, URL, hash or email address")")
            )
        }
        if !(0...100).contains(confidence) { errors.append(FieldError(field: "confidence", message: "must be from 0 to 100")) }
        if source.isEmpty || source.count > 200 { errors.append(FieldError(field: "source", message: "1 to 200 characters")) }
        if description.count > 2000 { errors.append(FieldError(field: "description", message: "longer than 2,000 characters")) }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let indicator = Indicator(
            kind: normalised!.0, value: normalised!.1, source: source, confidence: confidence, expiresAt: expiresAt,
            description: description, createdAt: clock.now())
        _ = try await store.upsertIndicators([indicator])
        try await reloadIntel()
        try await record(actor, "intel.create", "indicator:\(indicator.kind.rawValue):\(indicator.value)", "source=\(source)")
        return indicator
    }

    public func deleteIndicator(id: String, by actor: AuditActor) async throws {
        guard try await store.deleteIndicator(id: id) else { throw CoreError.notFound(kind: "indicator", id: id) }
        try await reloadIntel()
        try await record(actor, "intel.delete", "indicator:\(id)", "")
    }

    public var indicatorCount: Int { intel.count }

    /// The active indicators that match one value (an address inside a CIDR, a subdomain of a domain indicator…).
    public func intelLookup(_ value: String) -> [Indicator] {
        guard let (kind, normalised) = Indicator.classify(value) else { return [] }
        let searched: Indicator.Kind = kind == .cidr ? .ip : kind
        guard let field = IntelIndex.fields.first(where: { $0.kind == searched })?.names.first else { return [] }
        return intel.matches([field: .string(normalised)], now: clock.now()).map(\.indicator)
    }

    private func record(_ actor: AuditActor, _ action: String, _ target: String, _ detail: String) async throws {
        try await audit.record(
            AuditEntry(time: clock.now(), actor: actor.username, action: action, target: target, source: actor.source, detail: detail))
    }
}
