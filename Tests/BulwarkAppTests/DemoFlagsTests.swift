// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
import BulwarkCore
import Governance
import Vulnerabilities
@testable import BulwarkApp

/// `bulwark demo` takes the flags of `serve` and must honour every one of them: its data is loaded by the same
/// platform the server then runs on, assembled from the same settings.
@Suite struct DemoFlagsTests {
    /// A value for every flag of `serve` except the storage flags, which `demo` replaces with its own `--data`.
    /// A new flag fails ``everyServeFlagHasASample()`` until it is listed here.
    static func samples(_ directory: String) throws -> [String: [String]] {
        let files = directory + "/files"
        try FileManager.default.createDirectory(atPath: files + "/playbooks", withIntermediateDirectories: true)
        try "# defaults only\n".write(toFile: files + "/detection.yml", atomically: true, encoding: .utf8)
        try """
        rules:
          - name: Brute force
            when: {tag: attack.t1110, min_severity: high}
            then: {case: extend, group_by: host}
        """.write(toFile: files + "/automation.yml", atomically: true, encoding: .utf8)
        try """
        actions:
          - id: disable-user
            name: Disable account
            method: POST
            url: https://dir.example/users/{{value}}/disable
            observable_types: [user]
        """.write(toFile: files + "/actions.yml", atomically: true, encoding: .utf8)
        try """
        runners:
          - name: ansible
            command: [ansible-playbook, -i, "{{inventory}}", --limit, "{{host}}", "{{playbook}}"]
            timeout: 30m
        """.write(toFile: files + "/runners.yml", atomically: true, encoding: .utf8)
        try "rules:\n  - ecosystem: npm\n    major_upgrades: hold\n".write(toFile: files + "/policy.yml", atomically: true, encoding: .utf8)
        try """
        rules:
          - id: crm-sales-and-reports
            conflict:
              - {source: crm, entitlement: sales}
              - {source: crm, entitlement: reports}
        """.write(toFile: files + "/sod.yml", atomically: true, encoding: .utf8)
        return [
            "--http": ["127.0.0.1:18555"], "--log-level": ["debug"], "--secure-cookies": [], "--trusted-proxy": ["127.0.0.1"], "--public-metrics": [],
            "--require-admin-mfa": [],
            "--smtp": ["smtp://127.0.0.1:2525"], "--mail-from": ["soc@example.com"], "--http-idle-timeout": ["45s"],
            "--http-max-connections": ["300"],
            "--http-max-connections-per-address": ["30"], "--search-timeout": ["12s"], "--shutdown-timeout": ["7s"],
            "--syslog-udp": ["127.0.0.1:15514"], "--syslog-tcp": ["127.0.0.1:15514"], "--syslog-tls": ["127.0.0.1:16514"],
            "--tls-cert": [files + "/cert.pem"], "--tls-key": [files + "/key.pem"], "--syslog-max-message": ["4096"],
            "--syslog-max-connections": ["50"], "--syslog-max-connections-per-address": ["5"], "--syslog-idle-timeout": ["2m"],
            "--max-events-per-request": ["1000"], "--retention": ["3650d"], "--retention-size": ["1GB"], "--source-silence": ["2h"],
            "--rules": [directory + "/demo/rules"], "--detection-config": [files + "/detection.yml"], "--rule-min-level": ["low"],
            "--rule-tag": ["attack"], "--rule-exclude": ["not-in-the-demo/"],
            "--alert-grouping": ["5m"], "--webhook": ["http://127.0.0.1:9/hook"], "--webhook-min-severity": ["high"],
            "--alert-email": ["soc@example.com"], "--email-min-severity": ["critical"],
            "--case-sla": ["critical=10m/12h"], "--pci-deadline": ["12h"], "--playbooks": [files + "/playbooks"],
            "--case-automation": [files + "/automation.yml"], "--response-actions": [files + "/actions.yml"], "--evidence-max-size": ["10MB"],
            "--evidence-dir": [files + "/evidence"],
            "--vuln-sla": ["critical=3,high=10,medium=40,low=100"],
            "--patch-approvers": ["2"], "--patch-verify-interval": ["5m"], "--patch-grace": ["48h"],
            "--patch-runners": [files + "/runners.yml"], "--patch-policy": [files + "/policy.yml"],
            "--access-sod": [files + "/sod.yml"],
        ]
    }

    static func flags(_ help: String) -> Set<String> {
        Set(help.matches(of: /\n  (--[a-z][a-z-]+)/).map { String($0.output.1) }).subtracting(["--help", "--version"])
    }

    /// Without --access-sod the demo writes its own rules to DIR/access-sod.yml and finds their conflicts: one on the
    /// CRM (a leaver approving invoices and exporting customers), one across the cloud and the directory.
    @Test func theDemoBringsItsSeparationOfDutiesRules() async throws {
        try await CommandTests.withDirectory { directory in
            let (platform, _) = try await DemoCommand.parse(["--data", directory + "/demo", "--http", "127.0.0.1:0"]).load()
            #expect(FileManager.default.fileExists(atPath: directory + "/demo/access-sod.yml"))
            let sod = try await platform.governance.service.findings(AccessFindingQuery(type: .sod), page: .init(limit: 50)).items
            #expect(sod.map(\.username).sorted() == ["jonas.berg", "jonas.berg", "marcus.webb"])
            let jonas = sod.filter { $0.username == "jonas.berg" }
            #expect(jonas.allSatisfy { $0.severity == .critical && $0.reasons[0].contains("cloud-and-directory-admin") })
            await platform.close()
        }
    }

    @Test func everyServeFlagHasASampleAndDemoTakesThemAll() throws {
        try CommandTests.withDirectoryNow { directory in
            let serve = Self.flags(ServeCommand.helpMessage(columns: 300)).subtracting(["--data", "--database", "--secret-key-file"])
            #expect(serve.count > 40)
            let sampled = Set(try Self.samples(directory).keys)
            #expect(sampled == serve, "give every flag of serve a sample value here")
            #expect(Self.flags(DemoCommand.helpMessage(columns: 300)).subtracting(["--data"]) == serve)
        }
    }

    @Test func theDemoIsAssembledAndLoadedWithEveryFlagAsServeWouldBe() async throws {
        try await CommandTests.withDirectory { directory in
            let arguments = try Self.samples(directory).sorted { $0.key < $1.key }.flatMap { [$0.key] + $0.value }
            let demo = try DemoCommand.parse(["--data", directory + "/demo"] + arguments)
            let (platform, _) = try await demo.load()
            let serve = try ServeCommand.parse(["--data", directory + "/demo"] + arguments)
            let expected = try serve.server.settings(storage: serve.storage.settings(Environment([:])), environment: Environment([:]))
            // What each area was built with is what serve builds from the same flags.
            #expect(String(reflecting: platform.foundation.settings) == String(reflecting: expected.foundation))
            #expect(String(reflecting: platform.monitoring.settings) == String(reflecting: expected.monitoring))
            #expect(String(reflecting: platform.detection.settings) == String(reflecting: expected.detection))
            #expect(String(reflecting: platform.incidents.settings) == String(reflecting: expected.incidents))
            #expect(String(reflecting: platform.vulnerabilities.settings) == String(reflecting: expected.vulnerabilities))
            #expect(platform.patching.settings == expected.patching)
            #expect(platform.governance.service.settings == expected.governance)
            // --access-sod replaces the demo's rules: sofia.rossi sells and reports on the CRM.
            let sod = try await platform.governance.service.findings(AccessFindingQuery(type: .sod), page: .init(limit: 50)).items
            #expect(sod.map(\.username) == ["sofia.rossi"])
            // Demo jobs need the two approvals --patch-approvers asks for.
            let approved = try await platform.patching.service.jobs(statuses: [.approved, .scheduled], page: .init(limit: 50)).items
            #expect(!approved.isEmpty && approved.allSatisfy { $0.requiredApprovals == 2 && $0.approvals.count == 2 })
            // And the loaded data shows it: findings are due by the demo's SLA, alerts grouped by its window.
            #expect(platform.incidents.alerts.groupingWindow == 300)
            #expect(platform.monitoring.service.settings.maximumEventsPerRequest == 1000)
            let findings = try await platform.vulnerabilities.service.list(FindingQuery(states: FindingState.allCases), page: .init(limit: 500)).items
            let days: [Severity: Double] = [.critical: 3, .high: 10, .medium: 40, .low: 100]
            let timed = findings.filter { !$0.kev && days[$0.severity] != nil }
            #expect(timed.count >= 3)
            for finding in timed {
                #expect(finding.dueAt == finding.firstSeen.addingTimeInterval(days[finding.severity]! * 86_400), "--vuln-sla for \(finding.severity)")
            }
            await platform.close()
        }
    }
}
