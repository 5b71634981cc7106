// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A directory entry: its DN and attributes (names lowercased, values in order). What an LDIF file holds and what a
/// live LDAP search returns.
public struct DirectoryEntry: Sendable, Equatable {
    public var dn: String
    public var attributes: [String: [String]]
    /// Where it was read (`users.ldif:12`, or the DN for a live search).
    public var place: String

    public init(dn: String, attributes: [String: [String]], place: String = "") {
        self.dn = dn
        self.attributes = attributes
        self.place = place
    }

    public func first(_ name: String) -> String? { attributes[name.lowercased()]?.first }
    public func all(_ name: String) -> [String] { attributes[name.lowercased()] ?? [] }
    var objectClasses: Set<String> { Set(all("objectClass").map { $0.lowercased() }) }
}

/// LDIF content records (RFC 2849): entries separated by blank lines, `name: value`, `name:: base64`, continuation
/// lines that begin with one space, `#` comments, an optional `version: 1`. Change records and `:<` URLs are refused
/// with their line (a directory export holds neither).
public enum LDIF {
    public static func parse(_ text: String, name: String) -> (entries: [DirectoryEntry], rejected: [AccountBatch.Rejected]) {
        var entries: [DirectoryEntry] = []
        var rejected: [AccountBatch.Rejected] = []
        var logical: [(Int, String)] = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix(" "), let last = logical.last, !last.1.isEmpty {
                logical[logical.count - 1].1 += line.dropFirst()
            } else if !line.hasPrefix("#") {
                logical.append((offset + 1, line))
            }
        }
        var current: (line: Int, attributes: [(String, String)])?
        var broken = false
        func finish() {
            defer {
                current = nil
                broken = false
            }
            guard let entry = current, !broken else { return }
            guard let dn = entry.attributes.first, dn.0 == "dn" else {
                rejected.append(AccountBatch.Rejected(place: "\(name):\(entry.line)", reason: "an entry begins with dn:"))
                return
            }
            if entry.attributes.contains(where: { $0.0 == "changetype" }) {
                rejected.append(AccountBatch.Rejected(place: "\(name):\(entry.line)", reason: "a change record, not an entry"))
                return
            }
            var attributes: [String: [String]] = [:]
            for (key, value) in entry.attributes.dropFirst() { attributes[key, default: []].append(value) }
            entries.append(DirectoryEntry(dn: dn.1, attributes: attributes, place: "\(name):\(entry.line)"))
        }
        for (number, line) in logical {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                finish()
                continue
            }
            if current == nil && line.lowercased().hasPrefix("version:") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                rejected.append(AccountBatch.Rejected(place: "\(name):\(number)", reason: "not 'attribute: value'"))
                broken = true
                continue
            }
            let key = line[..<colon].lowercased().split(separator: ";").first.map(String.init) ?? ""
            var rest = line[line.index(after: colon)...]
            var value: String
            if rest.hasPrefix(":") {
                rest = rest.dropFirst()
                guard let data = Data(base64Encoded: rest.trimmingCharacters(in: .whitespaces)), let text = String(data: data, encoding: .utf8) else {
                    rejected.append(AccountBatch.Rejected(place: "\(name):\(number)", reason: "\(key): not base64 of UTF-8 text"))
                    broken = true
                    continue
                }
                value = text
            } else if rest.hasPrefix("<") {
                rejected.append(AccountBatch.Rejected(place: "\(name):\(number)", reason: "\(key): values by URL (:<) are not read"))
                broken = true
                continue
            } else {
                value = String(rest.drop { $0 == " " })
            }
            if current == nil { current = (number, []) }
            current?.attributes.append((key, value))
        }
        finish()
        return (entries, rejected)
    }
}

/// Directory entries as accounts, with OpenLDAP's and Active Directory's attributes: the login from `uid` or
/// `sAMAccountName`; `mail` (else `userPrincipalName`); `employeeNumber`/`employeeID`; disabled by
/// `pwdAccountLockedTime` or the ACCOUNTDISABLE bit (2) of `userAccountControl`; last logon from
/// `lastLogonTimestamp` (FILETIME) or `authTimestamp`; `pwdLastSet`/`pwdChangedTime`; groups from `memberOf`, or
/// from the group entries' `member`/`uniqueMember`/`memberUid`; privileged: `adminCount=1` and the administrators'
/// groups (Domain, Enterprise and Schema Admins, Administrators, admins, wheel, sudo).
public enum DirectoryAccounts {
    static let adminGroups: Set<String> = [
        "domain admins", "enterprise admins", "schema admins", "administrators", "admins", "account operators", "wheel", "sudo",
    ]

    public static func accounts(_ entries: [DirectoryEntry]) -> AccountBatch {
        var batch = AccountBatch()
        let groups = entries.filter { !$0.objectClasses.isDisjoint(with: ["groupofnames", "groupofuniquenames", "posixgroup", "group"]) }
        var members: [String: [String]] = [:]  // a member's DN or uid → group names
        for group in groups {
            let cn = group.first("cn") ?? commonName(group.dn)
            for member in group.all("member") + group.all("uniqueMember") + group.all("memberUid") {
                members[member.lowercased(), default: []].append(cn)
            }
        }
        let people = entries.filter {
            !$0.objectClasses.isDisjoint(with: ["person", "inetorgperson", "posixaccount", "user"]) && !$0.objectClasses.contains("computer")
        }
        var seen = Set<String>()
        for entry in people {
            guard let login = entry.first("sAMAccountName") ?? entry.first("uid") else {
                batch.reject(entry.place, "\(entry.dn.prefix(120)): no uid or sAMAccountName")
                continue
            }
            if let problem = AccountText.usernameProblem(login) {
                batch.reject(entry.place, problem)
                continue
            }
            guard seen.insert(login.lowercased()).inserted else {
                batch.reject(entry.place, "\(login.prefix(64)) is in the directory twice")
                continue
            }
            let control = entry.first("userAccountControl").flatMap(Int.init) ?? 0
            var account = ImportedAccount(
                username: login, displayName: entry.first("displayName") ?? entry.first("cn") ?? "",
                email: (entry.first("mail") ?? entry.first("userPrincipalName") ?? "").lowercased(),
                employeeID: entry.first("employeeID") ?? entry.first("employeeNumber") ?? "",
                enabled: control & 2 == 0 && entry.first("pwdAccountLockedTime") == nil,
                lastLoginAt: filetime(entry.first("lastLogonTimestamp")) ?? generalized(entry.first("authTimestamp")),
                createdAt: generalized(entry.first("whenCreated") ?? entry.first("createTimestamp")), uid: entry.first("uidNumber").flatMap(Int.init),
                place: entry.place)
            if let set = filetime(entry.first("pwdLastSet")) ?? generalized(entry.first("pwdChangedTime")) {
                account.credentials.append(Credential(kind: .password, createdAt: set))
            }
            if entry.first("adminCount") == "1" {
                account.entitlements.append(
                    Entitlement(kind: .role, name: "adminCount=1", privileged: true, reason: "protected by AdminSDHolder: a member of an admin group")
                )
            }
            let names = entry.all("memberOf").map(commonName) + (members[entry.dn.lowercased()] ?? []) + (members[login.lowercased()] ?? [])
            for group in Array(Set(names)).sorted() { account.entitlements.append(groupEntitlement(group)) }
            batch.accounts.append(account)
        }
        return batch
    }

    /// A directory group, privileged when it is one of the administrators' groups.
    static func groupEntitlement(_ group: String) -> Entitlement {
        let admin = adminGroups.contains(group.lowercased())
        return Entitlement(kind: .group, name: group, privileged: admin, reason: admin ? "\(group) administers the directory" : "")
    }

    /// `cn=Domain Admins,cn=Users,dc=…` → `Domain Admins`.
    static func commonName(_ dn: String) -> String {
        guard let first = dn.split(separator: ",").first, let equals = first.firstIndex(of: "=") else { return dn }
        return first[first.index(after: equals)...].trimmingCharacters(in: .whitespaces)
    }

    /// A Windows FILETIME (100 ns since 1601); 0 and the "never" value are nil.
    static func filetime(_ text: String?) -> Date? {
        guard let value = text.flatMap({ Int64($0) }), value > 0, value != Int64.max else { return nil }
        return Date(timeIntervalSince1970: Double(value) / 10_000_000 - 11_644_473_600)
    }

    /// LDAP GeneralizedTime `20261201083000Z` (fractions and offsets other than Z are not used by these attributes).
    static func generalized(_ text: String?) -> Date? {
        guard let text, text.count >= 15 else { return nil }
        let digits = text.prefix(14)
        guard digits.allSatisfy(\.isNumber) else { return nil }
        let s = Array(digits)
        return Timestamp.parse(
            "\(String(s[0..<4]))-\(String(s[4..<6]))-\(String(s[6..<8]))T\(String(s[8..<10])):\(String(s[10..<12])):\(String(s[12..<14]))Z")
    }
}
