// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A syslog message taken apart: RFC 5424, RFC 3164, and the deviations real senders make (no PRI, no host, an ISO
/// timestamp in a BSD message, a missing tag). A line that is not syslog at all still yields its whole text as message.
public struct SyslogMessage: Sendable {
    public enum Format: String, Sendable { case rfc5424, rfc3164, plain }

    public var format: Format = .plain
    public var priority: Int?
    public var timestamp: ParsedTime?
    public var hostname: String?
    public var appName: String?
    public var procID: String?
    public var msgID: String?
    public var structuredData: [(id: String, parameters: [(name: String, value: String)])] = []
    public var message: String = ""

    public var facility: Int? { priority.map { $0 / 8 } }
    public var severity: Int? { priority.map { $0 % 8 } }

    static let facilityNames = [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7",
    ]
    static let severityNames = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"]

    /// Parses one message; `reference` (the receipt time) gives RFC 3164 timestamps their year.
    public static func parse(_ text: String, reference: Date) -> SyslogMessage {
        var result = SyslogMessage()
        var rest = Substring(text)
        if rest.first == "<", let close = rest.prefix(5).firstIndex(of: ">"), let pri = Int(rest[rest.index(after: rest.startIndex)..<close]),
            (0...191).contains(pri)
        {
            result.priority = pri
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix("1 ") {
                result.format = .rfc5424
                parse5424(rest.dropFirst(2), into: &result)
                return result
            }
            result.format = .rfc3164
        }
        parse3164(rest, reference: reference, into: &result)
        return result
    }

    // MARK: RFC 5424

    private static func parse5424(_ text: Substring, into result: inout SyslogMessage) {
        var rest = text
        func field() -> String? {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let value = String(rest[..<end])
            rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[rest.endIndex...]
            return value == "-" ? nil : value
        }
        if let time = field() { result.timestamp = TimeParser.iso(time) }
        result.hostname = field()
        result.appName = field()
        result.procID = field()
        result.msgID = field()
        if rest.first == "[" {
            parseStructuredData(&rest, into: &result)
        } else if rest.first == "-" {
            rest = rest.dropFirst()
        }
        if rest.first == " " { rest = rest.dropFirst() }
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        result.message = String(rest)
    }

    /// `[id name="value" …][id2 …]`, with `\"`, `\\` and `\]` escapes inside values.
    private static func parseStructuredData(_ rest: inout Substring, into result: inout SyslogMessage) {
        while rest.first == "[" {
            rest = rest.dropFirst()
            let idEnd = rest.firstIndex(where: { $0 == " " || $0 == "]" }) ?? rest.endIndex
            let id = String(rest[..<idEnd])
            rest = rest[idEnd...]
            var parameters: [(String, String)] = []
            while let first = rest.first, first == " " {
                rest = rest.dropFirst()
                guard let equals = rest.firstIndex(of: "=") else { break }
                let name = String(rest[..<equals])
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { break }
                rest = rest.dropFirst()
                var value = ""
                var escaped = false
                while let char = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(char); escaped = false; continue }
                    if char == "\\" { escaped = true; continue }
                    if char == "\"" { break }
                    value.append(char)
                }
                parameters.append((name, value))
            }
            if rest.first == "]" { rest = rest.dropFirst() }
            result.structuredData.append((id, parameters))
        }
    }

    // MARK: RFC 3164 and friends

    private static func parse3164(_ text: Substring, reference: Date, into result: inout SyslogMessage) {
        var rest = text
        var sawTimestamp = false
        if let (time, length) = TimeParser.bsd(rest, reference: reference) {
            result.timestamp = time
            rest = rest.dropFirst(length)
            sawTimestamp = true
        } else if let space = rest.prefix(40).firstIndex(of: " "), let time = TimeParser.iso(String(rest[..<space])) {
            // rsyslog's forward format and many appliances put an RFC 3339 time here.
            result.timestamp = time
            rest = rest[rest.index(after: space)...]
            sawTimestamp = true
        }
        while rest.first == " " { rest = rest.dropFirst() }
        if result.format == .plain && !sawTimestamp {
            // A bare line: perhaps `tag: message`, never a host.
            splitTag(&rest, into: &result)
            result.message = String(rest)
            return
        }
        // HOSTNAME is present unless the next word already looks like a tag (`sshd[42]:` or `app:`).
        if let space = rest.firstIndex(of: " ") {
            let word = rest[..<space]
            if !word.hasSuffix(":") && !word.contains("[") {
                result.hostname = String(word)
                rest = rest[rest.index(after: space)...]
            }
        }
        splitTag(&rest, into: &result)
        result.message = String(rest)
    }

    /// `name[pid]: ` or `name: ` at the start of the text, as program name and process id.
    private static func splitTag(_ rest: inout Substring, into result: inout SyslogMessage) {
        guard let colon = rest.prefix(64).firstIndex(of: ":") else { return }
        var tag = rest[..<colon]
        guard !tag.isEmpty, !tag.contains(" ") else { return }
        if tag.hasSuffix("]"), let open = tag.firstIndex(of: "[") {
            result.procID = String(tag[tag.index(after: open)..<tag.index(before: tag.endIndex)])
            tag = tag[..<open]
        }
        guard !tag.isEmpty, tag.allSatisfy({ $0.isLetter || $0.isNumber || "-_./()".contains($0) }) else { result.procID = nil; return }
        result.appName = String(tag)
        rest = rest[rest.index(after: colon)...]
        if rest.first == " " { rest = rest.dropFirst() }
    }
}

extension SyslogMessage {
    /// The message's parts as ECS fields (`log.syslog.*`, `process.name`, `process.pid`, `host.name`, `message`).
    public func fields() -> [String: FieldValue] {
        var fields: [String: FieldValue] = ["message": .string(message), "log.syslog.format": .string(format.rawValue)]
        if let priority, let facility, let severity {
            fields["log.syslog.priority"] = .int(Int64(priority))
            fields["log.syslog.facility.code"] = .int(Int64(facility))
            fields["log.syslog.facility.name"] = .string(Self.facilityNames[facility])
            fields["log.syslog.severity.code"] = .int(Int64(severity))
            fields["log.syslog.severity.name"] = .string(Self.severityNames[severity])
            fields["log.level"] = .string(Self.severityNames[severity])
        }
        if let hostname { fields["host.name"] = .string(hostname); fields["log.syslog.hostname"] = .string(hostname) }
        if let appName { fields["process.name"] = .string(appName); fields["log.syslog.appname"] = .string(appName) }
        if let procID {
            fields["log.syslog.procid"] = .string(procID)
            if let pid = Int64(procID) { fields["process.pid"] = .int(pid) }
        }
        if let msgID { fields["log.syslog.msgid"] = .string(msgID) }
        for element in structuredData {
            for parameter in element.parameters {
                fields["log.syslog.structured_data.\(element.id).\(parameter.name)"] = .string(parameter.value)
            }
        }
        return fields
    }
}
