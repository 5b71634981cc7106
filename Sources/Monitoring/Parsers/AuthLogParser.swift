// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// sshd, sudo, su and PAM messages (the Linux `auth.log` / `secure` family) as ECS fields: `event.category`
/// `authentication`, `event.action`, `event.outcome`, `user.name`, `source.ip`, `source.port`.
enum AuthLogParser {
    private static let ssh: [(TextPattern, action: String, outcome: String?)] = [
        (TextPattern("Accepted {method} for {user} from {ip} port {port} {rest}"), "ssh_login", "success"),
        (TextPattern("Failed {method} for invalid user {user} from {ip} port {port} {rest}"), "ssh_login", "failure"),
        (TextPattern("Failed {method} for {user} from {ip} port {port} {rest}"), "ssh_login", "failure"),
        (TextPattern("Invalid user {user} from {ip} port {port}"), "ssh_invalid_user", "failure"),
        (TextPattern("Invalid user {user} from {ip}"), "ssh_invalid_user", "failure"),
        (TextPattern("error: maximum authentication attempts exceeded for invalid user {user} from {ip} port {port} {rest}"), "ssh_login", "failure"),
        (TextPattern("error: maximum authentication attempts exceeded for {user} from {ip} port {port} {rest}"), "ssh_login", "failure"),
        (TextPattern("Disconnected from invalid user {user} {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Disconnected from authenticating user {user} {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Disconnected from user {user} {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Disconnected from {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Received disconnect from {ip} port {port}:{rest}"), "ssh_disconnect", nil),
        (TextPattern("Connection closed by invalid user {user} {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Connection closed by authenticating user {user} {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Connection closed by {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Connection reset by {ip} port {port}"), "ssh_disconnect", nil),
        (TextPattern("Did not receive identification string from {ip} port {port}"), "ssh_no_identification", "failure"),
    ]

    private static let sudo = TextPattern("{user} : {rest}")
    private static let pam = TextPattern("pam_unix({service}:{type}): {rest}")
    private static let pamOpened = TextPattern("session opened for user {target} by {user}")
    private static let pamOpenedNoBy = TextPattern("session opened for user {target}")
    private static let pamClosed = TextPattern("session closed for user {target}")
    private static let pamFailure = TextPattern("authentication failure; {rest}")
    private static let suTo = TextPattern("(to {target}) {user} on {tty}")
    private static let suFailed = TextPattern("FAILED SU (to {target}) {user} on {tty}")
    private static let suFailedAlt = TextPattern("FAILED su for {target} by {user}")
    private static let suSuccess = TextPattern("Successful su for {target} by {user}")

    /// Fills `event` from `message` of program `program`; whether the message was recognised.
    static func apply(program: String, message: String, to event: inout Event) -> Bool {
        let text = Substring(message.hasSuffix(" [preauth]") ? String(message.dropLast(10)) : message)
        if text.hasPrefix("pam_unix(") { return applyPAM(text, to: &event) }
        switch program {
        case "sshd", "sshd-session", "sshd-auth": return applySSH(text, to: &event)
        case "sudo": return applySudo(text, to: &event)
        case "su": return applySu(text, to: &event)
        default: return false
        }
    }

    private static func applySSH(_ text: Substring, to event: inout Event) -> Bool {
        for (pattern, action, outcome) in ssh {
            guard let match = pattern.match(text) else { continue }
            event.fill("event.category", .list([.string("authentication")]))
            event.fill("event.action", action)
            if let outcome { event.fill("event.outcome", outcome) }
            event.fill("user.name", match["user"])
            if let ip = match["ip"], Validation.isIPAddress(ip) { event.fill("source.ip", ip) }
            if let port = match["port"].flatMap({ Int64($0) }) { event.fill("source.port", .int(port)) }
            if let method = match["method"] { event.fill("system.auth.ssh.method", method) }
            if action == "ssh_invalid_user" || text.contains("invalid user") { event.fill("system.auth.ssh.invalid_user", .bool(true)) }
            return true
        }
        return false
    }

    private static func applySudo(_ text: Substring, to event: inout Event) -> Bool {
        guard let match = sudo.match(Substring(text.drop(while: { $0 == " " }))), let user = match["user"], !user.contains(" ") else { return false }
        let parts = (match["rest"] ?? "").components(separatedBy: " ; ")
        var values: [String: String] = [:]
        var problem: String?
        for part in parts {
            if let equals = part.firstIndex(of: "="), part[..<equals].allSatisfy({ $0.isUppercase }) {
                values[String(part[..<equals])] = String(part[part.index(after: equals)...])
            } else {
                problem = part
            }
        }
        guard values["COMMAND"] != nil || values["TTY"] != nil else { return false }
        event.fill("event.category", .list([.string("process"), .string("authentication")]))
        event.fill("event.action", "sudo")
        event.fill("event.outcome", problem == nil ? "success" : "failure")
        event.fill("user.name", user)
        event.fill("user.effective.name", values["USER"] ?? "root")
        event.fill("process.command_line", values["COMMAND"])
        event.fill("process.working_directory", values["PWD"])
        event.fill("system.auth.sudo.tty", values["TTY"])
        event.fill("system.auth.sudo.error", problem)
        return true
    }

    private static func applySu(_ text: Substring, to event: inout Event) -> Bool {
        let outcome: String
        let match: [String: String]
        if let found = suFailed.match(text) ?? suFailedAlt.match(text) {
            (outcome, match) = ("failure", found)
        } else if let found = suTo.match(text) ?? suSuccess.match(text) {
            (outcome, match) = ("success", found)
        } else {
            return false
        }
        event.fill("event.category", .list([.string("authentication")]))
        event.fill("event.action", "su")
        event.fill("event.outcome", outcome)
        event.fill("user.name", match["user"])
        event.fill("user.target.name", match["target"])
        return true
    }

    private static func applyPAM(_ text: Substring, to event: inout Event) -> Bool {
        guard let match = pam.match(text), let rest = match["rest"] else { return false }
        event.fill("system.auth.pam.service", match["service"])
        event.fill("system.auth.pam.type", match["type"])
        event.fill("event.category", .list([.string(match["type"] == "session" ? "session" : "authentication")]))
        let body = Substring(rest)
        if let found = pamOpened.match(body) ?? pamOpenedNoBy.match(body) {
            event.fill("event.action", "session_opened")
            event.fill("event.outcome", "success")
            event.fill("user.target.name", stripUID(found["target"]))
            event.fill("user.name", stripUID(found["user"]) ?? stripUID(found["target"]))
        } else if let found = pamClosed.match(body) {
            event.fill("event.action", "session_closed")
            event.fill("user.target.name", stripUID(found["target"]))
            event.fill("user.name", stripUID(found["target"]))
        } else if let found = pamFailure.match(body) {
            event.fill("event.action", "authentication_failure")
            event.fill("event.outcome", "failure")
            let values = KeyValueParser.pairs(found["rest"] ?? "")
            let pairs = Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            event.fill("user.name", pairs["user"].flatMap { $0.isEmpty ? nil : $0 } ?? pairs["ruser"].flatMap { $0.isEmpty ? nil : $0 })
            if let host = pairs["rhost"], Validation.isIPAddress(host) { event.fill("source.ip", host) }
            event.fill("system.auth.pam.tty", pairs["tty"])
        } else {
            event.fill("event.action", "pam")
        }
        return true
    }

    /// `alice(uid=1000)` → `alice`.
    private static func stripUID(_ text: String?) -> String? {
        guard let text else { return nil }
        let name = text.split(separator: "(", maxSplits: 1).first.map(String.init) ?? text
        return name.isEmpty ? nil : name
    }
}
