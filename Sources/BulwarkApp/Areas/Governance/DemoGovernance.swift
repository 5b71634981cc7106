// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

/// The demo's governed systems, as their own tools export them, dated around the demo's time: the corporate
/// directory (LDIF with Active Directory's attributes: a leaver still enabled, a dormant account, Domain Admins), a
/// Linux web server (an orphaned admin who logged in last night), the production AWS account (the root user, a user
/// without MFA, an old unused access key) and the CRM (accounts CSV).
enum DemoGovernance {
    static let actor = AuditActor(username: "system", source: "demo")

    /// The demo's separation-of-duties rules (unless `--access-sod` names others), written to DIR/access-sod.yml as
    /// an example of the format.
    static let sodRules = """
        # Separation of duties: entitlements one person must not hold together (bulwark demo --access-sod FILE).
        rules:
          - id: crm-finance-and-export
            title: Approve invoices and export the customer base
            severity: high
            conflict:
              - source: crm
                entitlement: finance
              - source: crm
                entitlement: export
          - id: cloud-and-directory-admin
            title: Administer the production cloud and the corporate directory
            severity: critical
            conflict:
              - source: aws-prod
                entitlement: Admins          # the IAM group with AdministratorAccess
              - source: corp-directory
                entitlement: Domain Admins
        """

    static func prepareSoD(dataDirectory: String) throws -> [SoDRule] {
        let path = dataDirectory + "/access-sod.yml"
        try sodRules.write(toFile: path, atomically: true, encoding: .utf8)
        return try SeparationOfDuties.parse(sodRules, path: path)
    }

    static func load(into governance: GovernanceService, now: Date) async throws {
        func day(_ offset: Double) -> Date { now.addingTimeInterval(offset * 86400) }
        func iso(_ offset: Double) -> String { Timestamp.format(day(offset)) }
        func generalized(_ offset: Double) -> String {
            let text = Timestamp.format(day(offset))  // 2026-12-01T10:00:00Z → 20261201100000Z
            return text.prefix(19).filter(\.isNumber) + "Z"
        }
        /// A line of `last --time-format iso`: a 14-minute session from `from`.
        func login(_ user: String, _ from: String, _ start: Double) -> String {
            let (begin, end) = (
                iso(start).replacingOccurrences(of: "Z", with: "+00:00"), iso(start + 0.01).replacingOccurrences(of: "Z", with: "+00:00")
            )
            return "\(user) pts/3 \(from) \(begin) - \(end)  (00:14)"
        }
        func filetime(_ offset: Double) -> String { String(Int64((day(offset).timeIntervalSince1970 + 11_644_473_600) * 10_000_000)) }

        let directory = try await governance.createSource(
            IdentitySource(
                name: "corp-directory", kind: .ad, owner: "jonas.berg@example.com", criticality: .critical, dormantDays: 60,
                serviceAccounts: ["svc-backup": "aisha.khan@example.com"], createdAt: now), by: actor)
        let users: [(String, String, Int, Double, [String])] = [
            ("dana.okafor", "Dana Okafor", 512, -0.2, ["Domain Admins", "Security"]),
            ("priya.raman", "Priya Raman", 512, -1, ["Security"]),
            ("tomas.ferreira", "Tomás Ferreira", 512, -0.5, ["Security"]),
            ("lena.vogel", "Lena Vogel", 512, -2, ["IT Operations", "Server Operators"]),
            ("jonas.berg", "Jonas Berg", 512, -1, ["Domain Admins", "IT Operations"]),
            ("mia.chen", "Mia Chen", 512, -3, ["Finance"]),
            ("elena.petrova", "Elena Petrova", 512, -130, ["Finance"]),
            ("hannah.schmidt", "Hannah Schmidt", 512, -50, ["Engineering", "Developers"]),
            ("marcus.webb", "Marcus Webb", 514, -70, ["Finance"]),
            ("sofia.rossi", "Sofia Rossi", 512, -1, ["Sales"]),
            ("svc-backup", "Backup service", 66048, -0.1, ["Backup Operators"]),
            ("temp.admin", "Temporary admin", 512, -20, ["Domain Admins"]),
        ]
        func entries(_ users: [(String, String, Int, Double, [String])]) -> String {
            var ldif = "version: 1\n\n"
            for (login, name, control, last, groups) in users {
                ldif += """
                    dn: CN=\(name),OU=Staff,DC=corp,DC=example,DC=com
                    objectClass: user
                    sAMAccountName: \(login)
                    userPrincipalName: \(login)@example.com
                    displayName: \(name)
                    userAccountControl: \(control)
                    lastLogonTimestamp: \(filetime(last))
                    pwdLastSet: \(filetime(login == "svc-backup" ? -900 : -80))
                    whenCreated: \(generalized(-700))
                    \(groups.contains("Domain Admins") ? "adminCount: 1\n" : "")\
                    \(groups.map { "memberOf: CN=\($0),OU=Groups,DC=corp,DC=example,DC=com" }.joined(separator: "\n"))


                    """
            }
            return ldif
        }
        _ = try await governance.importAccounts(
            sourceID: directory.id, AccountUpload(format: .ldif, fileName: "corp-directory.ldif", bytes: Array(entries(users).utf8)), partial: false,
            by: actor)

        let web = try await governance.createSource(
            IdentitySource(name: "web-prod-01", kind: .linux, owner: "oliver.grant@example.com", criticality: .critical, createdAt: now), by: actor)
        let days = Int(now.timeIntervalSince1970 / 86400)
        let files: [(AccountFormat, String, String)] = [
            (
                .passwd, "passwd",
                """
                root:x:0:0:root:/root:/bin/bash
                www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
                oliver.grant:x:1000:1000:Oliver Grant:/home/oliver.grant:/bin/bash
                nadia.haddad:x:1001:1001:Nadia Haddad:/home/nadia.haddad:/bin/bash
                hannah.schmidt:x:1002:1002:Hannah Schmidt:/home/hannah.schmidt:/bin/bash
                jdoe-admin:x:1003:1003::/home/jdoe-admin:/bin/bash
                deploy:x:1100:1100:CI deploy:/home/deploy:/bin/bash
                """
            ),
            (
                .group, "group",
                "root:x:0:\nsudo:x:27:oliver.grant,jdoe-admin\ndocker:x:998:deploy\noliver.grant:x:1000:\nnadia.haddad:x:1001:\n"
                    + "hannah.schmidt:x:1002:\njdoe-admin:x:1003:\ndeploy:x:1100:\n"
            ),
            (
                .shadow, "shadow",
                """
                root:!:\(days - 400):0:99999:7:::
                www-data:*:\(days - 400):0:99999:7:::
                oliver.grant:x:\(days - 40):0:99999:7:::
                nadia.haddad:x:\(days - 500):0:99999:7:::
                hannah.schmidt:x:\(days - 90):0:99999:7:::
                jdoe-admin:x:\(days - 30):0:99999:7:::
                deploy:!:\(days - 200):0:99999:7:::
                """
            ),
            (
                .sudoers, "sudoers",
                "Defaults env_reset\nroot ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\ndeploy ALL=(ALL) NOPASSWD: /usr/bin/systemctl restart nginx\n"
            ),
            (
                .last, "last.txt",
                [login("jdoe-admin", "185.220.101.4", -0.3), login("oliver.grant", "10.10.9.20", -1), login("hannah.schmidt", "10.10.9.41", -48)]
                    .joined(separator: "\n")
            ),
        ]
        for (format, name, text) in files {
            _ = try await governance.importAccounts(
                sourceID: web.id, AccountUpload(format: format, fileName: name, bytes: Array(text.utf8)), partial: false, by: actor)
        }

        let aws = try await governance.createSource(
            IdentitySource(name: "aws-prod", kind: .aws, owner: "nadia.haddad@example.com", criticality: .critical, createdAt: now), by: actor)
        let header = [
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active",
            "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service",
            "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service",
            "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
        ].joined(separator: ",")
        let unused = "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"  // the second key and the certificates
        /// A user of the report: ARN, created, whether a password is set, its last use and change, MFA, the first key.
        func user(_ name: String, created: Double, password: (used: Double, changed: Double)?, mfa: Bool, key: (rotated: Double, used: Double)?)
            -> String
        {
            let arn = name == "<root_account>" ? "arn:aws:iam::111122223333:root" : "arn:aws:iam::111122223333:user/\(name)"
            let secret = password.map { "true,\(iso($0.used)),\(name == "<root_account>" ? "not_supported" : iso($0.changed))" } ?? "false,N/A,N/A"
            let access = key.map { "true,\(iso($0.rotated)),\(iso($0.used)),eu-west-1,s3" } ?? "false,N/A,N/A,N/A,N/A"
            return [name, arn, iso(created), secret, "N/A", mfa ? "true" : "false", access, unused].joined(separator: ",")
        }
        let report = [
            header, user("<root_account>", created: -1500, password: (-200, 0), mfa: true, key: nil),
            user("nadia.haddad", created: -900, password: (-1, -60), mfa: true, key: (-60, -1)),
            user("jonas.berg", created: -600, password: (-4, -90), mfa: true, key: nil),
            user("ravi.patel", created: -300, password: (-2, -100), mfa: false, key: nil),
            user("ci-deployer", created: -800, password: nil, mfa: false, key: (-700, -150)),
        ].joined(separator: "\n")
        _ = try await governance.importAccounts(
            sourceID: aws.id, AccountUpload(format: .awsCredentialReport, fileName: "credential-report.csv", bytes: Array(report.utf8)),
            partial: false,
            by: actor)
        let policy = "arn:aws:iam::aws:policy/"
        let details = """
            {"UserDetailList": [
              {"UserName": "nadia.haddad", "Arn": "arn:aws:iam::111122223333:user/nadia.haddad", "GroupList": ["Admins"]},
              {"UserName": "ravi.patel", "Arn": "arn:aws:iam::111122223333:user/ravi.patel", "GroupList": ["Developers"]},
              {"UserName": "jonas.berg", "Arn": "arn:aws:iam::111122223333:user/jonas.berg", "GroupList": ["Admins"]},
              {"UserName": "ci-deployer", "Arn": "arn:aws:iam::111122223333:user/ci-deployer", "GroupList": [],
               "AttachedManagedPolicies": [
                 {"PolicyName": "AmazonEC2ContainerRegistryPowerUser", "PolicyArn": "\(policy)AmazonEC2ContainerRegistryPowerUser"}]}
            ],
            "GroupDetailList": [
              {"GroupName": "Admins",
               "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "\(policy)AdministratorAccess"}]},
              {"GroupName": "Developers", "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": "\(policy)ReadOnlyAccess"}]}
            ],
            "RoleDetailList": [], "Policies": []}
            """
        _ = try await governance.importAccounts(
            sourceID: aws.id, AccountUpload(format: .awsAuthorizationDetails, fileName: "authorization-details.json", bytes: Array(details.utf8)),
            partial: false, by: actor)

        let crm = try await governance.createSource(
            IdentitySource(name: "crm", kind: .application, owner: "grace.mensah@example.com", criticality: .high, createdAt: now), by: actor)
        let csv = """
            account,display_name,email,roles,last_login,enabled
            sofia.rossi,Sofia Rossi,sofia.rossi@example.com,sales;reports,\(iso(-1)),true
            grace.mensah,Grace Mensah,grace.mensah@example.com,admin;sales,\(iso(-2)),true
            kenji.watanabe,Kenji Watanabe,kenji.watanabe@example.com,sales,\(iso(-95)),true
            marcus.webb,Marcus Webb,marcus.webb@example.com,finance;export,\(iso(-65)),true
            shared-sales,Sales desk,,sales,\(iso(-3)),true
            """
        _ = try await governance.importAccounts(
            sourceID: crm.id, AccountUpload(format: .accountsCSV, fileName: "crm-accounts.csv", bytes: Array(csv.utf8)), partial: false, by: actor)

        // A campaign half done: privileged access across every system, reviewed by managers (the security manager where
        // there is none); the temporary admin's Domain Admins revoked and gone from the next directory export, another
        // revocation still there. And a campaign of the CRM's accounts for the Finance lead (the demo's employee) to review.
        let people = try await governance.people()
        func person(_ email: String) -> String? { people.first { $0.email == email }?.id }
        let (privileged, items) = try await governance.createReview(
            AccessReview(
                name: "Privileged access, second half 2026", scope: ReviewScope(privilegedOnly: true), reviewers: .manager,
                fallbackPersonID: person("priya.raman@example.com"), startAt: now, dueAt: day(10), defaultOutcome: .flag,
                // Reminded 14, 7 and 1 days before the due date (with --smtp the first goes out at start), 3 grace days.
                reminders: ReviewReminders(days: [14, 7, 1], graceDays: 3)), by: actor)
        let manager = ReviewActor(
            actor: AuditActor(username: "manager", source: "demo"), email: "priya.raman@example.com", manages: true, readsAll: true)
        for (index, item) in items.enumerated() where item.holderPersonID != person("priya.raman@example.com") {
            // Jonas Berg's everyday account should not be a Domain Admin (a separate admin account is): revoked, but the
            // next export still has it.
            let everyday = item.account == "jonas.berg" && item.entitlement.contains("Domain Admins")
            let revoke = everyday || item.account.hasSuffix("temp.admin") || item.findings.contains("orphaned") || item.findings.contains("leaver")
            guard revoke || index % 3 == 0 else { continue }
            _ = try await governance.decide(
                reviewID: privileged.id, itemID: item.id, decision: revoke ? .revoke : .keep,
                comment: everyday ? "use a separate admin account" : revoke ? "no longer needed" : "needed for the on-call rota", as: manager)
        }
        _ = try await governance.importAccounts(
            sourceID: directory.id,
            AccountUpload(format: .ldif, fileName: "corp-directory.ldif", bytes: Array(entries(users.filter { $0.0 != "temp.admin" }).utf8)),
            partial: false, by: actor)
        _ = try await governance.createReview(
            AccessReview(
                name: "CRM accounts, Q4", scope: ReviewScope(sourceIDs: [crm.id]),
                reviewers: .people([person("mia.chen@example.com")].compactMap { $0 }), fallbackPersonID: person("priya.raman@example.com"),
                startAt: now, dueAt: day(14), defaultOutcome: .keep), by: actor)
    }
}
