// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Inventory
import Foundation
import Vulnerabilities

/// The vulnerability story of the demo: a payments app still on Log4Shell and Spring4Shell (both in CISA's KEV),
/// the API gateway on an x/net with HTTP/2 Rapid Reset, the bastion before the regreSSHion fix, a mail gateway's
/// OpenSSL, a web tier's Django/requests/Jinja2, a staging lodash whose risk a manager accepted, and a wiki that was
/// upgraded (its finding closed as fixed). The advisories are abridged OSV records of real vulnerabilities; the
/// EPSS figures are illustrative.
enum DemoVulnerabilities {
    static func record(
        _ id: String, _ aliases: [String], related: [String] = [], _ summary: String, cvss: String?, published: String,
        _ affected: [(String, String, [(String, String)])], references: [String]
    ) -> OSVRecord {
        OSVRecord(
            id: id, modified: "2025-06-01T00:00:00Z", published: published, aliases: aliases, related: related.isEmpty ? nil : related,
            summary: summary, details: summary,
            severity: cvss.map { [OSVSeverity(type: $0.hasPrefix("CVSS:4") ? "CVSS_V4" : "CVSS_V3", score: $0)] },
            affected: affected.map { eco, name, ranges in
                OSVAffected(
                    package: OSVPackage(ecosystem: eco, name: name),
                    ranges: [
                        OSVRange(
                            type: eco == "Go" ? "SEMVER" : "ECOSYSTEM",
                            events: ranges.flatMap { [OSVEvent(introduced: $0.0), OSVEvent(fixed: $0.1)] })
                    ])
            },
            references: references.map { OSVReference(type: "ADVISORY", url: $0) })
    }

    static let advisories: [OSVRecord] = [
        record(
            "GHSA-jfh8-c2jp-5v3q", ["CVE-2021-44228"], "Remote code injection in Log4j (Log4Shell)",
            cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", published: "2021-12-10T00:00:00Z",
            [("Maven", "org.apache.logging.log4j:log4j-core", [("2.0-beta9", "2.3.1"), ("2.4", "2.12.2"), ("2.13.0", "2.15.0")])],
            references: ["https://nvd.nist.gov/vuln/detail/CVE-2021-44228", "https://logging.apache.org/log4j/2.x/security.html"]),
        record(
            "GHSA-36p3-wjmg-h94x", ["CVE-2022-22965"], "Remote code execution in Spring Framework (Spring4Shell)",
            cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", published: "2022-03-31T00:00:00Z",
            [("Maven", "org.springframework:spring-beans", [("0", "5.2.20.RELEASE"), ("5.3.0", "5.3.18")])],
            references: ["https://nvd.nist.gov/vuln/detail/CVE-2022-22965", "https://spring.io/security/cve-2022-22965"]),
        record(
            "GO-2023-2102", ["CVE-2023-39325", "GHSA-4374-p667-p6c8"], related: ["CVE-2023-44487"],
            "HTTP/2 rapid reset can cause excessive work in net/http", cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
            published: "2023-10-11T00:00:00Z", [("Go", "golang.org/x/net", [("0", "0.17.0")])],
            references: ["https://go.dev/issue/63417", "https://nvd.nist.gov/vuln/detail/CVE-2023-44487"]),
        record(
            "ALSA-2024:4312", ["CVE-2024-6387"], "Important: openssh security update (regreSSHion: signal handler race in sshd)",
            cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", published: "2024-07-03T00:00:00Z",
            [("AlmaLinux:9", "openssh", [("0", "8.7p1-38.el9_4.1")]), ("AlmaLinux:9", "openssh-server", [("0", "8.7p1-38.el9_4.1")])],
            references: ["https://errata.almalinux.org/9/ALSA-2024-4312.html", "https://www.qualys.com/2024/07/01/cve-2024-6387/regresshion.txt"]),
        record(
            "DSA-5343-1", ["CVE-2023-0286"], "openssl: X.400 address type confusion in X.509 GeneralName",
            cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:H", published: "2023-02-07T00:00:00Z",
            [("Debian:11", "openssl", [("0", "1.1.1n-0+deb11u4")])], references: ["https://www.debian.org/security/2023/dsa-5343"]),
        record(
            "PYSEC-2023-100", ["CVE-2023-36053", "GHSA-jh3w-4vvf-mjgr"], "Django: potential ReDoS in EmailValidator and URLValidator",
            cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", published: "2023-07-03T00:00:00Z",
            [("PyPI", "django", [("3.2", "3.2.20"), ("4.1", "4.1.10"), ("4.2", "4.2.3")])],
            references: ["https://www.djangoproject.com/weblog/2023/jul/03/security-releases/"]),
        record(
            "PYSEC-2023-74", ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"], "Requests leaks Proxy-Authorization headers to destination servers",
            cvss: "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", published: "2023-05-26T00:00:00Z",
            [("PyPI", "requests", [("2.3.0", "2.31.0")])], references: ["https://github.com/psf/requests/security/advisories/GHSA-j8r2-6x86-q33q"]),
        record(
            "GHSA-h5c8-rqwp-cp95", ["CVE-2024-22195"], "Jinja2 vulnerable to HTML attribute injection through the xmlattr filter",
            cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", published: "2024-01-11T00:00:00Z",
            [("PyPI", "jinja2", [("0", "3.1.3")])], references: ["https://github.com/pallets/jinja/security/advisories/GHSA-h5c8-rqwp-cp95"]),
        record(
            "GHSA-35jh-r3h4-6jhm", ["CVE-2021-23337"], "Command injection in lodash's template",
            cvss: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", published: "2021-02-15T00:00:00Z",
            [("npm", "lodash", [("0", "4.17.21")])], references: ["https://nvd.nist.gov/vuln/detail/CVE-2021-23337"]),
    ]

    static let kev: [KEVEntry] = [
        KEVEntry(
            cve: "CVE-2021-44228", vendor: "Apache", product: "Log4j2", name: "Apache Log4j2 Remote Code Execution Vulnerability",
            dateAdded: "2021-12-10",
            dueDate: "2021-12-24", ransomware: "Known",
            requiredAction: "For all affected software assets for which updates exist, apply updates per vendor instructions."),
        KEVEntry(
            cve: "CVE-2022-22965", vendor: "VMware", product: "Spring Framework", name: "Spring Framework JDK 9+ Remote Code Execution Vulnerability",
            dateAdded: "2022-04-04",
            dueDate: "2022-04-25", ransomware: "Unknown", requiredAction: "Apply updates per vendor instructions."),
        KEVEntry(
            cve: "CVE-2023-44487", vendor: "IETF", product: "HTTP/2", name: "HTTP/2 Rapid Reset Attack Vulnerability", dateAdded: "2023-10-10",
            dueDate: "2023-10-31", ransomware: "Unknown",
            requiredAction: "Apply mitigations per vendor instructions or discontinue use of the product if mitigations are unavailable."),
    ]

    static let epss: [(String, Double, Double)] = [
        ("CVE-2021-44228", 0.9447, 0.9999), ("CVE-2022-22965", 0.9437, 0.9996), ("CVE-2023-44487", 0.8170, 0.9915), ("CVE-2024-6387", 0.4237, 0.9736),
        ("CVE-2023-0286", 0.0464, 0.8897), ("CVE-2023-39325", 0.0843, 0.9215), ("CVE-2023-36053", 0.0182, 0.7530), ("CVE-2023-32681", 0.0305, 0.8352),
        ("CVE-2024-22195", 0.0041, 0.4120), ("CVE-2021-23337", 0.0117, 0.6619),
    ]

    static let inventories: [(asset: String, name: String, source: String, ecosystem: String?, content: String)] = [
        (
            "payments-app-01", "bom.cdx.json", "app", nil,
            """
            {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
             "metadata":{"component":{"type":"application","name":"payments-service","version":"3.4.1"}},
             "components":[
              {"type":"library","group":"org.apache.logging.log4j","name":"log4j-core","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
              {"type":"library","group":"org.springframework","name":"spring-beans","version":"5.3.17","purl":"pkg:maven/org.springframework/spring-beans@5.3.17"},
              {"type":"library","group":"com.fasterxml.jackson.core","name":"jackson-databind","version":"2.15.2","purl":"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2"}]}
            """
        ),
        (
            "api-gw-01", "go.mod", "app", nil,
            """
            module example.com/api-gateway

            go 1.21

            require (
            \tgolang.org/x/net v0.10.0
            \tgithub.com/prometheus/client_golang v1.16.0
            )
            """
        ),
        (
            "bastion-01", "rpm-qa.txt", "os", "AlmaLinux:9",
            """
            openssh 0:8.7p1-34.el9 x86_64
            openssh-server 0:8.7p1-34.el9 x86_64
            bash 0:5.1.8-6.el9_1 x86_64
            sudo 0:1.9.5p2-9.el9 x86_64
            """
        ),
        (
            "mail-gw-01", "status", "os", "Debian:11",
            """
            Package: openssl
            Status: install ok installed
            Architecture: amd64
            Version: 1.1.1n-0+deb11u3

            Package: libssl1.1
            Status: install ok installed
            Source: openssl
            Architecture: amd64
            Version: 1.1.1n-0+deb11u3

            Package: postfix
            Status: install ok installed
            Version: 3.5.18-0+deb11u1
            """
        ),
        ("web-prod-01", "requirements.txt", "app", nil, "Django==3.2.18\nrequests==2.28.1\nJinja2==3.1.2\ngunicorn==20.1.0\n"),
        ("web-prod-02", "requirements.txt", "app", nil, "Django==3.2.18\nrequests==2.28.1\nJinja2==3.1.2\ngunicorn==20.1.0\n"),
        (
            "web-staging-01", "package-lock.json", "frontend", nil,
            """
            {"name":"storefront","lockfileVersion":3,"packages":{"":{"name":"storefront"},
             "node_modules/lodash":{"version":"4.17.20"},"node_modules/react":{"version":"18.2.0"}}}
            """
        ),
        ("wiki-01", "requirements.txt", "app", nil, "requests==2.28.1\nMarkdown==3.4.1\n"),
    ]

    static func load(into service: VulnerabilityService, findings: any FindingStore, inventory assetsOf: InventoryService, now: Date) async throws {
        var batch = AdvisoryBatch()
        batch.records = advisories
        batch.kev = kev
        batch.kevCatalogVersion = "demo"
        batch.epss = epss.map { EPSSScore(cve: $0.0, probability: $0.1, percentile: $0.2, date: "2026-11-28") }
        _ = try await service.importAdvisories(batch, source: "demo advisories", by: .system)
        let assets = try await assetsOf.listAssets(AssetQuery(), page: PageRequest(limit: PageRequest.maximumLimit)).items
        func asset(_ name: String) -> Asset? { assets.first { $0.name == name } }
        for inventory in inventories {
            guard let asset = asset(inventory.asset) else { continue }
            _ = try await service.importInventory(
                assetID: asset.id, bytes: Array(inventory.content.utf8), name: inventory.name, source: inventory.source,
                ecosystem: inventory.ecosystem, by: .system)
        }
        // The wiki was upgraded: its second inventory closes the requests finding as fixed.
        if let wiki = asset("wiki-01") {
            _ = try await service.importInventory(
                assetID: wiki.id, bytes: Array("requests==2.31.0\nMarkdown==3.4.1\n".utf8), name: "requirements.txt",
                source: "app", by: .system)
        }
        // History: the Java and gateway findings were first seen weeks ago (now overdue), the bastion's last week.
        var aged: [Finding] = []
        for (name, days) in [
            ("payments-app-01", 45.0), ("api-gw-01", 40.0), ("bastion-01", 9.0), ("mail-gw-01", 120.0), ("web-prod-01", 20.0), ("web-prod-02", 20.0),
        ] {
            guard let asset = asset(name) else { continue }
            for var finding in try await findings.findings(assetID: asset.id) {
                finding.firstSeen = now.addingTimeInterval(-days * 86_400)
                let kevEntry =
                    finding.kev
                    ? kev.first { finding.aliases.contains($0.cve) || ($0.cve == "CVE-2023-44487" && finding.vulnerabilityID == "GO-2023-2102") }
                    : nil
                finding.dueAt = service.sla.due(firstSeen: finding.firstSeen, severity: finding.severity, kev: kevEntry)
                aged.append(finding)
            }
        }
        try await findings.saveFindings(aged)
        // Triage: remediation under way on the bastion, a risk accepted on staging (approved by the manager), a false positive.
        let all = try await service.list(FindingQuery(states: FindingState.allCases), page: PageRequest(limit: PageRequest.maximumLimit)).items
        let manager = AuditActor(username: "manager", source: "demo")
        if let ssh = all.first(where: { $0.assetName == "bastion-01" && $0.package == "openssh-server" }) {
            _ = try await service.update(
                ids: [ssh.id], .init(state: .inRemediation, reason: "PATCH-112: dnf update openssh in tonight's window"), by: manager)
        }
        if let lodash = all.first(where: { $0.assetName == "web-staging-01" }) {
            _ = try await service.update(
                ids: [lodash.id],
                .init(
                    state: .riskAccepted, reason: "staging only, no untrusted templates; fixed with the storefront upgrade in Q1",
                    acceptedUntil: now.addingTimeInterval(60 * 86_400)), by: manager)
        }
        if let jinja = all.first(where: { $0.assetName == "web-prod-02" && $0.package.lowercased() == "jinja2" }) {
            _ = try await service.update(
                ids: [jinja.id],
                .init(state: .falsePositive, reason: "the app never uses the xmlattr filter (grep of templates attached to PATCH-98)"), by: manager)
        }
    }
}
