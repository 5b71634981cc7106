// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Detection
import Foundation
import Testing

@Suite struct LogsourceTests {
    static let processRule = Sigma.rule("sel:\n    Image|endswith: '\\whoami.exe'\ncondition: sel")
    static let securityRule = Sigma.rule("sel:\n    EventID: 4720\ncondition: sel", logsource: "{product: windows, service: security}", id: "r2")

    @Test func processCreationIsSysmonEventOne() {
        let engine = Sigma.engine(Self.processRule + "\n---\n" + Self.securityRule, ignoreLogsource: false)
        let sysmon = Sigma.event(["EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": "C:\\Windows\\System32\\whoami.exe"])
        let otherID = Sigma.event(["EventID": 3, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": "C:\\Windows\\System32\\whoami.exe"])
        let security4688 = Sigma.event(["EventID": 1, "Channel": "Security", "Image": "C:\\Windows\\System32\\whoami.exe"])
        #expect(engine.evaluate(sysmon, reference: 0).count == 1)
        #expect(engine.evaluate(otherID, reference: 1).isEmpty)
        #expect(engine.evaluate(security4688, reference: 2).isEmpty)
        #expect(engine.evaluate(Sigma.event(["EventID": 4720, "Channel": "security"]), reference: 3).count == 1)
        #expect(engine.evaluate(Sigma.event(["EventID": 4720, "Channel": "System"]), reference: 4).isEmpty)
    }

    @Test func winlogbeatNestedFieldsAreFound() {
        let engine = Sigma.engine(Self.processRule, ignoreLogsource: false)
        let event = Sigma.event([
            "winlog": ["event_id": 1, "channel": "Microsoft-Windows-Sysmon/Operational", "event_data": ["Image": "C:\\x\\WHOAMI.EXE"]]
        ])
        #expect(engine.evaluate(event, reference: 0).count == 1)
    }

    @Test func unmappedLogsourcesDoNotRunUnlessLogsourceIsIgnored() {
        let rule = Sigma.rule("sel:\n    A: 1\ncondition: sel", logsource: "{product: acme, service: widget}")
        let mapped = Sigma.engine(rule, ignoreLogsource: false)
        #expect(mapped.rules.isEmpty)
        #expect(mapped.unmapped.map(\.id) == ["r1"])
        #expect(Sigma.engine(rule, ignoreLogsource: true).evaluate(Sigma.event(["A": 1]), reference: 0).count == 1)
    }

    @Test func configurationAddsLogsourcesFieldsAndPlaceholders() throws {
        let mapping = try LogsourceMapping.load(
            yaml: """
                logsources:
                  - {product: acme, service: widget, conditions: {vendor: acme}}
                fields:
                  A: [acme.a]
                placeholders:
                  hosts: [h1, h2]
                """, path: "config.yml")
        let rule = Sigma.rule("sel:\n    A: 1\n    Host|expand: '%hosts%'\ncondition: sel", logsource: "{product: acme, service: widget}")
        let engine = Sigma.engine(rule, ignoreLogsource: false, mapping: mapping)
        #expect(engine.rules.count == 1)
        #expect(engine.evaluate(Sigma.event(["vendor": "ACME", "acme": ["a": 1], "Host": "h2"]), reference: 0).count == 1)
        #expect(engine.evaluate(Sigma.event(["vendor": "other", "acme": ["a": 1], "Host": "h2"]), reference: 1).isEmpty)
        #expect(throws: (any Error).self) { try LogsourceMapping.load(yaml: "logsources:\n  - {product: x}\n", path: "bad.yml") }
    }

    @Test func linuxAndWebLogsourcesUseBulwarksParsers() {
        let auth = Sigma.rule("keywords:\n    - 'Invalid user'\ncondition: keywords", logsource: "{product: linux, service: auth}")
        let engine = Sigma.engine(auth, ignoreLogsource: false)
        #expect(engine.evaluate(Sigma.event(["bulwark.parser": "sshd"], raw: "sshd[2]: Invalid user admin from 1.2.3.4"), reference: 0).count == 1)
        #expect(engine.evaluate(Sigma.event(["bulwark.parser": "access_log"], raw: "GET /Invalid user"), reference: 1).isEmpty)
        let web = Sigma.rule("sel:\n    cs-method: POST\n    c-uri|contains: '/cgi-bin/'\ncondition: sel", logsource: "{category: webserver}")
        let webEngine = Sigma.engine(web, ignoreLogsource: false)
        #expect(
            webEngine.evaluate(
                Sigma.event(["bulwark.parser": "access_log", "http": ["request": ["method": "POST"]], "url": ["original": "/cgi-bin/x.sh"]]),
                reference: 0
            ).count == 1)
    }
}

@Suite struct CorrelationTests {
    static let failed = """
        title: Failed logon
        id: failed
        name: failed_logon
        logsource: {product: windows, service: security}
        detection:
            sel: {EventID: 4625}
            condition: sel
        """
    static let success = """
        title: Logon
        id: success
        name: successful_logon
        logsource: {product: windows, service: security}
        detection:
            sel: {EventID: 4624}
            condition: sel
        """

    static func correlation(_ body: String, level: String = "high") -> String {
        "title: Correlation\nid: corr\nlevel: \(level)\ncorrelation:\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n")
    }

    func run(_ yaml: String, _ events: [(Double, [String: Any])]) -> [DetectionMatch] {
        let engine = Sigma.engine(yaml)
        #expect(engine.rejected.isEmpty, "\(engine.rejected)")
        var results: [DetectionMatch] = []
        for (index, (time, fields)) in events.enumerated() {
            results += engine.evaluate(Sigma.event(fields, time: time), reference: Int64(index))
        }
        return results + engine.flush()
    }

    func correlations(_ matches: [DetectionMatch]) -> [CorrelationMatch] {
        matches.compactMap { if case .correlation(let match) = $0 { return match } else { return nil } }
    }

    @Test func eventCountPerGroupWithinTimespan() {
        let yaml =
            Self.failed + "\n---\n"
            + Self.correlation("type: event_count\nrules: [failed_logon]\ngroup-by: [TargetUserName]\ntimespan: 1m\ncondition: {gte: 3}")
        let events: [(Double, [String: Any])] = [
            (0, ["EventID": 4625, "TargetUserName": "bob"]), (10, ["EventID": 4625, "TargetUserName": "alice"]),
            (20, ["EventID": 4625, "TargetUserName": "bob"]), (100, ["EventID": 4625, "TargetUserName": "bob"]),  // first bob left the window
            (110, ["EventID": 4625, "TargetUserName": "bob"]), (120, ["EventID": 4625, "TargetUserName": "bob"]),
        ]
        let matches = run(yaml, events)
        let fired = correlations(matches)
        #expect(fired.count == 1)
        #expect(fired.first?.events == [3, 4, 5])
        #expect(fired.first?.group.map(\.value) == ["bob"])
        // Without generate, the referenced rule does not alert on its own.
        #expect(matches.count == 1)
    }

    @Test func aCorrelationIsSwitchedOffByItsIdAndItsRulesStayQuiet() {
        let yaml =
            Self.failed + "\n---\n"
            + Self.correlation("type: event_count\nrules: [failed_logon]\ngroup-by: [TargetUserName]\ntimespan: 1m\ncondition: {gte: 2}")
        let rules = SigmaYAML.parse(yaml, path: "test.yml").compactMap { outcome -> SigmaRule? in
            if case .rule(let rule) = outcome { return rule }
            return nil
        }
        var options = SigmaEngine.Options()
        options.ignoreLogsource = true
        options.selection = .all
        options.selection.disabled = ["corr"]
        let engine = SigmaEngine(rules: rules, mapping: .defaults, options: options)
        #expect(engine.correlations.isEmpty && engine.disabled.map(\.rule.id) == ["corr"])
        var matches: [DetectionMatch] = []
        for index in 0..<3 {
            matches += engine.evaluate(Sigma.event(["EventID": 4625, "TargetUserName": "bob"], time: Double(index)), reference: Int64(index))
        }
        #expect((matches + engine.flush()).isEmpty, "no correlation, and its base rule does not start alerting on each event")
        // Each rule keeps the text of its own document.
        #expect(rules[0].source?.hasPrefix("title: Failed logon") == true && rules[0].source?.contains("correlation") == false)
        #expect(rules[1].source?.hasPrefix("title: Correlation") == true)
    }

    @Test func generateKeepsTheReferencedRulesAlerts() {
        let yaml =
            Self.failed + "\n---\n"
            + Self.correlation("type: event_count\nrules: [failed]\ngroup-by: [TargetUserName]\ntimespan: 1m\ncondition: {gte: 2}\ngenerate: true")
        let matches = run(yaml, [(0, ["EventID": 4625, "TargetUserName": "bob"]), (1, ["EventID": 4625, "TargetUserName": "bob"])])
        #expect(matches.count == 3)
    }

    @Test func valueCountCountsDistinctValues() {
        let yaml =
            Self.failed + "\n---\n"
            + Self.correlation("type: value_count\nrules: [failed]\ngroup-by: [IpAddress]\ntimespan: 5m\ncondition: {field: TargetUserName, gte: 3}")
        let users = ["a", "b", "A", "c"]
        let matches = correlations(
            run(yaml, users.enumerated().map { (Double($0.offset), ["EventID": 4625, "IpAddress": "1.2.3.4", "TargetUserName": $0.element]) }))
        #expect(matches.map(\.events) == [[0, 1, 2, 3]])
    }

    @Test func temporalNeedsEveryRuleInAnyOrder() {
        let yaml =
            Self.failed + "\n---\n" + Self.success + "\n---\n"
            + Self.correlation("type: temporal\nrules: [successful_logon, failed_logon]\ngroup-by: [TargetUserName]\ntimespan: 10m")
        let matches = correlations(
            run(
                yaml,
                [
                    (0, ["EventID": 4624, "TargetUserName": "bob"]), (5, ["EventID": 4625, "TargetUserName": "eve"]),
                    (9, ["EventID": 4625, "TargetUserName": "bob"]),
                ]))
        #expect(matches.map(\.events) == [[0, 2]])
    }

    @Test func temporalOrderedNeedsTheOrder() {
        let yaml =
            Self.failed + "\n---\n" + Self.success + "\n---\n"
            + Self.correlation("type: temporal_ordered\nrules: [failed_logon, successful_logon]\ngroup-by: [TargetUserName]\ntimespan: 10m")
        let wrongOrder = correlations(
            run(yaml, [(0, ["EventID": 4624, "TargetUserName": "bob"]), (5, ["EventID": 4625, "TargetUserName": "bob"])]))
        #expect(wrongOrder.isEmpty)
        let rightOrder = correlations(
            run(yaml, [(0, ["EventID": 4625, "TargetUserName": "bob"]), (5, ["EventID": 4624, "TargetUserName": "bob"])]))
        #expect(rightOrder.map(\.events) == [[0, 1]])
    }

    @Test func aliasesGroupAcrossFieldNames() {
        let yaml =
            Self.failed + "\n---\n" + Self.success + "\n---\n"
            + Self.correlation(
                """
                type: temporal
                rules: [failed_logon, successful_logon]
                group-by: [account]
                timespan: 10m
                aliases:
                  account:
                    failed_logon: TargetUserName
                    successful_logon: SubjectUserName
                """)
        let matches = correlations(run(yaml, [(0, ["EventID": 4625, "TargetUserName": "bob"]), (1, ["EventID": 4624, "SubjectUserName": "bob"])]))
        #expect(matches.count == 1)
        #expect(matches.first?.group.first?.field == "account")
        #expect(matches.first?.group.first?.value == "bob")
    }

    @Test func sumAverageAndUpperBoundConditions() {
        let bytes =
            "title: Transfer\nid: transfer\nlogsource: {product: windows, service: security}\ndetection:\n    sel: {EventID: 5156}\n    condition: sel"
        let sum =
            bytes + "\n---\n"
            + Self.correlation("type: value_sum\nrules: [transfer]\ngroup-by: [Host]\ntimespan: 1h\ncondition: {field: Bytes, gt: 1000}")
        #expect(
            correlations(run(sum, [(0, ["EventID": 5156, "Host": "h", "Bytes": 600]), (1, ["EventID": 5156, "Host": "h", "Bytes": 600])])).count == 1)
        let average =
            bytes + "\n---\n"
            + Self.correlation("type: value_avg\nrules: [transfer]\ngroup-by: [Host]\ntimespan: 1h\ncondition: {field: Bytes, gte: 500}")
        #expect(
            correlations(run(average, [(0, ["EventID": 5156, "Host": "h", "Bytes": 100]), (1, ["EventID": 5156, "Host": "h", "Bytes": 1000])])).count
                == 1)
        // "fewer than 3 in an hour" can only be judged when the hour is over.
        let few =
            Self.failed + "\n---\n"
            + Self.correlation("type: event_count\nrules: [failed]\ngroup-by: [TargetUserName]\ntimespan: 1h\ncondition: {lt: 3}")
        let fired = correlations(run(few, [(0, ["EventID": 4625, "TargetUserName": "bob"]), (4000, ["EventID": 4625, "TargetUserName": "bob"])]))
        #expect(fired.map(\.events) == [[0], [1]])
    }

    @Test func stateIsBounded() {
        var options = SigmaEngine.Options()
        options.maximumGroups = 50
        options.ignoreLogsource = true
        let yaml =
            Self.failed + "\n---\n"
            + Self.correlation("type: event_count\nrules: [failed]\ngroup-by: [TargetUserName]\ntimespan: 1d\ncondition: {gte: 1000}")
        let rules = SigmaYAML.parse(yaml, path: "x").compactMap { if case .rule(let rule) = $0 { return rule } else { return nil } }
        let engine = SigmaEngine(rules: rules, options: options)
        for index in 0..<1000 {
            _ = engine.evaluate(Sigma.event(["EventID": 4625, "TargetUserName": "user\(index)"], time: Double(index)), reference: Int64(index))
        }
        #expect(engine.correlationGroups == 50)
    }

    @Test func correlationNamingAnUnknownRuleIsRejected() {
        let engine = Sigma.engine(Self.correlation("type: event_count\nrules: [nope]\ngroup-by: [x]\ntimespan: 1m\ncondition: {gte: 2}"))
        #expect(engine.rejected.first?.message.contains("nope") == true)
        #expect(
            Sigma.error(Self.correlation("type: event_count\nrules: [x]\ntimespan: 1q\ncondition: {gte: 2}"))?.message.contains("timespan") == true)
        #expect(Sigma.error(Self.correlation("type: value_count\nrules: [x]\ntimespan: 1m\ncondition: {gte: 2}"))?.message.contains("field") == true)
    }
}

@Suite struct FilterAndExclusionTests {
    static let rule = Sigma.rule("sel:\n    Image|endswith: '\\rar.exe'\ncondition: sel", id: "rar")

    @Test func sigmaFilterRemovesMatchesOfTheRulesItNames() {
        let filter = """
            title: Admins may compress
            logsource: {product: windows, category: process_creation}
            filter:
                rules: [rar]
                selection:
                    User|startswith: 'adm_'
                condition: selection
            """
        let engine = Sigma.engine(Self.rule + "\n---\n" + filter)
        #expect(engine.evaluate(Sigma.event(["Image": "C:\\rar.exe", "User": "adm_bob"]), reference: 0).isEmpty)
        #expect(engine.evaluate(Sigma.event(["Image": "C:\\rar.exe", "User": "bob"]), reference: 1).count == 1)
    }

    @Test func exclusionsApplyUntilTheyExpire() throws {
        let engine = Sigma.engine(Self.rule)
        let condition = try SigmaCompiler().condition(yaml: "Computer: build-01")
        let now = Date(timeIntervalSince1970: 1_000_000)
        engine.setExclusions([
            DetectionExclusion(id: "x1", ruleID: "rar", condition: condition, reason: "build server", expires: now.addingTimeInterval(60))
        ])
        let event = Sigma.event(["Image": "C:\\rar.exe", "Computer": "BUILD-01"])
        #expect(engine.evaluate(event, reference: 0, now: now).isEmpty)
        #expect(engine.evaluate(event, reference: 1, now: now.addingTimeInterval(61)).count == 1)
        #expect(engine.evaluate(Sigma.event(["Image": "C:\\rar.exe", "Computer": "pc-02"]), reference: 2, now: now).count == 1)
    }
}

/// Aliases in rules and exclusions are refused before Yams composes them (its composer expands them).
@Suite struct SigmaYAMLAliasTests {
    static let laughs = """
        title: laughs
        logsource: {product: windows}
        detection:
          a: &a {Image: ["x","x","x","x","x","x","x","x","x"]}
          b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
          c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
          d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
          e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
          f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
          g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
          condition: g
        """

    @Test func aRuleWithAliasesIsAnErrorWithItsLine() {
        let outcomes = SigmaYAML.parse(Self.laughs, path: "laughs.yml")
        guard case .failure(let error) = outcomes.first else { Issue.record("loaded: \(outcomes)"); return }
        #expect(error.location.line == 5)
        #expect(error.message.contains("aliases"))
    }

    @Test func anExclusionWithAliasesIsRefused() {
        let condition = "a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nImage: *c"
        #expect(throws: SigmaCompiler.CompileError.self) { _ = try SigmaCompiler().condition(yaml: condition) }
    }
}
