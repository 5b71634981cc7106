// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The parsers for a message's text, tried from the most specific: auth logs by program name, Linux audit records,
/// access logs, JSON in the message, then key=value pairs. A message none of them knows is kept as it is.
enum MessageParsers {
    /// Adds what the parsers find in `message` (of `program`, when known) to `event`; a time found in the text
    /// (audit records, access logs) is returned in `time`. The parser's name goes to `event.dataset`-like
    /// `bulwark.parser`, so a search can tell which events were understood.
    static func apply(program: String?, message: String, to event: inout Event, time: inout ParsedTime?) {
        let parser: String?
        if let program, AuthLogParser.apply(program: program, message: message, to: &event) {
            parser = program == "sshd" || program.hasPrefix("sshd-") ? "sshd" : (message.hasPrefix("pam_unix(") ? "pam" : program)
        } else if message.hasPrefix("pam_unix("), AuthLogParser.apply(program: program ?? "", message: message, to: &event) {
            parser = "pam"
        } else if LinuxAuditParser.apply(message: message, to: &event, time: &time) {
            parser = "auditd"
        } else if AccessLogParser.apply(message: message, to: &event, time: &time) {
            parser = "access_log"
        } else if applyJSON(message, to: &event, time: &time) {
            parser = "json"
        } else if KeyValueParser.apply(message: message, to: &event) {
            parser = "kv"
        } else {
            parser = nil
        }
        if let parser { event.fields["bulwark.parser"] = .string(parser) }
    }

    /// JSON in the message (also after a `@cee:` cookie): its fields join the event's, under their own names.
    private static func applyJSON(_ message: String, to event: inout Event, time: inout ParsedTime?) -> Bool {
        var text = Substring(message)
        if text.hasPrefix("@cee:") { text = text.dropFirst(5).drop(while: { $0 == " " }) }
        guard text.first == "{", text.last == "}",
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return false }
        var nested: [String: FieldValue] = [:]
        JSONFlattener.flatten(object, into: &nested)
        for (key, value) in nested where event.fields[key] == nil || key == "message" {
            if key == "message" { continue }
            event.fields[key] = value
        }
        JSONEventNormaliser.mapCommonFields(&event, time: &time)
        return true
    }
}
