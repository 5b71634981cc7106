// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Crypto
import Foundation

/// The account files of one Linux host, as uploaded (each optional; the latest of each kind counts):
/// `/etc/passwd`, `/etc/group`, `/etc/shadow` (only whether a password is set, locked or expired is kept, never the
/// hash), sudoers, `authorized_keys` per user, and `lastlog` or `last --time-format iso` output.
public struct LinuxHostFiles: Sendable, Equatable, Codable {
    public var passwd: String?
    public var group: String?
    public var shadow: String?
    /// The main sudoers file and those it includes, by name.
    public var sudoers: [String: String] = [:]
    /// `authorized_keys` text by user name.
    public var authorizedKeys: [String: String] = [:]
    public var lastlog: String?
    public var last: String?

    public init(passwd: String? = nil, group: String? = nil, shadow: String? = nil) {
        self.passwd = passwd
        self.group = group
        self.shadow = shadow
    }

    /// A shadow file with each password hash replaced by its state alone (`!` locked, `*` none, empty, or `x` set),
    /// read the same: what is kept between imports. The hash never leaves the request.
    public static func reducedShadow(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            // A commented-out entry may still hold a hash: only the '#' is kept.
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { return "#" }
            var fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { return String(line) }
            let hash = fields[1]
            fields[1] = hash.isEmpty ? "" : hash.hasPrefix("!") ? "!" : hash.hasPrefix("*") ? "*" : "x"
            return fields.joined(separator: ":")
        }.joined(separator: "\n")
    }
}

/// Reads a Linux host's accounts. An account is a passwd entry; groups, sudo rules and SSH keys are its entitlements.
/// Privileged: uid 0, membership of `root`, `wheel`, `sudo`, `admin`, `docker` or `lxd` (root-equivalent), and a sudo
/// rule that runs every command (`ALL`). System accounts (uid below 1000, or a shell that cannot log in) are marked,
/// so that they are not taken for orphaned people.
public enum LinuxAccounts {
    static let privilegedGroups: [String: String] = [
        "root": "the root group", "wheel": "may use su and sudo (wheel)", "sudo": "may run any command with sudo (sudo group)",
        "admin": "may run any command with sudo (admin group)", "docker": "root-equivalent: controls the Docker daemon",
        "lxd": "root-equivalent: controls LXD containers",
    ]
    static let noLogin: Set<String> = ["/usr/sbin/nologin", "/sbin/nologin", "/bin/false", "/usr/bin/false", "/bin/sync"]

    public static func read(_ files: LinuxHostFiles, now: Date) -> AccountBatch {
        var batch = AccountBatch()
        guard let passwd = files.passwd else {
            batch.reject("passwd", "no /etc/passwd has been uploaded for this host: accounts come from it")
            return batch
        }
        var accounts: [ImportedAccount] = []
        var primaryGroup: [String: Int] = [:]
        for (number, line) in lines(passwd) {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let place = "passwd:\(number)"
            guard fields.count == 7 else {
                batch.reject(place, "a passwd entry has 7 fields separated by ':' (this one has \(fields.count))")
                continue
            }
            if let problem = AccountText.usernameProblem(fields[0]) {
                batch.reject(place, problem)
                continue
            }
            guard let uid = Int(fields[2]), let gid = Int(fields[3]) else {
                batch.reject(place, "uid '\(fields[2].prefix(20))' and gid '\(fields[3].prefix(20))' must be numbers")
                continue
            }
            guard !accounts.contains(where: { $0.username == fields[0] }) else {
                batch.reject(place, "\(fields[0]) is listed twice")
                continue
            }
            var account = ImportedAccount(
                username: fields[0], displayName: fields[4].split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? "",
                uid: uid, isSystem: uid != 0 && (uid < 1000 || noLogin.contains(fields[6])) || uid == 65534, place: place)
            if noLogin.contains(fields[6]) { account.enabled = false }
            if uid == 0 { account.entitlements.append(Entitlement(kind: .role, name: "uid 0", privileged: true, reason: "uid 0 is root")) }
            primaryGroup[fields[0]] = gid
            accounts.append(account)
        }
        let index = Dictionary(uniqueKeysWithValues: accounts.enumerated().map { ($1.username, $0) })

        // Groups: the named members, and the accounts whose primary group it is.
        var members: [String: [String]] = [:]
        if let group = files.group {
            for (number, line) in lines(group) {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 4, let gid = Int(fields[2]) else {
                    batch.reject("group:\(number)", "a group entry is name:password:gid:members")
                    continue
                }
                let named = fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let primary = primaryGroup.filter { $0.value == gid }.map(\.key)
                members[fields[0]] = Array(Set(named + primary)).sorted()
                for user in members[fields[0]] ?? [] {
                    guard let at = index[user] else { continue }
                    let reason = privilegedGroups[fields[0]]
                    accounts[at].entitlements.append(Entitlement(kind: .group, name: fields[0], privileged: reason != nil, reason: reason ?? ""))
                }
            }
        }

        if let shadow = files.shadow {
            for (number, line) in lines(shadow) {
                let fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count >= 8, let at = index[fields[0]] else {
                    if fields.count < 8 { batch.reject("shadow:\(number)", "a shadow entry has 9 fields separated by ':'") }
                    continue
                }
                let hash = fields[1]
                var password = Credential(kind: .password, active: !(hash.hasPrefix("!") || hash.hasPrefix("*")) && !hash.isEmpty)
                if let days = Int(fields[2]), days > 0 { password.createdAt = Date(timeIntervalSince1970: Double(days) * 86400) }
                if hash.isEmpty {
                    // No password at all: anyone may log in as this account where PAM allows empty passwords.
                    accounts[at].entitlements.append(
                        Entitlement(kind: .role, name: "empty password", privileged: true, reason: "logs in without a password"))
                }
                if let expire = Int(fields[7]), expire > 0, Date(timeIntervalSince1970: Double(expire) * 86400) <= now {
                    accounts[at].enabled = false
                }
                accounts[at].credentials.append(password)
            }
        }

        for (file, text) in files.sudoers.sorted(by: { $0.key < $1.key }) {
            for (_, users, rule) in sudoRules(text, file: file, batch: &batch) {
                let everything = commands(of: rule).contains("ALL")
                let reason =
                    everything ? (rule.contains("NOPASSWD") ? "runs any command as root without a password" : "runs any command as root") : ""
                for user in users {
                    let holders = user.hasPrefix("%") ? members[String(user.dropFirst())] ?? [] : [user]
                    for holder in holders {
                        guard let at = index[holder] else { continue }
                        let name = "sudo \(user) \(rule)"
                        guard !accounts[at].entitlements.contains(where: { $0.name == name }) else { continue }
                        accounts[at].entitlements.append(Entitlement(kind: .sudo, name: name, privileged: everything, reason: reason))
                    }
                }
            }
        }

        for (user, text) in files.authorizedKeys.sorted(by: { $0.key < $1.key }) {
            guard let at = index[user] else {
                batch.reject("authorized_keys (\(user.prefix(64)))", "no account \(user.prefix(64)) in passwd")
                continue
            }
            for (number, line) in lines(text) {
                guard let key = sshKey(line) else {
                    batch.reject("authorized_keys (\(user.prefix(64))):\(number)", "not an SSH public key line (type, base64 key, comment)")
                    continue
                }
                accounts[at].entitlements.append(
                    Entitlement(kind: .sshKey, name: "\(key.type) \(key.fingerprint)\(key.comment.map { " \($0)" } ?? "")"))
                accounts[at].credentials.append(Credential(kind: .sshKey, identifier: key.fingerprint))
            }
        }

        for (user, date) in logins(lastlog: files.lastlog, last: files.last, batch: &batch) {
            guard let at = index[user] else { continue }
            accounts[at].lastLoginAt = max(accounts[at].lastLoginAt ?? date, date)
        }
        batch.accounts = accounts
        return batch
    }

    /// Lines that are neither blank nor comments, with their numbers.
    static func lines(_ text: String) -> [(Int, String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, raw in
            let line = raw.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("#") && !trimmed.hasPrefix("#include") ? nil : (offset + 1, line)
        }
    }

    /// The user specifications of a sudoers file: who (users, `%groups`, User_Alias names expanded) and the rest of the
    /// rule (`ALL=(ALL:ALL) NOPASSWD: ALL`). `Defaults` and the other aliases are not grants; includes are read from
    /// the files uploaded with it.
    static func sudoRules(_ text: String, file: String, batch: inout AccountBatch) -> [(String, [String], String)] {
        var aliases: [String: [String]] = [:]
        var rules: [(String, [String], String)] = []
        var joined: [(Int, String)] = []
        var pending = ""
        var start = 0
        for (number, line) in lines(text) {
            if pending.isEmpty { start = number }
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
                continue
            }
            joined.append((start, pending + line))
            pending = ""
        }
        for (number, line) in joined {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("Defaults") || text.hasPrefix("#include") || text.hasPrefix("@include") || text.hasPrefix("Cmnd_Alias")
                || text.hasPrefix("Host_Alias") || text.hasPrefix("Runas_Alias")
            {
                continue
            }
            if text.hasPrefix("User_Alias") {
                for definition in text.dropFirst("User_Alias".count).split(separator: ":") {
                    let parts = definition.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2 else { continue }
                    aliases[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].split(separator: ",").map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                }
                continue
            }
            guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }), text.contains("=") else {
                batch.reject("\(file):\(number)", "not a sudoers rule (who host=(runas) commands)")
                continue
            }
            let who = text[..<space].split(separator: ",").map { String($0) }
            let users = who.flatMap { aliases[$0] ?? [$0] }
            rules.append(("\(file):\(number)", users, text[space...].trimmingCharacters(in: .whitespaces)))
        }
        return rules
    }

    /// The commands of a rule's `host=(runas) TAGS: commands`, tags (`NOPASSWD:`, `SETENV:`) taken off.
    static func commands(of rule: String) -> [String] {
        var rest = Substring(rule)
        if let equals = rest.firstIndex(of: "=") { rest = rest[rest.index(after: equals)...] }
        if rest.trimmingCharacters(in: .whitespaces).hasPrefix("("), let close = rest.firstIndex(of: ")") { rest = rest[rest.index(after: close)...] }
        return rest.split(separator: ",").map { command in
            var text = command.trimmingCharacters(in: .whitespaces)
            while let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy({ $0.isUppercase || $0 == "_" }), !text[..<colon].isEmpty {
                text = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            return text
        }
    }

    /// An `authorized_keys` line: its options (if any), key type, key and comment; the fingerprint as `ssh-keygen -l`
    /// prints it (`SHA256:` and the unpadded base64 of the key blob's SHA-256).
    static func sshKey(_ line: String) -> (type: String, fingerprint: String, comment: String?)? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let at = words.firstIndex(where: { $0.hasPrefix("ssh-") || $0.hasPrefix("ecdsa-") || $0.hasPrefix("sk-") }), at + 1 < words.count,
            let blob = Data(base64Encoded: words[at + 1])
        else { return nil }
        let digest = Data(SHA256.hash(data: blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let comment = words.count > at + 2 ? words[(at + 2)...].joined(separator: " ") : nil
        return (words[at], "SHA256:" + digest, comment)
    }

    /// The newest login of each user from `lastlog` (`Username Port From Latest`, `**Never logged in**`) and from
    /// `last --time-format iso` (`user pts/0 host 2026-12-01T10:00:00+00:00 - …`).
    static func logins(lastlog: String?, last: String?, batch: inout AccountBatch) -> [(String, Date)] {
        var found: [(String, Date)] = []
        let lastlogFormat = DateFormatter()
        lastlogFormat.locale = Locale(identifier: "en_US_POSIX")
        lastlogFormat.dateFormat = "EEE MMM d HH:mm:ss Z yyyy"
        for (number, line) in lines(lastlog ?? "") where number > 1 && !line.contains("**Never logged in**") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard words.count >= 7, let date = lastlogFormat.date(from: words.suffix(6).joined(separator: " ")) else {
                batch.reject("lastlog:\(number)", "not a lastlog line (Username Port From Latest)")
                continue
            }
            found.append((String(words[0]), date))
        }
        for (number, line) in lines(last ?? "") {
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard let first = words.first, !["reboot", "shutdown", "wtmp", "btmp"].contains(first), !line.hasPrefix("wtmp begins") else { continue }
            guard let date = words.lazy.compactMap({ Timestamp.parse($0) }).first else {
                batch.reject("last:\(number)", "no ISO time: give `last --time-format iso` output")
                continue
            }
            found.append((first, date))
        }
        return found
    }
}
