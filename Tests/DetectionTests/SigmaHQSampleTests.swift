// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Detection
import Foundation
import Testing

/// A few real SigmaHQ rules with their regression events (Fixtures/sigmahq, Detection Rule License 1.1):
/// each event must fire exactly the rule it names, with logsource mapping on. The full corpus runs in Tests/data.
@Suite struct SigmaHQSampleTests {
    static let directory = Bundle.module.url(forResource: "Fixtures/sigmahq", withExtension: nil)!

    @Test func eachRegressionEventFiresItsRule() throws {
        let loaded = SigmaLoader.load(paths: [Self.directory.appendingPathComponent("rules").path])
        #expect(loaded.errors.isEmpty)
        let engine = SigmaEngine(rules: loaded.rules)
        #expect(engine.rules.count == 5)
        let lines = try String(contentsOf: Self.directory.appendingPathComponent("events.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 5)
        for (index, line) in lines.enumerated() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            var fields: [String: FieldValue] = [:]
            JSONFlattener.flatten(object, into: &fields)
            let fired = engine.evaluate(DetectionEvent(fields: fields, time: Date()), reference: Int64(index)).compactMap { match -> String? in
                if case .rule(let rule) = match { return rule.rule.id }
                return nil
            }
            #expect(fired == [object["_expected_rule_id"] as? String ?? "?"], "event \(index)")
        }
    }
}
