// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Detection
import Foundation
import Testing

@Suite struct SigmaConditionTests {
    static let searches = "a:\n    A: 1\nb:\n    B: 1\nc:\n    C: 1\n"

    func run(_ condition: String, _ events: [[String: Any]]) -> [Bool] {
        Sigma.matches(Self.searches + "condition: \(condition)", events)
    }

    nonisolated(unsafe) static let all: [[String: Any]] = [
        [:], ["A": 1], ["B": 1], ["A": 1, "B": 1], ["C": 1], ["A": 1, "C": 1], ["B": 1, "C": 1], ["A": 1, "B": 1, "C": 1],
    ]

    /// The condition against every combination of a, b and c, as a reference boolean function.
    func truthTable(_ condition: String, _ reference: (Bool, Bool, Bool) -> Bool) {
        let expected = Self.all.map { reference($0["A"] != nil, $0["B"] != nil, $0["C"] != nil) }
        #expect(run(condition, Self.all) == expected, "\(condition)")
    }

    @Test func precedenceNotAndOr() {
        truthTable("a or b and c") { a, b, c in a || (b && c) }
        truthTable("not a and b") { a, b, _ in !a && b }
        truthTable("not (a and b)") { a, b, _ in !(a && b) }
        truthTable("(a or b) and not c") { a, b, c in (a || b) && !c }
        truthTable("a and not not b") { a, b, _ in a && b }
        truthTable("A AND B OR c".replacingOccurrences(of: "A", with: "a").replacingOccurrences(of: "B", with: "b")) { a, b, c in (a && b) || c }
    }

    @Test func quantifiers() {
        truthTable("1 of them") { a, b, c in a || b || c }
        truthTable("all of them") { a, b, c in a && b && c }
        truthTable("any of them") { a, b, c in a || b || c }
        truthTable("2 of them") { a, b, c in [a, b, c].filter { $0 }.count >= 2 }
        truthTable("1 of a* or all of c*") { a, _, c in a || c }
        truthTable("not 1 of them") { a, b, c in !(a || b || c) }
    }

    @Test func themLeavesOutUnderscoreSearches() {
        let detection = "sel:\n    A: 1\n_helper:\n    B: 1\ncondition: all of them"
        #expect(Sigma.matches(detection, [["A": 1], ["B": 1]]) == [true, false])
    }

    @Test func patternsMatchSearchNames() {
        let detection =
            "selection_img:\n    A: 1\nselection_cli:\n    B: 1\nfilter_main:\n    C: 1\ncondition: all of selection_* and not 1 of filter_*"
        #expect(Sigma.matches(detection, [["A": 1, "B": 1], ["A": 1], ["A": 1, "B": 1, "C": 1]]) == [true, false, false])
    }

    @Test func conditionListIsOr() {
        let detection = Self.searches + "condition:\n    - a and b\n    - c"
        #expect(Sigma.matches(detection, [["A": 1, "B": 1], ["C": 1], ["A": 1]]) == [true, true, false])
    }

    @Test func badConditionsAreRejectedWithTheReason() {
        #expect(Sigma.error(Sigma.rule("sel:\n    A: 1\ncondition: sel and other"))?.message.contains("'other'") == true)
        #expect(Sigma.error(Sigma.rule("sel:\n    A: 1\ncondition: (sel"))?.message.contains("missing ')'") == true)
        #expect(Sigma.error(Sigma.rule("sel:\n    A: 1\ncondition: sel | count() > 5"))?.message.contains("correlation") == true)
        #expect(Sigma.error(Sigma.rule("sel:\n    A: 1\ncondition: 1 of x*"))?.message.contains("matches no search") == true)
        #expect(Sigma.error(Sigma.rule("sel:\n    A: 1\ncondition: sel and"))?.message.contains("ends too early") == true)
    }
}

@Suite struct SigmaLoadingTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sigma-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func oneBadRuleDoesNotStopTheOthers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Sigma.rule("sel:\n    A: 1\ncondition: sel", id: "good").write(
            to: directory.appendingPathComponent("a_good.yml"), atomically: true, encoding: .utf8)
        try "title: broken\ndetection: [unclosed\n".write(to: directory.appendingPathComponent("b_yaml.yml"), atomically: true, encoding: .utf8)
        try "id: x\nlogsource: {product: windows}\ndetection:\n  sel: {A: 1}\n  condition: sel\n".write(
            to: directory.appendingPathComponent("c_notitle.yaml"), atomically: true, encoding: .utf8)
        try "title: t\nlevel: severe\nlogsource: {product: windows}\ndetection:\n  sel: {A: 1}\n  condition: sel\n".write(
            to: directory.appendingPathComponent("d_level.yml"), atomically: true, encoding: .utf8)
        try "not a rule".write(to: directory.appendingPathComponent("readme.txt"), atomically: true, encoding: .utf8)
        let result = SigmaLoader.load(paths: [directory.path])
        #expect(result.files == 4)
        #expect(result.rules.map(\.id) == ["good"])
        let messages = result.errors.map { "\(($0.location.path as NSString).lastPathComponent):\($0.location.line): \($0.message)" }
        #expect(messages.count == 3)
        #expect(messages[0].hasPrefix("b_yaml.yml:3: invalid YAML") || messages[0].hasPrefix("b_yaml.yml:2: invalid YAML"))
        #expect(messages[1] == "c_notitle.yaml:1: missing 'title'")
        #expect(messages[2].hasPrefix("d_level.yml:2: unknown level 'severe'"))
    }

    @Test func multiDocumentFilesAndGlobalAction() {
        let yaml = """
            action: global
            title: Shared
            logsource: {product: windows, service: security}
            detection:
                condition: sel
            ---
            id: one
            detection:
                sel: {EventID: 4624}
            ---
            id: two
            title: Second
            detection:
                sel: {EventID: 4625}
            """
        let rules = SigmaYAML.parse(yaml, path: "x.yml").compactMap { if case .rule(let rule) = $0 { return rule } else { return nil } }
        #expect(rules.map(\.id) == ["one", "two"])
        #expect(rules.map(\.title) == ["Shared", "Second"])
        #expect(rules.allSatisfy { $0.logsource.service == "security" })
    }

    @Test func duplicateKeysAndIDsAreErrors() {
        #expect(Sigma.error("title: a\ntitle: b\nlogsource: {}\ndetection: {sel: {A: 1}, condition: sel}")?.message.contains("'title'") == true)
        let engine = Sigma.engine(Sigma.rule("sel:\n    A: 1\ncondition: sel") + "\n---\n" + Sigma.rule("sel:\n    A: 2\ncondition: sel"))
        #expect(engine.rules.count == 1)
        #expect(engine.rejected.first?.message == "duplicate rule id r1")
    }

    @Test func attackTagsAreKept() {
        let rules = SigmaYAML.parse(
            Sigma.rule("sel:\n    A: 1\ncondition: sel", extra: "tags: [attack.execution, attack.t1059.001, cve.2021-44228]"), path: "x")
        guard case .rule(let rule) = rules.first else { Issue.record("not loaded"); return }
        #expect(rule.attackTags == ["attack.execution", "attack.t1059.001"])
    }

    @Test func selectionByLevelStatusTagAndPath() {
        var selection = RuleSelection()
        selection.minimumLevel = .medium
        let parse = { (extra: String) -> SigmaRule in
            guard
                case .rule(let rule) = SigmaYAML.parse(Sigma.rule("sel:\n    A: 1\ncondition: sel", extra: extra), path: "rules/windows/x.yml").first!
            else { fatalError() }
            return rule
        }
        #expect(selection.reasonDisabled(parse("status: test")) == nil)
        #expect(selection.reasonDisabled(parse("status: deprecated")) == "status deprecated")
        selection.minimumLevel = .critical
        #expect(selection.reasonDisabled(parse("status: test")) == "level below critical")
        selection.minimumLevel = nil
        selection.tags = ["attack.t1059"]
        #expect(selection.reasonDisabled(parse("tags: [attack.t1059.001]")) == nil)
        #expect(selection.reasonDisabled(parse("tags: [attack.t1003]")) == "no selected tag")
        selection.tags = []
        selection.excludedPaths = ["windows/"]
        #expect(selection.reasonDisabled(parse("")) == "path excluded (windows/)")
        selection.enabled = ["r1"]
        #expect(selection.reasonDisabled(parse("")) == nil)
    }
}
