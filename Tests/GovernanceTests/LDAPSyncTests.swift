// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import Inventory
import Outbound
import Testing

/// Directory syncs against a real OpenLDAP `slapd`: 700 people, more than the server's size limit of 500 for
/// a non-root bind, so only a paged search (RFC 2696) reads them all; over plain LDAP on loopback, StartTLS and
/// LDAPS, with the certificate checked; and through the service, where a sync is an import whose next sync shows
/// what the directory's administrator changed.
@Suite struct LDAPSyncTests {
    static let people = 700
    static let sync = "cn=sync,\(Slapd.suffix)"
    static let syncPassword = "sync-secret"
    static let limited = "cn=limited,\(Slapd.suffix)"
    /// The sync account may read every page; `limited` keeps slapd's default limit of 500 entries.
    static let limits = "limits dn.exact=\"\(sync)\" size.soft=500 size.hard=500 size.prtotal=unlimited"

    /// People `user0`…, the admins group (user0…user4), a posixGroup of developers (memberUid user10…user19), a
    /// contact entry without a login (left out), and the two bind accounts (not people).
    static func entries(people: Int = people) -> String {
        var out = [
            "dn: ou=people,\(Slapd.suffix)\nobjectClass: organizationalUnit\nou: people\n",
            "dn: ou=groups,\(Slapd.suffix)\nobjectClass: organizationalUnit\nou: groups\n",
        ]
        for (dn, password) in [(sync, syncPassword), (limited, syncPassword)] {
            let cn = dn.split(separator: ",")[0].dropFirst(3)
            out.append("dn: \(dn)\nobjectClass: simpleSecurityObject\nobjectClass: organizationalRole\ncn: \(cn)\nuserPassword: \(password)\n")
        }
        for index in 0..<people {
            out.append(
                """
                dn: uid=user\(index),ou=people,\(Slapd.suffix)
                objectClass: inetOrgPerson
                objectClass: posixAccount
                cn: User \(index)
                sn: \(index)
                uid: user\(index)
                mail: user\(index)@example.test
                employeeNumber: E\(index)
                uidNumber: \(10000 + index)
                gidNumber: 100
                homeDirectory: /home/user\(index)

                """)
        }
        out.append("dn: cn=Printer Contact,ou=people,\(Slapd.suffix)\nobjectClass: inetOrgPerson\ncn: Printer Contact\nsn: Contact\n")
        out.append(
            "dn: cn=admins,ou=groups,\(Slapd.suffix)\nobjectClass: groupOfNames\ncn: admins\n"
                + (0..<5).map { "member: uid=user\($0),ou=people,\(Slapd.suffix)\n" }.joined())
        out.append(
            "dn: cn=developers,ou=groups,\(Slapd.suffix)\nobjectClass: posixGroup\ncn: developers\ngidNumber: 200\n"
                + (10..<20).map { "memberUid: user\($0)\n" }.joined())
        return out.joined(separator: "\n")
    }

    func connection(_ server: Slapd, pageSize: Int = 100) -> DirectoryConnection {
        DirectoryConnection(url: server.url, bindDN: Self.sync, bindPassword: Self.syncPassword, baseDN: Slapd.suffix, pageSize: pageSize)
    }

    static func allAccounts(_ governance: GovernanceService, sourceID: String) async throws -> [Account] {
        var accounts: [Account] = []
        var cursor: String?
        repeat {
            let page = try await governance.accounts(AccountQuery(sourceID: sourceID), page: PageRequest(limit: 500, cursor: cursor))
            accounts += page.items
            cursor = page.next
        } while cursor != nil
        return accounts
    }

    func message(of body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func everyPageOverPlainStartTLSAndLDAPSWithTheCertificateChecked() async throws {
        let server = try Slapd(entries: Self.entries(), extraConfiguration: Self.limits)
        defer { server.stop() }
        let reader = LDAPDirectoryReader()

        let plain = try await reader.entries(connection(server))
        let logins = plain.compactMap { $0.first("uid") }
        #expect(logins.count == Self.people && Set(logins).count == Self.people)
        #expect(plain.count == Self.people + 3)  // and the contact and the two groups; not the bind accounts or the OUs
        let admins = try #require(plain.first { $0.first("cn") == "admins" })
        #expect(admins.all("member").count == 5)
        #expect(plain.first { $0.first("uid") == "user7" }?.first("mail") == "user7@example.test")

        // One page of 1000 is over the server's limit for this account: the page size decides nothing but the trips.
        #expect(try await reader.entries(connection(server, pageSize: 1000)).count == plain.count)

        var startTLS = connection(server)
        startTLS.startTLS = true
        startTLS.caCertificate = server.certificate
        #expect(try await reader.entries(startTLS).count == plain.count)

        var ldaps = connection(server)
        ldaps.url = server.tlsURL
        ldaps.caCertificate = server.certificate
        #expect(try await reader.entries(ldaps).count == plain.count)

        // The system's roots do not know the self-signed certificate: refused before the password is sent.
        ldaps.caCertificate = ""
        #expect(await message { _ = try await reader.entries(ldaps) }.contains("certificate is not trusted"))
        startTLS.caCertificate = ""
        #expect(await message { _ = try await reader.entries(startTLS) }.contains("certificate is not trusted"))
    }

    @Test func refusalsSayWhatAndWhy() async throws {
        let server = try Slapd(entries: Self.entries(), extraConfiguration: Self.limits)
        defer { server.stop() }
        let reader = LDAPDirectoryReader()

        var wrong = connection(server)
        wrong.bindPassword = "not-it"
        #expect(await message { _ = try await reader.entries(wrong) } == "bind as \(Self.sync): invalidCredentials (49)")

        var limited = connection(server)
        limited.bindDN = Self.limited
        let limit = await message { _ = try await reader.entries(limited) }
        #expect(limit.contains("sizeLimitExceeded (4)") && limit.contains("after 500 entries"), "\(limit)")

        var missing = connection(server)
        missing.baseDN = "ou=nowhere,\(Slapd.suffix)"
        #expect(await message { _ = try await reader.entries(missing) }.contains("noSuchObject (32)"))

        var badFilter = connection(server)
        badFilter.filter = "(uid=user1"
        #expect(await message { _ = try await reader.entries(badFilter) } == "filter: expected ')' at character 11")

        var nobody = connection(server)
        nobody.url = "ldap://127.0.0.1:\(try Slapd.freePort())"
        #expect(await message { _ = try await reader.entries(nobody) }.hasPrefix("cannot connect to 127.0.0.1:"))

        // Over plain LDAP to another host a password is never sent.
        var remote = connection(server)
        remote.url = "ldap://directory.example.test"
        #expect(await message { _ = try await reader.entries(remote) }.contains("would travel in clear"))
    }

    @Test func aSyncIsAnImportAndTheNextShowsWhatChanged() async throws {
        let start = Timestamp.parse("2026-12-01T08:00:00Z")!
        let people = (0..<10).map { index in
            Person(
                name: "User \(index)", email: "user\(index)@example.test", employmentStatus: index == 5 ? .terminated : .active,
                endDate: index == 5 ? "2026-11-20" : "", createdAt: start)
        }
        try await GovernanceStack.with(start: start, people: people, directoryReader: LDAPDirectoryReader()) { stack in
            let server = try Slapd(entries: Self.entries(), extraConfiguration: Self.limits)
            defer { server.stop() }
            let governance = stack.governance
            let source = try await governance.createSource(
                IdentitySource(name: "corp", kind: .ldap, owner: "user1@example.test", directory: connection(server), createdAt: start), by: .cli)

            let first = try await governance.syncDirectory(sourceID: source.id, by: .cli)
            #expect(first.format == "ldap_sync" && first.fileName == server.url && first.partial)
            #expect(first.accounts == Self.people && first.added.count == Self.people)
            #expect(first.rejected.map(\.place) == ["cn=Printer Contact,ou=people,\(Slapd.suffix)"])
            let accounts = try await Self.allAccounts(governance, sourceID: source.id)
            let byName = Dictionary(uniqueKeysWithValues: accounts.map { ($0.username, $0) })
            #expect(accounts.filter(\.isPrivileged).map(\.username).sorted() == (0..<5).map { "user\($0)" })
            #expect(byName["user12"]?.entitlements.contains { $0.name == "developers" } == true)
            #expect(byName["user3"]?.personID != nil && byName["user300"]?.personID == nil)
            let leavers = try await governance.findings(AccessFindingQuery(type: .leaver), page: PageRequest(limit: 100)).items
            #expect(leavers.map(\.accountID) == [byName["user5"]?.id])

            // The administrator removes a person and takes user4 out of the admins.
            try server.modify(
                """
                dn: uid=user699,ou=people,\(Slapd.suffix)
                changetype: delete

                dn: cn=admins,ou=groups,\(Slapd.suffix)
                changetype: modify
                delete: member
                member: uid=user4,ou=people,\(Slapd.suffix)

                """)
            stack.clock.advance(by: 3600)
            let second = try await governance.syncDirectory(sourceID: source.id, by: .cli)
            #expect(second.removed == ["user699"] && second.added.isEmpty && second.accounts == Self.people - 1)
            let change = try #require(second.changed.first { $0.username == "user4" })
            #expect(change.revoked.map(\.name) == ["admins"] && change.granted.isEmpty)

            // A wrong password: the sync fails, says why, keeps it on the source, and changes nothing.
            _ = try await governance.updateSource(id: source.id, by: .cli) { $0.directory?.bindPassword = "not-it" }
            await #expect {
                _ = try await governance.syncDirectory(sourceID: source.id, by: .cli)
            } throws: { error in
                error as? CoreError == .upstream("\(server.url): bind as \(Self.sync): invalidCredentials (49)")
            }
            #expect(try await governance.source(id: source.id)?.lastSyncError?.contains("invalidCredentials") == true)

            // A filter that finds nobody would read as everyone removed: refused, nothing changed.
            _ = try await governance.updateSource(id: source.id, by: .cli) {
                $0.directory?.bindPassword = Self.syncPassword
                $0.directory?.filter = "(uid=nobody-at-all)"
            }
            await #expect(throws: CoreError.self) { _ = try await governance.syncDirectory(sourceID: source.id, by: .cli) }
            let after = try await Self.allAccounts(governance, sourceID: source.id)
            #expect(after.count == Self.people - 1)

            // Back to the default filter: the sync works again and the error is cleared.
            _ = try await governance.updateSource(id: source.id, by: .cli) { $0.directory?.filter = "" }
            _ = try await governance.syncDirectory(sourceID: source.id, by: .cli)
            #expect(try await governance.source(id: source.id)?.lastSyncError == nil)
        }
    }

    @Test func theScheduleSaysWhichSourcesAreDue() async throws {
        let start = Timestamp.parse("2026-12-01T08:00:00Z")!
        try await GovernanceStack.with(start: start, directoryReader: LDAPDirectoryReader()) { stack in
            let governance = stack.governance
            let directory = DirectoryConnection(url: "ldaps://dc.example.test", baseDN: "dc=example,dc=test", syncMinutes: 30)
            let hourly = try await governance.createSource(
                IdentitySource(name: "scheduled", kind: .ad, directory: directory, createdAt: start), by: .cli)
            var byHand = directory
            byHand.syncMinutes = 0
            _ = try await governance.createSource(IdentitySource(name: "by hand", kind: .ldap, directory: byHand, createdAt: start), by: .cli)
            #expect(try await governance.dueDirectorySyncs().map(\.id) == [hourly.id])  // never synced

            // It fails (no such host): not due again until a whole interval has passed.
            await #expect(throws: CoreError.self) { _ = try await governance.syncDirectory(sourceID: hourly.id, by: .system) }
            #expect(try await governance.dueDirectorySyncs().isEmpty)
            stack.clock.advance(by: 31 * 60)
            #expect(try await governance.dueDirectorySyncs().map(\.id) == [hourly.id])
        }
    }

    @Test func settingsAreCheckedFieldByField() {
        var connection = DirectoryConnection(url: "http://dc", bindDN: "cn=x", baseDN: "", pageSize: 0, syncMinutes: -1)
        connection.caCertificate = "not pem"
        let fields = Set(connection.problems().map(\.field))
        #expect(
            fields == [
                "directory.url", "directory.base_dn", "directory.bind_password", "directory.page_size", "directory.ca_certificate",
                "directory.sync_minutes",
            ])
        let clear = DirectoryConnection(url: "ldap://dc.example.test", bindDN: "cn=x", bindPassword: "p", baseDN: "dc=x")
        #expect(clear.problems().map(\.field) == ["directory.start_tls"])
        var upgraded = clear
        upgraded.startTLS = true
        #expect(upgraded.problems().isEmpty)
        let source = IdentitySource(name: "hosts", kind: .linux, directory: upgraded, createdAt: Date())
        #expect(source.problems().map(\.field) == ["directory"])
    }
}
