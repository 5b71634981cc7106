// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A rule that matched one event.
public struct RuleMatch: Sendable {
    public var rule: SigmaRule
    public var event: Int64
}

/// A correlation rule that fired: the events that made it fire and the group they share.
public struct CorrelationMatch: Sendable {
    public var rule: SigmaRule
    public var events: [Int64]
    public var group: [(field: String, value: String)]
    public var first: Date
    public var last: Date
    /// The number of events in the window (may exceed `events`, which is bounded).
    public var count: Int
}

public enum DetectionMatch: Sendable {
    case rule(RuleMatch)
    case correlation(CorrelationMatch)
}

/// The rules in force, compiled and indexed by the channel and event ID their logsource requires, with the state of
/// the correlation rules. Not thread-safe: one owner feeds it events in order (the server's detection actor, or the
/// offline `bulwark sigma eval`); hence `@unchecked Sendable`: it may be handed over, not shared.
public final class SigmaEngine: @unchecked Sendable {
    public struct Options: Sendable {
        /// Match on detection alone (`--no-logsource`).
        public var ignoreLogsource = false
        public var selection = RuleSelection()
        /// Bounds on correlation state: groups per correlation rule, events kept per group.
        public var maximumGroups = 10_000
        public var maximumEventsPerGroup = 1_000
        public init() {}
    }

    public private(set) var rules: [CompiledRule] = []
    public private(set) var correlations: [SigmaRule] = []
    public private(set) var filters: [SigmaRule] = []
    /// Rules that could not be compiled (or correlations/filters that name unknown rules), with the reason.
    public private(set) var rejected: [SigmaLoadError] = []
    /// Rules whose logsource has no mapping: they do not run unless logsource is ignored.
    public private(set) var unmapped: [SigmaRule] = []
    /// Rules not run because of the selection, with the reason.
    public private(set) var disabled: [(rule: SigmaRule, reason: String)] = []
    public let options: Options

    private var byChannel: [String: Bucket] = [:]
    private var unindexed = CandidateList(rules: [], detections: [])
    private let scratch = LiteralPrefilter.Scratch()
    private var channelPath: FieldPath
    private var eventIDPath: FieldPath
    /// Rule index → whether its match is reported on its own (not only feeding correlations).
    private var standalone: [Bool] = []
    private var correlationStates: [CorrelationState] = []
    /// Rule index → correlation states fed by it.
    private var feeds: [Int: [Int]] = [:]
    private var exclusions: [DetectionExclusion] = []

    private struct Bucket {
        var byEventID: [String: CandidateList] = [:]
        var any: CandidateList
    }

    /// Rules that share an index key, with the literal prefilter over their detections.
    private struct CandidateList {
        var rules: [Int]
        var prefilter: LiteralPrefilter

        init(rules: [Int], detections: [MatchNode]) {
            self.rules = rules
            prefilter = LiteralPrefilter(detections)
        }
    }

    public init(rules sigmaRules: [SigmaRule], mapping: LogsourceMapping = .defaults, options: Options = Options()) {
        self.options = options
        let compiler = SigmaCompiler(mapping: mapping)
        channelPath = mapping.path("Channel")
        eventIDPath = mapping.path("EventID")
        var seenIDs = Set<String>()
        for rule in sigmaRules {
            switch rule.kind {
            case .correlation:
                // A correlation is switched off by its id, as a detection is (levels and tags choose detections).
                if options.selection.disabled.contains(rule.id) && !options.selection.enabled.contains(rule.id) {
                    disabled.append((rule, "disabled"))
                } else {
                    correlations.append(rule)
                }
            case .filter: filters.append(rule)
            case .detection:
                if !seenIDs.insert(rule.id).inserted {
                    rejected.append(SigmaLoadError(rule.location, "duplicate rule id \(rule.id)", ruleID: rule.id))
                    continue
                }
                if let reason = options.selection.reasonDisabled(rule) {
                    disabled.append((rule, reason))
                    continue
                }
                do {
                    let compiled = try compiler.compile(rule)
                    if !compiled.isMapped && !options.ignoreLogsource {
                        unmapped.append(rule)
                        continue
                    }
                    rules.append(compiled)
                } catch let error as SigmaCompiler.CompileError {
                    rejected.append(SigmaLoadError(SourceLocation(path: rule.location.path, line: error.line), error.message, ruleID: rule.id))
                } catch {
                    rejected.append(SigmaLoadError(rule.location, "\(error)", ruleID: rule.id))
                }
            }
        }
        applyFilters(compiler: compiler)
        buildIndex()
        standalone = Array(repeating: true, count: rules.count)
        buildCorrelations()
        // A correlation switched off keeps its rules quiet as it did when it ran (unless it let them alert with
        // `generate`): switching off a brute-force correlation must not turn each failed logon into an alert.
        for (rule, _) in disabled {
            guard case .correlation(let definition) = rule.kind, !definition.generate else { continue }
            for reference in definition.rules { if let index = lookup(reference) { standalone[index] = false } }
        }
    }

    private func lookup(_ reference: String) -> Int? {
        rules.firstIndex { $0.rule.id == reference || $0.rule.name == reference }
    }

    private func applyFilters(compiler: SigmaCompiler) {
        for filter in filters {
            guard case .filter(let definition) = filter.kind else { continue }
            do {
                let node = try compiler.compile(definition.detection)
                for reference in definition.rules {
                    // A filter may name rules that are not loaded (disabled, other rule sets): nothing to filter then.
                    guard let index = lookup(reference) else { continue }
                    rules[index].exclusions.append(node)
                }
            } catch let error as SigmaCompiler.CompileError {
                rejected.append(SigmaLoadError(SourceLocation(path: filter.location.path, line: error.line), error.message, ruleID: filter.id))
            } catch {
                rejected.append(SigmaLoadError(filter.location, "\(error)", ruleID: filter.id))
            }
        }
    }

    private func buildIndex() {
        var channelAny: [String: [Int]] = [:]
        var channelIDs: [String: [String: [Int]]] = [:]
        var rest: [Int] = []
        for (index, compiled) in rules.enumerated() {
            guard !options.ignoreLogsource, let channels = compiled.channels else {
                rest.append(index)
                continue
            }
            for channel in channels {
                if let ids = compiled.eventIDs {
                    for id in ids { channelIDs[channel, default: [:]][id, default: []].append(index) }
                } else {
                    channelAny[channel, default: []].append(index)
                }
            }
        }
        func list(_ indexes: [Int]) -> CandidateList {
            let sorted = indexes.sorted()
            return CandidateList(rules: sorted, detections: sorted.map { rules[$0].detection })
        }
        byChannel = [:]
        for channel in Set(channelAny.keys).union(channelIDs.keys) {
            let any = channelAny[channel] ?? []
            var bucket = Bucket(any: list(any))
            for (id, indexes) in channelIDs[channel] ?? [:] { bucket.byEventID[id] = list(indexes + any) }
            byChannel[channel] = bucket
        }
        unindexed = list(rest)
    }

    /// Rules evaluated per event through the literal prefilter, and rules indexed by it (for the benchmark report).
    public var prefilterStatistics: (lists: Int, indexedRules: Int, alwaysEvaluated: Int) {
        var lists = [unindexed]
        for bucket in byChannel.values { lists += [bucket.any] + Array(bucket.byEventID.values) }
        return (lists.count, lists.reduce(0) { $0 + $1.prefilter.indexedRules }, lists.reduce(0) { $0 + $1.prefilter.always.count })
    }

    private func buildCorrelations() {
        var states: [CorrelationState] = []
        for correlation in correlations {
            guard case .correlation(let definition) = correlation.kind else { continue }
            var sources: [Int] = []
            var missing: [String] = []
            for reference in definition.rules {
                if let index = lookup(reference) { sources.append(index) } else { missing.append(reference) }
            }
            if !missing.isEmpty {
                rejected.append(
                    SigmaLoadError(
                        correlation.location, "correlation names rules that are not loaded or not running: \(missing.joined(separator: ", "))",
                        ruleID: correlation.id))
                continue
            }
            let state = CorrelationState(
                rule: correlation, definition: definition, sources: sources, names: sources.map { (rules[$0].rule.name, rules[$0].rule.id) },
                options: options)
            for source in sources {
                feeds[source, default: []].append(states.count)
                if !definition.generate { standalone[source] = false }
            }
            states.append(state)
        }
        correlationStates = states
    }

    /// Adds exclusions (expired ones are skipped at match time).
    public func setExclusions(_ exclusions: [DetectionExclusion]) {
        self.exclusions = exclusions
    }

    public var ruleCount: Int { rules.count }

    private var evaluatedEvents = 0
    private var evaluatedRules = 0

    /// Rules evaluated per event so far (after the logsource index and the literal prefilter), rounded to 0.1.
    public var averageCandidates: Double {
        evaluatedEvents == 0 ? 0 : (Double(evaluatedRules) / Double(evaluatedEvents) * 10).rounded() / 10
    }

    /// Every match for one event, rules in load order, then any correlation the event completed.
    public func evaluate(_ event: DetectionEvent, reference: Int64, now: Date = Date()) -> [DetectionMatch] {
        var matched: [Int] = []
        evaluatedEvents += 1
        func run(_ list: CandidateList) {
            let candidates = list.prefilter.candidates(for: event, scratch: scratch)
            evaluatedRules += candidates.count
            for position in candidates {
                let index = list.rules[Int(position)]
                if rules[index].matches(event, checkLogsource: !options.ignoreLogsource) { matched.append(index) }
            }
        }
        if !options.ignoreLogsource, let channel = event.value(channelPath), let bucket = byChannel[channel.text.lowercased()] {
            if let id = event.value(eventIDPath), let list = bucket.byEventID[id.text] {
                run(list)
            } else {
                run(bucket.any)
            }
        }
        run(unindexed)
        if matched.count > 1 { matched.sort() }
        guard !matched.isEmpty else { return [] }
        if !exclusions.isEmpty {
            matched.removeAll { index in
                exclusions.contains { exclusion in
                    (exclusion.ruleID == nil || exclusion.ruleID == rules[index].rule.id)
                        && (exclusion.expires.map { $0 > now } ?? true) && exclusion.condition.matches(event)
                }
            }
        }
        var results: [DetectionMatch] = []
        for index in matched where standalone[index] {
            results.append(.rule(RuleMatch(rule: rules[index].rule, event: reference)))
        }
        for index in matched {
            for stateIndex in feeds[index] ?? [] {
                if let fired = correlationStates[stateIndex].add(event: event, reference: reference, source: index) {
                    results.append(.correlation(fired))
                }
            }
        }
        return results
    }

    /// Correlations whose condition has only upper bounds fire when their window closes; at the end of a stream
    /// (or on shutdown) the open windows are judged.
    public func flush() -> [DetectionMatch] {
        correlationStates.flatMap { $0.flush() }.map { .correlation($0) }
    }

    /// Groups held in correlation state now (for metrics and tests of the bounds).
    public var correlationGroups: Int { correlationStates.reduce(0) { $0 + $1.groupCount } }
}
