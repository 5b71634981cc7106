// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// Linux audit records (`type=USER_LOGIN msg=audit(1364481363.243:24287): pid=… msg='op=login acct="root" … res=failed'`),
/// from auditd's log or forwarded by syslog: every key as `auditd.log.<key>` (as Filebeat names them), the inner
/// `msg='…'` pairs flattened beside them, and the usual ECS fields.
enum LinuxAuditParser {
    static func apply(message: String, to event: inout Event, time: inout ParsedTime?) -> Bool {
        var text = Substring(message)
        if let start = text.range(of: "type="), start.lowerBound != text.startIndex {
            // `audit: type=…` or `node=host type=…` prefixes.
            text = text[start.lowerBound...]
        }
        guard text.hasPrefix("type="), let auditStart = text.range(of: " msg=audit("), let close = text[auditStart.upperBound...].firstIndex(of: ")")
        else { return false }
        let type = String(text[text.index(text.startIndex, offsetBy: 5)..<auditStart.lowerBound])
        let stamp = text[auditStart.upperBound..<close]
        let stampParts = stamp.split(separator: ":")
        guard stampParts.count == 2, let seconds = Double(stampParts[0]), let sequence = Int64(stampParts[1]) else { return false }
        var body = text[text.index(after: close)...]
        if body.first == ":" { body = body.dropFirst() }

        event.fill("auditd.log.record_type", type)
        event.fill("auditd.log.sequence", .int(sequence))
        time = TimeParser.epoch(seconds)
        var pairs = KeyValueParser.pairs(String(body))
        if let inner = pairs.firstIndex(where: { $0.key == "msg" }) {
            let nested = KeyValueParser.pairs(pairs[inner].value)
            pairs.remove(at: inner)
            pairs += nested
        }
        var values: [String: String] = [:]
        for (key, value) in pairs {
            values[key] = value
            event.fill("auditd.log.\(key)", value)
        }
        event.fill("event.action", type.lowercased())
        event.fill("event.module", "auditd")
        if let result = values["res"] ?? values["success"] {
            event.fill("event.outcome", ["success", "yes", "1"].contains(result.lowercased()) ? "success" : "failure")
        }
        let account = values["acct"] ?? values["id"]
        if let account, account != "?" { event.fill("user.name", account.trimmingQuotes) }
        event.fill("user.id", values["uid"])
        event.fill("user.audit.id", values["auid"])
        if let address = values["addr"], Validation.isIPAddress(address) { event.fill("source.ip", address) }
        if let host = values["hostname"], host != "?" { event.fill("source.domain", host) }
        if let pid = values["pid"].flatMap({ Int64($0) }) { event.fill("process.pid", .int(pid)) }
        event.fill("process.executable", values["exe"]?.trimmingQuotes)
        event.fill("process.name", values["comm"]?.trimmingQuotes)
        if type.hasPrefix("USER_") || type == "CRED_ACQ" || type == "LOGIN" {
            event.fill("event.category", .list([.string("authentication")]))
        } else if type == "EXECVE" || type == "SYSCALL" {
            event.fill("event.category", .list([.string("process")]))
        }
        return true
    }
}

extension String {
    var trimmingQuotes: String {
        guard count >= 2, first == "\"", last == "\"" else { return self }
        return String(dropFirst().dropLast())
    }
}
