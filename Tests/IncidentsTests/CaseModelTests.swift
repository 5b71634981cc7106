// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Testing
@testable import Incidents

/// The pieces of case management that need no database: the workflow table, clocks, SLA parsing, observables,
/// mentions, Markdown, STIX ids, response-action requests, metrics and the report.
@Suite struct CaseModelTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func workflowFollowsTheNISTPhases() {
        // Every pair: exactly these moves are allowed.
        let allowed: Set<String> = [
            "new>triage", "new>closed", "triage>containment", "triage>closed", "containment>eradication", "containment>triage",
            "eradication>recovery", "eradication>containment", "recovery>closed", "recovery>eradication", "closed>triage",
        ]
        for from in CaseStatus.allCases {
            for to in CaseStatus.allCases where to != from {
                #expect(from.allowedTransitions.contains(to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)")
            }
        }
    }

    @Test func regulatoryClocksRunFromAwareness() {
        var item = Case(title: "Breach", severity: .critical, createdAt: Self.start, createdBy: "ann")
        item.regulations = [.gdpr, .hipaa, .pci]
        item.awareAt = Self.start
        let settings = RegulatorySettings(pciDeadline: 48 * 3600)
        let at = { (hours: Double) in item.regulatoryClocks(settings, now: Self.start.addingTimeInterval(hours * 3600)) }
        let gdpr = at(1).first { $0.name == "gdpr" }!
        #expect(gdpr.dueAt == Self.start.addingTimeInterval(72 * 3600))
        #expect(gdpr.state == .running)
        #expect(at(1).first { $0.name == "hipaa" }!.dueAt == Self.start.addingTimeInterval(60 * 86400))
        #expect(at(1).first { $0.name == "pci" }!.dueAt == Self.start.addingTimeInterval(48 * 3600))
        // Less than a third of the time left: warning (GDPR from 48 h on); past due: breached.
        #expect(at(47.9).first { $0.name == "gdpr" }!.state == .running)
        #expect(at(48.1).first { $0.name == "gdpr" }!.state == .warning)
        #expect(at(72.1).first { $0.name == "gdpr" }!.state == .breached)
        #expect(at(72.1).first { $0.name == "gdpr" }!.summary.hasPrefix("overdue by"))
        // Recording the notification stops the clock: met when in time, late after.
        item.notified["gdpr"] = Self.start.addingTimeInterval(70 * 3600)
        #expect(at(100).first { $0.name == "gdpr" }!.state == .met)
        item.notified["gdpr"] = Self.start.addingTimeInterval(73 * 3600)
        #expect(at(100).first { $0.name == "gdpr" }!.state == .late)
    }

    @Test func slaPolicyParsesAndRefusesNonsense() throws {
        let policy = try CaseSLAPolicy.parse("critical=30m/12h, low=2d/60d")
        #expect(policy.acknowledge[.critical] == 1800)
        #expect(policy.resolve[.critical] == TimeInterval(12 * 3600))
        #expect(policy.resolve[.low] == TimeInterval(60 * 86400))
        #expect(policy.acknowledge[.high] == CaseSLAPolicy.standard.acknowledge[.high])
        #expect(throws: CoreError.self) { try CaseSLAPolicy.parse("urgent=1h/2h") }
        #expect(throws: CoreError.self) { try CaseSLAPolicy.parse("high=1h") }
        #expect(throws: CoreError.self) { try CaseSLAPolicy.parse("high=4h/1h") }
    }

    @Test func observablesAreValidatedAndNormalisedPerType() {
        func value(_ type: ObservableType, _ text: String) -> String? {
            if case .success(let v) = type.normalise(text) { return v } else { return nil }
        }
        #expect(value(.ip, " 198.51.100.023 ") == nil, "leading zeros are not an address")
        #expect(value(.ip, "2001:DB8:0:0:0:0:0:1") == "2001:db8::1")
        #expect(value(.ip, "10.0.0.300") == nil)
        #expect(value(.domain, "Evil.Example.COM.") == "evil.example.com")
        #expect(value(.domain, "localhost") == nil)
        #expect(value(.url, "https://evil.example/a?b=1") == "https://evil.example/a?b=1")
        #expect(value(.url, "javascript:alert(1)") == nil)
        #expect(value(.hash, String(repeating: "A", count: 64)) == String(repeating: "a", count: 64))
        #expect(value(.hash, String(repeating: "a", count: 63)) == nil)
        #expect(value(.email, "Bob@Example.com") == "bob@example.com")
        #expect(value(.email, "bob@") == nil)
        #expect(value(.registry, #"HKLM\Software\Run"#) == #"HKLM\Software\Run"#)
        if case .failure(let error) = ObservableType.ip.normalise("nope") { #expect(error.field == "value") } else { Issue.record("accepted") }
    }

    @Test func mentionsAreNamesAfterAnAtSign() {
        #expect(CaseComment.mentions(in: "@ann please check with @bob.smith, and mail carol@example.com. @Ann again.") == ["ann", "bob.smith"])
        #expect(CaseComment.mentions(in: "no mentions @ here") == [])
    }

    @Test func stixIdsAreTheSpecificationsDeterministicOnes() throws {
        // Values from Python's uuid.uuid5 with the STIX 2.1 namespace over the canonical JSON of the id-contributing properties.
        let ip = CaseObservable(caseID: "c", type: .ip, value: "198.51.100.23", source: "manual", createdBy: "ann", createdAt: Self.start)
        #expect(CaseService.stixObservable(ip)?["id"] as? String == "ipv4-addr--cec0294c-86c8-52cc-8448-ba43593736df")
        let hash = CaseObservable(
            caseID: "c", type: .hash, value: String(repeating: "a", count: 64), source: "manual", createdBy: "ann", createdAt: Self.start)
        #expect(CaseService.stixObservable(hash)?["id"] as? String == "file--75cb38d5-2055-5354-b75a-8299a2d670b5")
        #expect(
            ObservableType.hash.stixPattern(String(repeating: "b", count: 40)) == "[file:hashes.'SHA-1' = '\(String(repeating: "b", count: 40))']")
        #expect(ObservableType.registry.stixPattern(#"HKLM\Run's"#) == #"[windows-registry-key:key = 'HKLM\\Run\'s']"#)
    }

    @Test func responseActionRequestsEscapeTheirInput() throws {
        let action = ResponseAction(
            id: "block", name: "Block", method: "POST", url: "https://fw.example/block?ip={{value}}&case={{case}}",
            headers: ["Authorization": "Bearer ${FW_TOKEN}"], body: #"{"address": "{{value}}", "by": "{{actor}}"}"#, observableTypes: [.ip])
        let request = try action.request(value: #"1.2.3.4" & x"#, type: .ip, caseReference: "#7", actor: "ann", environment: ["FW_TOKEN": "s3cret"])
        #expect(request.url == "https://fw.example/block?ip=1%2E2%2E3%2E4%22%20%26%20x&case=%237")
        #expect(request.body == #"{"address": "1.2.3.4\" & x", "by": "ann"}"#)
        #expect(request.headers["Authorization"] == "Bearer s3cret")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.recordedHeaders["Authorization"] == "***", "secrets are not recorded")
    }

    /// The probe: an observable whose value names a server secret, inserted into a header template.
    @Test func environmentReferencesInInsertedValuesStayText() throws {
        let action = ResponseAction(
            id: "tag", name: "Tag", url: "https://edr.example/hosts/{{value}}/tag",
            headers: ["X-Host": "{{value}}", "X-Client": "bulwark ${EDR_CLIENT}"], observableTypes: [.host])
        let environment = ["BULWARK_WEBHOOK_SECRET": "do-not-leak", "EDR_CLIENT": "client-42"]
        let request = try action.request(value: "${BULWARK_WEBHOOK_SECRET}", type: .host, caseReference: "#1", actor: "ann", environment: environment)
        #expect(request.headers["X-Host"] == "${BULWARK_WEBHOOK_SECRET}")
        #expect(!request.url.contains("do-not-leak"))
        #expect(request.headers["X-Client"] == "bulwark client-42")
        // A header filled from the environment is masked in the record, whatever its name; the others are kept.
        #expect(request.recordedHeaders["X-Client"] == "***")
        #expect(request.recordedHeaders["X-Host"] == "${BULWARK_WEBHOOK_SECRET}")
    }

    @Test func headerBreaksAndDotSegmentsAreRefused() throws {
        let action = ResponseAction(
            id: "disable", name: "Disable", url: "https://dir.example/users/{{value}}/disable",
            headers: ["X-User": "{{value}}"], observableTypes: [.user])
        #expect(throws: ResponseActionProblem.self) {
            _ = try action.request(value: "bob\r\nX-Admin: yes", type: .user, caseReference: "#1", actor: "ann")
        }
        #expect(throws: ResponseActionProblem.self) { _ = try action.request(value: "..", type: .user, caseReference: "#1", actor: "ann") }
        let request = try action.request(value: "../admin", type: .user, caseReference: "#1", actor: "ann")
        #expect(request.url == "https://dir.example/users/%2E%2E%2Fadmin/disable")
    }

    @Test func responseActionFilesAreCheckedWithLines() throws {
        let good = """
            actions:
              - id: disable-user
                name: Disable account
                method: POST
                url: https://dir.example/users/{{value}}/disable
                observable_types: [user]
                requires_approval: true
                timeout: 5s
            """
        let actions = try ResponseAction.parse(good, path: "a.yml")
        #expect(actions.first?.requiresApproval == true)
        #expect(actions.first?.timeout == 5)
        #expect(actions.first?.observableTypes == [.user])
        let bad = good.replacingOccurrences(of: "observable_types: [user]", with: "observable_types: [mac]")
        #expect(throws: ConfigError(path: "a.yml", line: 6, message: "'mac' is not one of ip, domain, url, hash, email, user, host, file, registry"))
        {
            try ResponseAction.parse(bad, path: "a.yml")
        }
        do {
            _ = try ResponseAction.parse(good.replacingOccurrences(of: "https://dir", with: "ftp://dir"), path: "a.yml")
            Issue.record("ftp accepted")
        } catch let error as ConfigError {
            #expect(error.line == 5)
        }
    }

    @Test func metricsAreMeansAndMediansPerSeverity() {
        func item(_ severity: Severity, detectAfter: TimeInterval, ack: TimeInterval?, resolve: TimeInterval?, day: Double) -> Case {
            let detected = Self.start.addingTimeInterval(day * 86400)
            var item = Case(
                title: "x", severity: severity, createdAt: detected, createdBy: "ann", detectedAt: detected,
                firstEventAt: detected.addingTimeInterval(-detectAfter))
            item.acknowledgedAt = ack.map { detected.addingTimeInterval($0) }
            item.resolvedAt = resolve.map { detected.addingTimeInterval($0) }
            if item.resolvedAt != nil { item.status = .closed }
            item.acknowledgeDueAt = detected.addingTimeInterval(3600)
            item.resolveDueAt = detected.addingTimeInterval(86400)
            return item
        }
        let cases = [
            item(.high, detectAfter: 600, ack: 1200, resolve: 7200, day: 0),
            item(.high, detectAfter: 1800, ack: 5400, resolve: 90000, day: 1),
            item(.high, detectAfter: 60, ack: 60, resolve: nil, day: 8),
            item(.low, detectAfter: 100, ack: nil, resolve: nil, day: 2),
        ]
        var merged = item(.high, detectAfter: 1, ack: 1, resolve: 1, day: 3)
        merged.mergedInto = "other"
        let metrics = IncidentMetrics(
            cases: cases + [merged], from: Self.start, to: Self.start.addingTimeInterval(14 * 86400), interval: .week,
            now: Self.start.addingTimeInterval(30 * 86400))
        let high = metrics.bySeverity[.high]!
        #expect(high.cases == 3)
        #expect(high.closed == 2)
        #expect(high.meanTimeToDetect == (600 + 1800 + 60) / 3.0)
        #expect(high.medianTimeToDetect == 600)
        #expect(high.meanTimeToAcknowledge == (1200 + 5400 + 60) / 3.0)
        #expect(high.meanTimeToResolve == (7200 + 90000) / 2.0)
        #expect(high.medianTimeToResolve == (7200 + 90000) / 2.0)
        #expect(high.acknowledgeSLAMet == 2.0 / 3.0, "5400 s is past the 1 h target")
        #expect(high.resolveSLAMet == 0.5)
        #expect(high.slaBreachesOpen == 1, "the third is unresolved past its 24 h target")
        #expect(metrics.bySeverity[.low]!.meanTimeToAcknowledge == nil)
        #expect(metrics.all.cases == 4, "the merged case is left out")
        #expect(metrics.periods.map(\.figures.cases).reduce(0, +) == 4)
        #expect(metrics.periods.allSatisfy { $0.end.timeIntervalSince($0.start) == 7 * 86400 })
    }

    @Test func automationRulesMatchAndAreCheckedWithLines() throws {
        let library = PlaybookLibrary()
        let rules = try AutomationRule.parse(
            """
            rules:
              - name: Credential attacks
                when: {tag: attack.credential_access, min_severity: high, host: "srv-*"}
                then: {case: extend, group_by: host, playbook: compromised-account, assign: ann, notify: true}
              - name: Intel on IPs
                when: {source: intel, fields: {indicator_type: ip}}
                then: {case: open}
            """, path: "auto.yml", playbooks: library)
        let alert = Alert(
            title: "Spray", source: .sigma, ruleID: "r", severity: .high, tags: ["attack.credential_access", "attack.t1110.003"], host: "SRV-DC1",
            groupKey: "g", firstEventAt: Self.start, lastEventAt: Self.start, createdAt: Self.start)
        #expect(rules[0].matches(alert))
        #expect(rules[0].groupKey(alert) == "auto|Credential attacks|srv-dc1")
        var low = alert
        low.severity = .medium
        #expect(!rules[0].matches(low))
        var other = alert
        other.host = "pc-1"
        #expect(!rules[0].matches(other))
        var intel = alert
        intel.source = .intel
        intel.context = ["indicator_type": "IP"]
        #expect(rules[1].matches(intel))
        #expect(rules[1].extend == false)
        #expect(
            throws: ConfigError(
                path: "auto.yml", line: 4,
                message: "'playbook': 'nope' is not a playbook (known: \(library.sorted.map(\.id).joined(separator: ", ")))")
        ) {
            try AutomationRule.parse("rules:\n  - name: x\n    when: {tag: a}\n    then: {playbook: nope}\n", path: "auto.yml", playbooks: library)
        }
        #expect(throws: ConfigError.self) {
            try AutomationRule.parse("rules:\n  - name: x\n    when: {}\n    then: {case: open}\n", path: "auto.yml", playbooks: library)
        }
    }

    @Test func bundledPlaybooksAreAllValid() throws {
        let library = PlaybookLibrary()
        #expect(library.errors.isEmpty, "\(library.errors)")
        #expect(
            Set(library.playbooks.keys) == [
                "phishing", "malware", "ransomware", "compromised-account", "data-breach", "ddos", "insider-threat", "lost-device",
            ])
        #expect(library["data-breach"]?.regulations == [.gdpr, .hipaa, .pci])
        for playbook in library.sorted {
            #expect(playbook.taskCount >= 5, "\(playbook.id)")
            #expect(playbook.phases.first?.phase == .triage, "\(playbook.id) starts with triage")
        }
    }

    @Test func playbookDirectoryAddsAndReplacesAndReportsBadFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("playbooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "id: phishing\nname: Our phishing\nphases:\n  triage:\n    - title: Call the reporter\n      due: 15m\n".write(
            toFile: directory + "/phishing.yml", atomically: true, encoding: .utf8)
        try "id: vendor\nname: Vendor\nphases:\n  containment:\n    - title: Suspend keys\n      required_evidence: [ticket]\n".write(
            toFile: directory + "/vendor.yaml", atomically: true, encoding: .utf8)
        try "id: broken\nname: Broken\nphases:\n  lunch:\n    - title: Eat\n".write(
            toFile: directory + "/broken.yml", atomically: true, encoding: .utf8)
        let library = PlaybookLibrary(directory: directory)
        #expect(library["phishing"]?.name == "Our phishing")
        #expect(library["phishing"]?.phases.first?.tasks.first?.due == 900)
        #expect(library["vendor"]?.phases.first?.tasks.first?.requiredEvidence == ["ticket"])
        #expect(library["malware"] != nil, "the other bundled ones stay")
        #expect(
            library.errors.map(\.description) == ["\(directory)/broken.yml:5: 'lunch' is not a phase: triage, containment, eradication, recovery"])
    }
}

/// Playbooks, automation and response-action files refuse YAML aliases before they are composed.
@Suite struct ConfigYAMLAliasTests {
    @Test func aPlaybookWithAliasesIsAnErrorWithItsLine() {
        let text = "id: laughs\nname: &n [a,a,a,a,a,a,a,a]\nphases: &p [*n,*n,*n,*n,*n,*n,*n,*n]\n"
        #expect(throws: ConfigError(path: "laughs.yml", line: 3, message: "YAML aliases (*name) are not accepted; write the value out")) {
            _ = try Playbook.parse(text, path: "laughs.yml")
        }
    }
}
