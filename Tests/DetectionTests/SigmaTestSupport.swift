// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Detection
import Foundation

/// Builds one rule from a detection body and runs it on events given as field maps.
enum Sigma {
    static func rule(_ detection: String, logsource: String = "{product: windows, category: process_creation}", extra: String = "", id: String = "r1")
        -> String
    {
        """
        title: Test rule \(id)
        id: \(id)
        level: high
        logsource: \(logsource)
        \(extra)
        detection:
        \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
        """
    }

    static func engine(_ yaml: String, ignoreLogsource: Bool = true, mapping: LogsourceMapping = .defaults) -> SigmaEngine {
        var options = SigmaEngine.Options()
        options.ignoreLogsource = ignoreLogsource
        options.selection = .all
        let rules = SigmaYAML.parse(yaml, path: "test.yml").compactMap { outcome -> SigmaRule? in
            if case .rule(let rule) = outcome { return rule }
            return nil
        }
        return SigmaEngine(rules: rules, mapping: mapping, options: options)
    }

    static func event(_ fields: [String: Any], time: Double = 0, raw: String? = nil) -> DetectionEvent {
        var flat: [String: FieldValue] = [:]
        JSONFlattener.flatten(fields, into: &flat)
        return DetectionEvent(fields: flat, raw: raw, time: Date(timeIntervalSince1970: time))
    }

    /// Whether the single rule in `detection` matches each event.
    static func matches(_ detection: String, _ events: [[String: Any]]) -> [Bool] {
        let engine = engine(rule(detection))
        precondition(engine.rejected.isEmpty, "rule rejected: \(engine.rejected)")
        return events.enumerated().map { index, fields in
            !engine.evaluate(event(fields), reference: Int64(index)).isEmpty
        }
    }

    /// The first error the rule gets, when loading or compiling.
    static func error(_ yaml: String) -> SigmaLoadError? {
        for outcome in SigmaYAML.parse(yaml, path: "test.yml") {
            if case .failure(let error) = outcome { return error }
        }
        return engine(yaml).rejected.first
    }
}
