// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import AccessControl
import BulwarkCore
import Inventory
import Incidents
import Foundation
import Vulnerabilities
import Logging
import Monitoring
import NIOCore
import NIOPosix
import Storage
import Testing
@testable import BulwarkApp

/// The command line, run in-process against real data directories.
@Suite struct CommandTests {
    static func withDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(directory)
    }

    static func withDirectoryNow<T>(_ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    static func open(_ directory: String) async throws -> Platform {
        try await Platform.assemble(ServerSettings(storage: StorageSettings(dataDirectory: directory)), logger: Logger(label: "test"))
    }

    /// The secret key is made on the first start, readable by the owner only, and kept; a different key is refused.
    @Test func theSecretKeyFileIsCreatedOnceWithMode0600() async throws {
        try await Self.withDirectory { directory in
            let platform = try await Self.open(directory)
            await platform.close()
            let path = directory + "/secret.key"
            let key = try String(contentsOfFile: path, encoding: .utf8)
            #expect(Data(base64Encoded: key.trimmingCharacters(in: .whitespacesAndNewlines))?.count == 32)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
            #expect(
                await BulwarkCommand.run(arguments: ["admin", "create-user", "--data", directory, "--username", "alice", "--role", "admin"]) == 0)
            let reopened = try await Self.open(directory)
            await reopened.close()
            #expect(try String(contentsOfFile: path, encoding: .utf8) == key, "never overwritten")
            // A user with TOTP, then the wrong key: the start fails and says why.
            let opened = try await Self.open(directory)
            var alice = try #require(try await opened.foundation.auth.findUser(username: "alice"))
            alice.mfaSecret = "JBSWY3DPEHPK3PXP"
            try await opened.foundation.auth.users.update(alice)
            await opened.close()
            let wrong = directory + "/other.key"
            try SecretBox.generateKey().write(toFile: wrong, atomically: true, encoding: .utf8)
            var settings = StorageSettings(dataDirectory: directory)
            settings.secretKeyFile = wrong
            await #expect(throws: SecretBox.Failure.cannotOpen) {
                _ = try await Platform.assemble(ServerSettings(storage: settings), logger: Logger(label: "test"))
            }
        }
    }

    @Test func createUserAndTokenWorkOnTheDataDirectory() async throws {
        try await Self.withDirectory { directory in
            #expect(
                await BulwarkCommand.run(arguments: ["admin", "create-user", "--data", directory, "--username", "alice", "--role", "admin"]) == 0)
            #expect(
                await BulwarkCommand.run(arguments: ["admin", "create-user", "--data", directory, "--username", "alice", "--role", "admin"]) == 2,
                "a taken username is an input error")
            #expect(await BulwarkCommand.run(arguments: ["admin", "create-user", "--data", directory, "--username", "bob", "--role", "root"]) == 2)
            #expect(
                await BulwarkCommand.run(arguments: [
                    "admin", "create-token", "--data", directory, "--username", "alice", "--scope", "ingest", "--expires", "7",
                ]) == 0)
            #expect(
                await BulwarkCommand.run(arguments: ["admin", "create-token", "--data", directory, "--username", "alice", "--scope", "everything"])
                    == 2)
            #expect(await BulwarkCommand.run(arguments: ["admin", "create-token", "--data", directory, "--username", "nobody"]) == 2)
            let platform = try await Self.open(directory)
            let alice = try #require(try await platform.foundation.auth.findUser(username: "alice"))
            #expect(alice.role == .admin)
            let tokens = try await platform.foundation.auth.listTokens(userID: alice.id)
            #expect(tokens.map(\.scopes) == [[.ingest]])
            #expect(tokens.first?.expiresAt.map { Int($0.timeIntervalSince(tokens[0].createdAt).rounded()) } == 7 * 86_400)
            let audit = try await platform.foundation.audit.list(AuditQuery(actor: "cli"), page: PageRequest()).items.map(\.action)
            #expect(audit == ["token.create", "user.create"])
            await platform.close()
            #expect(await BulwarkCommand.run(arguments: ["admin", "revoke-token", "--data", directory, tokens[0].id]) == 0)
            #expect(
                await BulwarkCommand.run(arguments: ["admin", "disable-user", "--data", directory, "--username", "alice"]) == 2,
                "the last admin cannot be disabled")
        }
    }

    @Test func importReportsBadRowsAndAppliesAllOrNothing() async throws {
        try await Self.withDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let file = directory + "/assets.csv"
            try "name,ips,criticality\nweb-1,10.0.0.1,high\nweb-2,10.0.0.999,high\n".write(toFile: file, atomically: true, encoding: .utf8)
            #expect(await BulwarkCommand.run(arguments: ["import", "assets", "--data", directory, file]) == 2)
            let before = try await Self.open(directory)
            let countBefore = try await before.foundation.inventory.assetCount()
            await before.close()
            #expect(countBefore == 0)
            #expect(await BulwarkCommand.run(arguments: ["import", "assets", "--data", directory, "--partial", file]) == 1)
            let after = try await Self.open(directory)
            let names = try await after.foundation.inventory.listAssets(AssetQuery(), page: PageRequest()).items.map(\.name)
            await after.close()
            #expect(names == ["web-1"])
            #expect(await BulwarkCommand.run(arguments: ["import", "people", "--data", directory, directory + "/missing.csv"]) == 2)
        }
    }

    @Test func usageErrorsExitTwo() async {
        #expect(await BulwarkCommand.run(arguments: ["no-such-command"]) == 2)
        #expect(await BulwarkCommand.run(arguments: ["admin", "create-user", "--username"]) == 2)
        #expect(await BulwarkCommand.run(arguments: ["--help"]) == 0)
        #expect(await BulwarkCommand.run(arguments: ["admin", "permissions"]) == 0)
    }

    @Test func serverOptionsReadFlagsThenEnvironment() throws {
        let options = try ServerOptions.parse(["--http", "[::1]:9000", "--log-level", "debug"])
        let settings = try options.settings(
            storage: StorageSettings(), environment: Environment(["BULWARK_HTTP": "0.0.0.0:1", "BULWARK_SECURE_COOKIES": "true"]))
        #expect(settings.foundation.host == "::1")
        #expect(settings.foundation.port == 9000)
        #expect(settings.foundation.logLevel == .debug)
        #expect(settings.foundation.secureCookies)
        let fromEnvironment = try ServerOptions.parse([]).settings(
            storage: StorageSettings(), environment: Environment(["BULWARK_HTTP": "0.0.0.0:8443"]))
        #expect(fromEnvironment.foundation.host == "0.0.0.0")
        #expect(fromEnvironment.foundation.port == 8443)
        #expect(throws: SettingsError.self) { try ServerSettings.parseAddress("localhost", flag: "--http") }
        #expect(throws: SettingsError.self) { try ServerSettings.parseAddress("localhost:99999", flag: "--http") }
        #expect(throws: InputError.self) {
            try ServerOptions.parse([]).settings(storage: StorageSettings(), environment: Environment(["BULWARK_PUBLIC_METRICS": "maybe"]))
        }
    }

    @Test func detectionOptions() throws {
        let settings = try ServerOptions.parse([
            "--rules", "/r1", "--rules", "/r2", "--rule-min-level", "high", "--rule-tag", "attack.t1059",
            "--alert-grouping", "30m", "--webhook", "https://hooks.example/x", "--webhook-min-severity", "critical",
        ])
        .settings(
            storage: StorageSettings(), environment: Environment(["BULWARK_WEBHOOK_SECRET": "s", "BULWARK_RULE_EXCLUDE": "hunting/,deprecated/"]))
        #expect(settings.detection.engine.rulePaths == ["/r1", "/r2"])
        #expect(settings.detection.engine.minimumLevel == .high)
        #expect(settings.detection.engine.tags == ["attack.t1059"])
        #expect(settings.detection.engine.excludedPaths == ["hunting/", "deprecated/"])
        #expect(settings.incidents.alertGrouping == 1800)
        #expect(settings.incidents.webhooks == [WebhookSettings(url: "https://hooks.example/x", secret: "s", minimumSeverity: .critical)])
        #expect(throws: InputError.self) {
            try ServerOptions.parse(["--rule-min-level", "severe"]).settings(storage: StorageSettings(), environment: Environment([:]))
        }
        #expect(throws: InputError.self) {
            try ServerOptions.parse(["--webhook", "ftp://x"]).settings(storage: StorageSettings(), environment: Environment([:]))
        }
        let fromEnvironment = try ServerOptions.parse([]).settings(
            storage: StorageSettings(dataDirectory: "/nonexistent"), environment: Environment(["BULWARK_RULES": "/a:/b"]))
        #expect(fromEnvironment.detection.engine.rulePaths == ["/a", "/b"])
        #expect(
            try ServerOptions.parse([]).settings(storage: StorageSettings(dataDirectory: "/nonexistent"), environment: Environment([:])).detection
                .engine.rulePaths == [])
    }

    @Test func bootstrapAdminOnlyOnAnEmptyDatabase() async throws {
        try await Self.withDirectory { directory in
            let platform = try await Self.open(directory)
            let environment = Environment(["BULWARK_BOOTSTRAP_ADMIN_PASSWORD": "first admin password 1", "BULWARK_BOOTSTRAP_ADMIN_USERNAME": "chief"])
            try await Server.bootstrapAdmin(platform, environment: environment, logger: Logger(label: "test"))
            #expect(try await platform.foundation.auth.findUser(username: "chief")?.role == .admin)
            try await Server.bootstrapAdmin(
                platform,
                environment: Environment(["BULWARK_BOOTSTRAP_ADMIN_PASSWORD": "another password 22", "BULWARK_BOOTSTRAP_ADMIN_USERNAME": "second"]),
                logger: Logger(label: "test"))
            #expect(try await platform.foundation.auth.userCount() == 1)
            await platform.close()
        }
    }
}

@Suite struct DemoTests {
    @Test func demoDataIsConsistentAcrossTheInventory() async throws {
        try await CommandTests.withDirectory { directory in
            let (platform, accounts) = try await DemoCommand.parse(["--data", directory]).load()
            #expect(Set(accounts.map(\.role)) == Set(Role.allCases))
            for account in accounts {
                let grant = try await platform.foundation.auth.login(
                    username: account.username, password: account.password, source: "test", userAgent: "t")
                #expect(grant.session.stage == .active)
            }
            let people = try await platform.foundation.inventory.listPeople(PersonQuery(), page: PageRequest(limit: 500)).items
            let emails = Set(people.map(\.email))
            #expect(people.count == DemoInventory.people.count)
            for person in people where !person.manager.isEmpty { #expect(emails.contains(person.manager), "\(person.name)'s manager") }
            #expect(people.contains { $0.employmentStatus == .terminated }, "the demo shows leavers for access reviews")
            let assets = try await platform.foundation.inventory.listAssets(AssetQuery(), page: PageRequest(limit: 500)).items
            #expect(assets.count == DemoInventory.assets.count)
            for asset in assets { #expect(emails.contains(asset.owner), "\(asset.name)'s owner") }
            #expect(Set(assets.map(\.criticality)) == Set(Criticality.allCases))
            // The events tell their story on the demo's own hosts, every one of them parsed.
            let assetNames = Set(assets.map(\.name))
            let sources = try await platform.monitoring.events.sources()
            #expect(!sources.isEmpty)
            for source in sources { #expect(assetNames.contains(source.host), "events from \(source.host), an asset of the inventory") }
            func count(_ query: String) async throws -> Int {
                try await platform.monitoring.events.search(try EventQuery(query), limit: 1, cursor: nil).total
            }
            #expect(try await count("host.name:bastion-01 AND event.action:ssh_login AND event.outcome:failure AND source.ip:198.51.100.23") == 61)
            #expect(try await count("host.name:bastion-01 AND event.outcome:success AND user.name:deploy AND source.ip:198.51.100.23") == 1)
            #expect(try await count("event.action:logon-failed AND source.ip:10.20.5.50") == 8)
            #expect(try await count("event.action:added-user-account AND user.name:a.kowalski AND user.target.name:svc-backup2") == 1)
            #expect(try await count("event.action:added-member-to-group AND group.name:\"Domain Admins\" AND user.target.name:svc-backup2") == 1)
            #expect(try await count("-bulwark.parser:*") == 0, "every demo event is understood by a parser")
            #expect(try await count("bulwark.timestamp_issue:*") == 0)
            #expect(try await count("@timestamp>now") == 0, "nothing in the demo happens in the future")
            // Every saved search of the demo finds something in the demo's own events, in its own range.
            let saved = try await platform.monitoring.service.savedSearches(visibleTo: "engineer")
            #expect(saved.count == 3)
            for search in saved {
                let from = Date().addingTimeInterval(search.range == "7d" ? -7 * 86_400 : -86_400)
                let found = try await platform.monitoring.events.search(try EventQuery(search.query, from: from), limit: 1, cursor: nil).total
                #expect(found > 0, "saved search \(search.name)")
            }
            // The demo's rules and indicators found the story, and nothing else: one alert per act.
            let alerts = try await platform.incidents.alerts.listAlerts(AlertQuery(statuses: AlertStatus.allCases), page: PageRequest(limit: 100))
                .items
            let titles = Dictionary(grouping: alerts, by: \.title).mapValues(\.count)
            #expect(titles["SSH brute force from one address"] == 1)
            #expect(titles["Interactive root shell through sudo"] == 1)
            #expect(titles["Password spray from one address"] == 1)
            #expect(titles["Member added to a privileged domain group"] == 1)
            #expect(titles["Encoded PowerShell started by an Office application"] == 1)
            #expect(titles["Web scanner probing for secrets and admin pages"] == 1)
            // The brute-forcing address also knocked on the VPN firewall: one indicator, two hosts, two alerts.
            #expect(
                alerts.filter { $0.source == .intel }.map { "\($0.context["indicator"] ?? "") on \($0.host)" }.sorted()
                    == [
                        "198.51.100.23 on bastion-01", "198.51.100.23 on vpn-01", "203.0.113.66 on laptop-fin-014",
                        "203.0.113.66 on laptop-sal-007", "cdn-update.example.net on laptop-fin-014", "cdn-update.example.net on laptop-sal-007",
                    ])
            #expect(alerts.count == 12, "\(alerts.map { "\($0.title) on \($0.host) user \($0.user)" })")
            let powershell = try #require(alerts.first { $0.title.hasPrefix("Encoded PowerShell") })
            #expect(powershell.severity == .critical && powershell.host == "laptop-fin-014" && powershell.assetID != nil)
            let bruteForce = try #require(alerts.first { $0.title == "SSH brute force from one address" })
            #expect(bruteForce.status == .acknowledged && bruteForce.context["group.source.ip"] == "198.51.100.23")
            #expect(bruteForce.user == "", "a correlation names no user unless it groups by one")
            #expect(bruteForce.count == 3, "61 failures: the window fires at 20, 40 and 60, and the three grow one alert")
            #expect(alerts.first { $0.title == "Password spray from one address" }?.user == "")
            #expect(alerts.first { $0.title.hasPrefix("Web scanner") }?.closeReason == .benign)
            for alert in alerts where alert.source != .intel {
                #expect(alert.assetID != nil, "\(alert.title) on \(alert.host) points at its inventory asset")
            }
            // Vulnerabilities: the payments app's Log4Shell and Spring4Shell (KEV) top the list and are overdue; the
            // gateway's Rapid Reset follows; triage states set by the manager; the wiki's upgrade closed its finding.
            let findings = try await platform.vulnerabilities.service.list(FindingQuery(states: []), page: PageRequest(limit: 500)).items
            let open = findings.filter { $0.state.isActive }
            #expect(open.prefix(3).map(\.vulnerabilityID) == ["GHSA-jfh8-c2jp-5v3q", "GHSA-36p3-wjmg-h94x", "GO-2023-2102"])
            #expect(open.prefix(3).allSatisfy { $0.kev && $0.decision == .act && $0.isOverdue(at: Date()) })
            for finding in findings { #expect(assetNames.contains(finding.assetName)) }
            #expect(findings.contains { $0.assetName == "wiki-01" && $0.state == .fixed })
            #expect(
                findings.contains {
                    $0.assetName == "web-staging-01" && $0.state == .riskAccepted && $0.stateBy == "manager" && $0.acceptedUntil != nil
                })
            #expect(findings.contains { $0.assetName == "web-prod-02" && $0.state == .falsePositive })
            #expect(findings.contains { $0.assetName == "bastion-01" && $0.state == .inRemediation })
            #expect(
                findings.contains { $0.assetName == "mail-gw-01" && $0.package == "libssl1.1" }, "a Debian binary package matched through its source")
            let counts = try await platform.vulnerabilities.service.counts()
            #expect(counts.overdue >= 3 && counts.kev == 3)
            // Incidents: three open cases that tell the story, and ten weeks of closed ones for the metrics.
            let openCases = try await platform.incidents.cases.listCases(CaseQuery(statuses: CaseQuery.openStatuses), page: PageRequest(limit: 50))
                .items
            #expect(
                Set(openCases.map(\.title)) == [
                    "Bastion compromised through SSH brute force", "Finance laptop beaconing to a known C2 after a macro document",
                    "HR share exported after privileged group change",
                ])
            let bastion = try #require(openCases.first { $0.title.hasPrefix("Bastion") })
            #expect(bastion.status == .containment && bastion.alertIDs.count == 4 && bastion.playbooks == ["compromised-account"])
            let dossier = try await platform.incidents.cases.dossier(bastion.id)
            #expect(dossier.evidence.first?.sha256 == Evidence.sha256(Data(DemoIncidents.bastionLog.utf8)))
            #expect(dossier.actions.first?.status == .succeeded && dossier.actions.first?.decidedBy == "manager")
            #expect(dossier.observables.contains { $0.value == "198.51.100.23" && $0.ioc })
            #expect(dossier.related.map { $0.title } == ["HR share exported after privileged group change"])
            let breach = try #require(openCases.first { $0.title.hasPrefix("HR share") })
            #expect(
                breach.regulatoryClocks(RegulatorySettings(), now: Date()).first { $0.name == "gdpr" }?.state == .warning,
                "the GDPR clock is close to running out")
            let metrics = try await platform.incidents.cases.metrics(
                from: Date().addingTimeInterval(-90 * 86400), to: Date().addingTimeInterval(60), interval: .week)
            #expect(metrics.all.closed == 8)
            #expect(metrics.all.meanTimeToResolve != nil && metrics.all.meanTimeToDetect != nil)
            await platform.close()
        }
    }

    @Test func prepareNeverDeletesADirectoryItDidNotMake() async throws {
        try await CommandTests.withDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try "precious".write(toFile: directory + "/data.txt", atomically: true, encoding: .utf8)
            #expect(throws: InputError.self) { try DemoCommand.prepare(directory: directory) }
            #expect(FileManager.default.fileExists(atPath: directory + "/data.txt"))
            try FileManager.default.removeItem(atPath: directory + "/data.txt")
            try DemoCommand.prepare(directory: directory)
            try "old".write(toFile: directory + "/old.sqlite", atomically: true, encoding: .utf8)
            try DemoCommand.prepare(directory: directory)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == [DemoCommand.marker])
        }
    }

    @Test func aCommandThatReadsRefusesADataDirectoryThatIsNotThere() async throws {
        try await CommandTests.withDirectory { directory in
            for arguments in [["admin", "list-users"], ["events", "search", "x"], ["events", "sources"], ["admin", "list-tokens"]] {
                #expect(await BulwarkCommand.run(arguments: arguments + ["--data", directory]) == 2, "\(arguments)")
                #expect(!FileManager.default.fileExists(atPath: directory), "\(arguments) created nothing")
            }
            #expect(await BulwarkCommand.run(arguments: ["admin", "create-user", "--data", directory, "--username", "ann", "--role", "admin"]) == 0)
            #expect(await BulwarkCommand.run(arguments: ["admin", "list-users", "--data", directory]) == 0, "once it exists, it is read")
        }
    }

    @Test(.timeLimit(.minutes(1))) func aPortInUseStopsTheDemoBeforeItFillsItsDirectory() async throws {
        let taken = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(taken.localAddress?.port)
        try await CommandTests.withDirectory { directory in
            #expect(await BulwarkCommand.run(arguments: ["demo", "--data", directory, "--http", "127.0.0.1:\(port)"]) == 2)
            #expect(!FileManager.default.fileExists(atPath: directory), "nothing was written before the check")
            #expect(await BulwarkCommand.run(arguments: ["serve", "--data", directory, "--http", "127.0.0.1:\(port)"]) == 2)
            #expect(!FileManager.default.fileExists(atPath: directory + "/bulwark.sqlite"), "the database was not opened")
        }
        try await taken.close()
    }

    @Test func aBackupTakenWhileTheDatabaseIsInUseRestoresIntoANewDirectory() async throws {
        try await CommandTests.withDirectory { directory in
            #expect(
                await BulwarkCommand.run(arguments: ["admin", "create-user", "--data", directory, "--username", "ann", "--role", "analyst"]) == 0)
            let platform = try await CommandTests.open(directory)
            try await platform.monitoring.events.append([
                Event(timestamp: Date(), received: Date(), host: "web-1", input: "test", raw: "before the backup", fields: [:])
            ])
            let backup = directory + "-backup", restored = directory + "-restored"
            defer {
                try? FileManager.default.removeItem(atPath: backup)
                try? FileManager.default.removeItem(atPath: restored)
            }
            // The server still has the database open: the copy is taken all the same.
            #expect(await BulwarkCommand.run(arguments: ["backup", "--data", directory, "--to", backup]) == 0)
            await platform.close()
            #expect(try FileManager.default.attributesOfItem(atPath: backup + "/bulwark.sqlite")[.posixPermissions] as? Int == 0o600)
            #expect(await BulwarkCommand.run(arguments: ["backup", "--data", directory, "--to", backup]) == 2, "never over an existing directory")
            #expect(await BulwarkCommand.run(arguments: ["restore", "--from", backup, "--data", restored]) == 0)
            #expect(
                try String(contentsOfFile: restored + "/secret.key", encoding: .utf8)
                    == String(contentsOfFile: directory + "/secret.key", encoding: .utf8))
            let reopened = try await CommandTests.open(restored)
            #expect(try await reopened.foundation.auth.findUser(username: "ann") != nil)
            #expect(try await reopened.monitoring.events.search(try EventQuery("backup"), limit: 1, cursor: nil).total == 1)
            await reopened.close()
            #expect(await BulwarkCommand.run(arguments: ["restore", "--from", backup, "--data", restored]) == 2, "never over a database")
            #expect(await BulwarkCommand.run(arguments: ["restore", "--from", directory + "-nowhere", "--data", directory + "-x"]) == 2)
            // A backup from a newer Bulwark is refused: downgrades are not possible.
            let newer = try await Database.open(.sqlite(path: backup + "/bulwark.sqlite"), migrate: false, logger: Logger(label: "test"))
            try await newer.transaction { db in
                try await db.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99999, 'future', 0)").run()
            }
            await newer.close()
            let fresh = directory + "-fresh"
            defer { try? FileManager.default.removeItem(atPath: fresh) }
            #expect(await BulwarkCommand.run(arguments: ["restore", "--from", backup, "--data", fresh]) == 2)
            #expect(!FileManager.default.fileExists(atPath: fresh + "/bulwark.sqlite"), "nothing is left behind")
        }
    }
}
