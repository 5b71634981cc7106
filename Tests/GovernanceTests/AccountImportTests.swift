// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance
import Testing

/// Reading the account files as the systems write them (Fixtures/): a Linux host's passwd, group, shadow, sudoers,
/// authorized_keys, lastlog and `last --time-format iso`; the AWS IAM credential report; a Windows PowerShell
/// `Get-ADUser | Export-Csv`; an application's accounts CSV. Bad records are left out with their place.
@Suite struct AccountImportTests {
    static let now = Timestamp.parse("2026-12-03T08:00:00Z")!

    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func linux() throws -> AccountBatch {
        var files = LinuxHostFiles(passwd: try fixture("passwd"), group: try fixture("group"), shadow: try fixture("shadow"))
        files.sudoers = ["sudoers": try fixture("sudoers")]
        files.authorizedKeys = ["alice": try fixture("authorized_keys_alice"), "ghost": "ssh-ed25519 AAAA x"]
        files.lastlog = try fixture("lastlog")
        files.last = try fixture("last")
        return LinuxAccounts.read(files, now: now)
    }

    @Test func aLinuxHostsAccountsGroupsSudoRulesKeysAndLogins() throws {
        let batch = try Self.linux()
        let accounts = Dictionary(uniqueKeysWithValues: batch.accounts.map { ($0.username, $0) })
        #expect(accounts.keys.sorted() == ["alice", "bob", "daemon", "deploy", "nobody", "root", "sshd", "test"])
        let root = try #require(accounts["root"])
        #expect(root.isPrivileged && root.entitlements.contains { $0.name == "uid 0" } && !root.isSystem)
        #expect(accounts["daemon"]?.isSystem == true && accounts["sshd"]?.isSystem == true && accounts["nobody"]?.enabled == false)

        let alice = try #require(accounts["alice"])
        #expect(alice.displayName == "Alice Vogel" && alice.uid == 1000)
        #expect(Set(alice.entitlements.filter { $0.kind == .group }.map(\.name)) == ["sudo", "alice", "ops"])
        #expect(alice.entitlements.contains { $0.kind == .sudo && $0.name == "sudo %sudo ALL=(ALL:ALL) ALL" && $0.privileged })
        // The fingerprint as ssh-keygen -l prints it for this key (both lines are the same key, with options or not).
        let keys = alice.entitlements.filter { $0.kind == .sshKey }.map(\.name)
        #expect(
            keys == [
                "ssh-ed25519 SHA256:VgjXCzfqdrRTly0gHsUCSn0k5chXwYaJ0NXypuQqnV0 alice@laptop",
                "ssh-ed25519 SHA256:VgjXCzfqdrRTly0gHsUCSn0k5chXwYaJ0NXypuQqnV0 alice@jump",
            ])
        // The newest of lastlog (Dec 1) and last (Dec 2).
        #expect(alice.lastLoginAt == Timestamp.parse("2026-12-02T07:30:00Z"))
        #expect(alice.credentials.first { $0.kind == .password }?.active == true)

        let bob = try #require(accounts["bob"])
        #expect(bob.credentials.first { $0.kind == .password }?.active == false, "a '!' hash is a locked password")
        #expect(bob.entitlements.contains { $0.kind == .sudo && !$0.privileged && $0.name.contains("systemctl restart nginx") })
        #expect(bob.lastLoginAt == Timestamp.parse("2026-05-02T17:45:09Z"))

        let deploy = try #require(accounts["deploy"])
        #expect(
            deploy.entitlements.filter(\.privileged).map(\.reason).sorted() == [
                "root-equivalent: controls the Docker daemon", "runs any command as root without a password",
            ])
        #expect(deploy.lastLoginAt == Timestamp.parse("2026-12-02T23:41:07Z"), "from last, where lastlog says never")
        #expect(accounts["test"]?.entitlements.contains { $0.name == "empty password" && $0.privileged } == true)
        // Nothing of a hash is kept.
        #expect(!String(describing: batch.accounts).contains("$y$"))
        #expect(
            batch.rejected.map(\.description).sorted() == [
                "authorized_keys (alice):4: not an SSH public key line (type, base64 key, comment)",
                "authorized_keys (ghost): no account ghost in passwd",
            ])
    }

    @Test func aShadowFileKeepsNoHashNotEvenInAComment() {
        let shadow =
            "root:$6$salt$hashhash:20000:0:99999:7:::\n  # old:$y$j9T$commented$hash:19000::::::\nbob:!$6$s$h:20000::::::\nsvc:*:1::::::\nx::1::::::"
        let reduced = LinuxHostFiles.reducedShadow(shadow)
        #expect(reduced == "root:x:20000:0:99999:7:::\n#\nbob:!:20000::::::\nsvc:*:1::::::\nx::1::::::")
        #expect(!reduced.contains("$"))
        #expect(LinuxHostFiles.reducedShadow(reduced) == reduced, "read the same again")
    }

    @Test func badLinuxEntriesAreLeftOutWithTheirLine() {
        let batch = LinuxAccounts.read(
            LinuxHostFiles(passwd: "root:x:0:0:root:/root:/bin/bash\nbroken:x:1\nx:x:one:1::/:/bin/sh\nroot:x:0:0::/:/bin/sh\n"), now: Self.now)
        #expect(batch.accounts.map(\.username) == ["root"])
        #expect(
            batch.rejected.map(\.description) == [
                "passwd:2: a passwd entry has 7 fields separated by ':' (this one has 3)",
                "passwd:3: uid 'one' and gid '1' must be numbers", "passwd:4: root is listed twice",
            ])
        #expect(LinuxAccounts.read(LinuxHostFiles(group: "sudo:x:27:alice\n"), now: Self.now).rejected.first?.place == "passwd")
    }

    @Test func theAWSCredentialReportAsAWSWritesIt() throws {
        let batch = CSVAccounts.awsCredentialReport(try Self.fixture("aws-credential-report.csv"), name: "report.csv")
        #expect(batch.rejected.isEmpty)
        let accounts = Dictionary(uniqueKeysWithValues: batch.accounts.map { ($0.username, $0) })
        let root = try #require(accounts["<root_account>"])
        #expect(root.isSystem && root.isPrivileged && root.mfa == false && root.lastLoginAt == Timestamp.parse("2026-11-20T08:00:00Z"))
        let alice = try #require(accounts["alice.vogel"])
        #expect(alice.mfa == true && alice.lastLoginAt == Timestamp.parse("2026-12-02T10:00:00Z"), "the newest of password and key use")
        let ci = try #require(accounts["ci-deployer"])
        #expect(ci.credentials.map(\.kind) == [.accessKey, .accessKey] && ci.credentials[1].lastUsedAt == nil)
        #expect(accounts["mallory"]?.lastLoginAt == nil, "no_information is no date")
    }

    @Test func anActiveDirectoryExportFromWindowsPowerShell() throws {
        let batch = CSVAccounts.activeDirectory(try Self.fixture("ad-users.csv"), name: "ad.csv")
        #expect(batch.accounts.map(\.username) == ["aadmin", "pleft", "svc-backup"])
        let anna = batch.accounts[0]
        #expect(anna.email == "anna.admin@example.com" && anna.employeeID == "E1001" && anna.enabled)
        #expect(anna.lastLoginAt == Timestamp.parse("2026-12-01T08:00:00Z"), "lastLogonTimestamp is a FILETIME")
        #expect(Set(anna.entitlements.filter(\.privileged).map(\.name)) == ["adminCount=1", "Domain Admins"])
        #expect(anna.entitlements.contains { $0.name == "VPN Users" && !$0.privileged })
        #expect(batch.accounts[1].email == "pleft@corp.example.com", "without mail, the UPN")
        #expect(batch.accounts[2].enabled == false)
        // The #TYPE line counts: the bad row is on line 6 of the file.
        #expect(
            batch.rejected.map(\.description) == [
                "ad.csv:6: MemberOf was exported as a collection: export it joined, @{n='MemberOf';e={$_.MemberOf -join ';'}}"
            ])
    }

    @Test func anApplicationsAccountsCSV() throws {
        let batch = CSVAccounts.accounts(try Self.fixture("accounts.csv"), name: "app.csv")
        #expect(batch.accounts.map(\.username) == ["avogel", "jdoe", "shared"])
        #expect(batch.accounts[0].entitlements.map { "\($0.name) \($0.privileged)" } == ["viewer false", "Billing Admin true"])
        #expect(batch.accounts[1].lastLoginAt == Timestamp.parse("2025-01-15T00:00:00Z"))
        #expect(batch.rejected.map(\.description) == ["app.csv:4: last_login: 'not-a-date' is not an RFC 3339 time or YYYY-MM-DD"])
        #expect(CSVAccounts.accounts("user,email\nx,y\n", name: "a.csv").rejected.map(\.description) == ["a.csv:1: the header has no account column"])
    }

    @Test func awsAuthorizationDetailsMarkAdministratorsThroughGroupsPoliciesAndInlineDocuments() throws {
        let data = Data(try Self.fixture("aws-authorization-details.json").utf8)
        let batch = AWSAuthorizationDetails.read(data, name: "auth.json")
        let accounts = Dictionary(uniqueKeysWithValues: batch.accounts.map { ($0.username, $0) })
        #expect(accounts.keys.sorted() == ["alice.vogel", "bob.marsh", "ci-deployer", "role/OrganizationAccountAccessRole"])
        // alice: a customer-managed policy (default version v2) allows iam:* through her group.
        let alice = try #require(accounts["alice.vogel"])
        #expect(
            alice.entitlements.first { $0.name == "Developers" }?.reason
                == "via arn:aws:iam::123456789012:policy/platform-iam: allows every IAM action: may grant itself anything")
        #expect(alice.entitlements.contains { $0.name == "arn:aws:iam::aws:policy/ReadOnlyAccess" && !$0.privileged })
        // ci-deployer: an inline policy, URL-encoded as the API returns it, allows * on *.
        #expect(accounts["ci-deployer"]?.entitlements.first?.reason == "allows every action on every resource (*:*)")
        #expect(accounts["bob.marsh"]?.entitlements.first?.reason == "via arn:aws:iam::aws:policy/AdministratorAccess: full access to every service")
        let role = try #require(accounts["role/OrganizationAccountAccessRole"])
        #expect(role.isSystem && role.isPrivileged && role.lastLoginAt == Timestamp.parse("2026-11-30T22:10:00Z"))
        #expect(batch.rejected.map(\.description) == ["auth.json: UserDetailList[3]: a user without a UserName"])
        #expect(AWSAuthorizationDetails.read(Data("[]".utf8), name: "x.json").rejected.count == 1)
    }

    @Test func anLDIFExportOfAnOpenLDAPDirectory() throws {
        let (entries, rejected) = LDIF.parse(try Self.fixture("directory.ldif"), name: "dir.ldif")
        #expect(entries.count == 6)
        #expect(
            entries.first { $0.first("uid") == "jdoe" }?.first("description")
                == "a long description that is folded onto the next line by the exporter")
        #expect(
            rejected.map(\.description) == [
                "dir.ldif:53: a change record, not an entry", "dir.ldif:59: jpegphoto: values by URL (:<) are not read",
            ])
        let batch = DirectoryAccounts.accounts(entries)
        let accounts = Dictionary(uniqueKeysWithValues: batch.accounts.map { ($0.username, $0) })
        #expect(accounts.keys.sorted() == ["avogel", "jdoe", "pleft"])
        let alice = try #require(accounts["avogel"])
        #expect(alice.email == "alice.vogel@example.com" && alice.employeeID == "E1" && alice.uid == 1000)
        #expect(alice.lastLoginAt == Timestamp.parse("2026-12-02T07:30:00Z"))
        #expect(alice.entitlements.map { "\($0.name) \($0.privileged)" } == ["admins true", "developers false"])
        #expect(accounts["pleft"]?.displayName == "Paul Léft" && accounts["pleft"]?.enabled == false, "base64 value; pwdAccountLockedTime")
        #expect(accounts["jdoe"]?.entitlements.map(\.name) == ["developers", "ops"], "member DNs and memberUid")
    }

    /// Two hosts in one archive made by GNU tar (with a path over 100 bytes, a symlink and a sudoers.d drop-in).
    @Test func aTarballOfTwoHostsMadeByGNUTar() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-tar-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let deep = "web-1/home/" + String(repeating: "x", count: 90) + "/.ssh"
        for directory in ["web-1/etc/sudoers.d", "web-1/home/alice/.ssh", "db-1/etc", deep] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        func write(_ path: String, _ text: String) throws { try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8) }
        try write("web-1/etc/passwd", try Self.fixture("passwd"))
        try write("web-1/etc/group", try Self.fixture("group"))
        try write("web-1/etc/sudoers", "root ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n")
        try write("web-1/etc/sudoers.d/90-deploy", "deploy ALL=(ALL) NOPASSWD: ALL\n")
        try write("web-1/home/alice/.ssh/authorized_keys", try Self.fixture("authorized_keys_alice"))
        try write(deep + "/authorized_keys", try Self.fixture("authorized_keys_alice"))
        try write("web-1/lastlog.txt", try Self.fixture("lastlog"))
        try write("db-1/etc/passwd", "root:x:0:0:root:/root:/bin/bash\npostgres:x:104:109::/var/lib/postgresql:/bin/bash\n")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("db-1/etc/shadow").path, withDestinationPath: "/etc/shadow")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.currentDirectoryURL = root
        tar.arguments = ["-cf", "hosts.tar", "--format=gnu", "web-1", "db-1"]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)
        let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("hosts.tar")))

        let (hosts, rejected) = LinuxTarball.read(bytes, name: "hosts.tar")
        #expect(hosts.keys.sorted() == ["db-1", "web-1"])
        #expect(rejected.map(\.description) == ["hosts.tar: db-1/etc/shadow: not a regular file (links are not followed)"])
        let web = try #require(hosts["web-1"])
        #expect(web.sudoers.keys.sorted() == ["sudoers", "sudoers.d/90-deploy"])
        #expect(web.authorizedKeys.keys.sorted() == ["alice", String(repeating: "x", count: 90)], "a GNU long name")
        let accounts = LinuxAccounts.read(web, now: Self.now).accounts
        #expect(accounts.first { $0.username == "deploy" }?.entitlements.contains { $0.kind == .sudo && $0.privileged } == true)
        #expect(accounts.first { $0.username == "bob" }?.lastLoginAt == Timestamp.parse("2026-05-02T17:45:09Z"))
        #expect(LinuxAccounts.read(hosts["db-1"]!, now: Self.now).accounts.map(\.username) == ["root", "postgres"])
        #expect(LinuxTarball.read(Array(repeating: 0x41, count: 1024), name: "junk.tar").rejected.map(\.reason) == ["not a tar header"])
    }
}
