// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation

/// The demo's foundation: one account per role, a mid-sized company's people and assets. Deterministic except for
/// passwords (generated, printed once).
/// A demo user and its one-time password.
public struct DemoAccount: Sendable {
    public var username: String
    public var role: Role
    public var password: String
}

enum DemoInventory {

    static let users: [(String, Role, String, String)] = [
        ("admin", .admin, "Dana Okafor", "dana.okafor@example.com"),
        ("manager", .manager, "Priya Raman", "priya.raman@example.com"),
        ("analyst", .analyst, "Tomás Ferreira", "tomas.ferreira@example.com"),
        ("engineer", .engineer, "Lena Vogel", "lena.vogel@example.com"),
        ("auditor", .auditor, "Samuel Adeyemi", "samuel.adeyemi@example.com"),
        ("employee", .employee, "Mia Chen", "mia.chen@example.com"),
    ]

    /// Name, department, manager's index (or nil), status, start, end.
    static let people: [(String, String, Int?, EmploymentStatus, String, String)] = [
        ("Dana Okafor", "Security", nil, .active, "2019-03-04", ""),
        ("Priya Raman", "Security", 0, .active, "2020-06-15", ""),
        ("Tomás Ferreira", "Security", 1, .active, "2021-09-01", ""),
        ("Lena Vogel", "IT Operations", 6, .active, "2018-01-08", ""),
        ("Samuel Adeyemi", "Internal Audit", 8, .active, "2022-02-14", ""),
        ("Mia Chen", "Finance", 9, .active, "2023-05-02", ""),
        ("Jonas Berg", "IT Operations", nil, .active, "2016-11-21", ""),
        ("Aisha Khan", "IT Operations", 6, .active, "2019-08-19", ""),
        ("Robert Hale", "Internal Audit", nil, .active, "2015-04-01", ""),
        ("Elena Petrova", "Finance", nil, .active, "2017-07-10", ""),
        ("Marcus Webb", "Finance", 9, .terminated, "2019-01-14", "2026-09-30"),
        ("Sofia Rossi", "Sales", 13, .active, "2021-03-22", ""),
        ("Kenji Watanabe", "Sales", 13, .onLeave, "2020-10-05", ""),
        ("Grace Mensah", "Sales", nil, .active, "2014-09-15", ""),
        ("Oliver Grant", "Engineering", 15, .active, "2022-08-29", ""),
        ("Nadia Haddad", "Engineering", nil, .active, "2016-02-01", ""),
        ("Lucas Moreau", "Engineering", 15, .active, "2023-11-06", ""),
        ("Hannah Schmidt", "Engineering", 15, .terminated, "2020-04-20", "2026-10-17"),
        ("Ravi Patel", "Engineering", 15, .active, "2024-01-15", ""),
        ("Chloe Dubois", "HR", 20, .active, "2021-06-07", ""),
        ("Ahmed Farouk", "HR", nil, .active, "2013-05-13", ""),
        ("Isabel Santos", "Customer Support", 22, .active, "2022-12-01", ""),
        ("Patrick O'Neill", "Customer Support", nil, .active, "2018-03-19", ""),
        ("Yuki Tanaka", "Customer Support", 22, .active, "2025-02-03", ""),
        ("Ben Carter", "Engineering", 15, .active, "2025-07-21", ""),
    ]

    /// Name, hostnames, IPs, owner's person index, criticality, environment, internet-facing, tags.
    static let assets: [(String, [String], [String], Int, Criticality, String, Bool, [String])] = [
        (
            "web-prod-01", ["www.example.com", "web-prod-01.dc1.example.com"], ["203.0.113.10", "10.10.1.11"], 15, .critical, "production", true,
            ["web", "nginx", "pci"]
        ),
        (
            "web-prod-02", ["web-prod-02.dc1.example.com"], ["203.0.113.11", "10.10.1.12"], 15, .critical, "production", true,
            ["web", "nginx", "pci"]
        ),
        ("api-gw-01", ["api.example.com"], ["203.0.113.20", "10.10.1.20"], 15, .critical, "production", true, ["api", "gateway", "pci"]),
        ("payments-db-01", ["payments-db-01.dc1.example.com"], ["10.10.2.5"], 6, .critical, "production", false, ["database", "postgresql", "pci"]),
        ("payments-app-01", ["payments-app-01.dc1.example.com"], ["10.10.2.10"], 15, .critical, "production", false, ["java", "pci"]),
        ("dc-01", ["dc-01.corp.example.com"], ["10.20.0.10"], 6, .critical, "production", false, ["windows", "active-directory"]),
        ("dc-02", ["dc-02.corp.example.com"], ["10.20.0.11"], 6, .critical, "production", false, ["windows", "active-directory"]),
        ("vpn-01", ["vpn.example.com"], ["198.51.100.5"], 7, .high, "production", true, ["vpn", "edge"]),
        ("mail-gw-01", ["mx1.example.com"], ["198.51.100.25"], 7, .high, "production", true, ["mail", "edge"]),
        ("hr-app-01", ["hr.corp.example.com"], ["10.20.3.15"], 20, .high, "production", false, ["hr", "pii", "gdpr"]),
        ("crm-01", ["crm.corp.example.com"], ["10.20.3.20"], 13, .high, "production", false, ["crm", "pii", "gdpr"]),
        ("ehr-gateway-01", ["ehr-gw.corp.example.com"], ["10.20.4.8"], 15, .high, "production", false, ["hipaa", "phi"]),
        ("file-srv-01", ["files.corp.example.com"], ["10.20.1.30"], 7, .medium, "production", false, ["windows", "smb"]),
        ("jenkins-01", ["ci.corp.example.com"], ["10.30.0.5"], 17, .high, "production", false, ["ci", "build"]),
        ("gitlab-01", ["git.corp.example.com"], ["10.30.0.6"], 15, .high, "production", false, ["scm"]),
        ("k8s-node-01", ["k8s-node-01.dc1.example.com"], ["10.10.5.11"], 6, .high, "production", false, ["kubernetes", "linux"]),
        ("k8s-node-02", ["k8s-node-02.dc1.example.com"], ["10.10.5.12"], 6, .high, "production", false, ["kubernetes", "linux"]),
        ("k8s-node-03", ["k8s-node-03.dc1.example.com"], ["10.10.5.13"], 6, .high, "production", false, ["kubernetes", "linux"]),
        ("bastion-01", ["bastion.example.com"], ["198.51.100.9", "10.10.0.4"], 3, .high, "production", true, ["ssh", "edge"]),
        ("siem-collector-01", ["logs.corp.example.com"], ["10.20.9.2"], 2, .medium, "production", false, ["logging"]),
        ("backup-01", ["backup-01.dc1.example.com"], ["10.10.8.2"], 7, .high, "production", false, ["backup"]),
        ("print-srv-01", ["print.corp.example.com"], ["10.20.1.40"], 7, .low, "production", false, ["windows", "print"]),
        ("wiki-01", ["wiki.corp.example.com"], ["10.20.3.40"], 15, .medium, "production", false, ["confluence"]),
        ("web-staging-01", ["staging.example.com"], ["10.40.1.11"], 15, .medium, "staging", false, ["web", "nginx"]),
        ("payments-db-staging", ["payments-db.staging.example.com"], ["10.40.2.5"], 6, .medium, "staging", false, ["database", "postgresql"]),
        ("dev-box-lucas", ["dev-lucas.corp.example.com"], ["10.50.0.21"], 16, .low, "development", false, ["workstation", "linux"]),
        ("dev-box-ravi", ["dev-ravi.corp.example.com"], ["10.50.0.22"], 18, .low, "development", false, ["workstation", "linux"]),
        ("laptop-fin-014", ["laptop-fin-014.corp.example.com"], ["10.60.2.14"], 5, .medium, "production", false, ["laptop", "windows", "finance"]),
        ("laptop-sal-007", ["laptop-sal-007.corp.example.com"], ["10.60.3.7"], 11, .low, "production", false, ["laptop", "macos"]),
        ("legacy-erp-01", ["erp.corp.example.com"], ["10.20.3.50"], 10, .high, "production", false, ["erp", "legacy", "windows-2012"]),
        ("iot-badge-ctrl", ["badge.corp.example.com"], ["10.70.0.3"], 7, .medium, "production", false, ["iot", "physical-security"]),
        ("dns-01", ["ns1.example.com"], ["198.51.100.53", "2001:db8::53"], 6, .critical, "production", true, ["dns", "edge"]),
    ]

    /// The HR roster's job title of a department's people (their heads are "Head of …").
    static let titles = [
        "Customer Support": "Support Agent", "Engineering": "Software Engineer", "Finance": "Accountant", "HR": "HR Partner",
        "IT Operations": "Systems Administrator", "Internal Audit": "Internal Auditor", "Sales": "Account Executive",
        "Security": "Security Analyst",
    ]

    static func email(_ name: String) -> String {
        let ascii = name.applyingTransform(.stripDiacritics, reverse: false) ?? name
        return ascii.lowercased().replacingOccurrences(of: "'", with: "").replacingOccurrences(of: " ", with: ".") + "@example.com"
    }

    /// The company's people and assets.
    static func load(into inventory: InventoryService, people directoryStore: any PersonStore, now: Date) async throws {
        let actor = InventoryService.Actor(username: "system", source: "demo")
        let emails = people.map { email($0.0) }
        let managers = Set(people.compactMap { $0.2 })
        let directory = people.enumerated().map { index, row in
            Person(
                name: row.0, email: emails[index], department: row.1, manager: row.2.map { emails[$0] } ?? "",
                employmentStatus: row.3, startDate: row.4, endDate: row.5, employeeID: "E\(1001 + index)",
                jobTitle: managers.contains(index) ? "Head of \(row.1)" : titles[row.1] ?? "Specialist", createdAt: now)
        }
        _ = try await directoryStore.upsertAll(directory)
        for asset in assets {
            _ = try await inventory.createAsset(
                Asset(
                    name: asset.0, hostnames: asset.1, ips: asset.2, owner: emails[asset.3], criticality: asset.4,
                    environment: asset.5, internetFacing: asset.6, tags: asset.7, createdAt: now), by: actor)
        }
    }
}
