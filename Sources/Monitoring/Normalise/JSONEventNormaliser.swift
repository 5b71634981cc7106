// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A JSON object as an event: its fields flattened, Windows shapes mapped, common names (`timestamp`, `hostname`,
/// `msg`, …) mapped to ECS, and a syslog-looking `message` parsed like a syslog line.
enum JSONEventNormaliser {
    static func normalise(_ object: [String: Any], event: inout Event, time: inout ParsedTime?, reference: Date) {
        JSONFlattener.flatten(object, into: &event.fields)
        if WindowsEventMapper.apply(to: &event, time: &time) {
            mapCommonFields(&event, time: &time)
            return
        }
        mapCommonFields(&event, time: &time)
        guard event.fields["event.action"] == nil, event.fields["bulwark.parser"] == nil, let message = event.fields["message"]?.stringValue else {
            return
        }
        // A shipper's record of a syslog line (Fluent Bit tailing auth.log, Vector's `message`): parse the line.
        let line = SyslogMessage.parse(message, reference: reference)
        if line.appName != nil {
            event.fill("process.name", line.appName)
            if let pid = line.procID.flatMap({ Int64($0) }) { event.fill("process.pid", .int(pid)) }
        }
        if line.format != .plain || line.timestamp != nil {
            event.fill("host.name", line.hostname)
            if time == nil { time = line.timestamp }
        }
        let program = event.fields["process.name"]?.stringValue ?? line.appName
        MessageParsers.apply(
            program: program, message: line.appName == nil && line.format == .plain ? message : line.message, to: &event, time: &time)
    }

    /// Usual names for the time, host, message, user and addresses, copied to their ECS names when those are absent.
    static func mapCommonFields(_ event: inout Event, time: inout ParsedTime?) {
        let fields = event.fields
        if time == nil {
            for name in ["@timestamp", "timestamp", "time", "ts", "datetime", "date", "EventTime", "event.created", "_time"] {
                guard let value = fields[name] else { continue }
                let parsed: ParsedTime?
                switch value {
                case .int(let number): parsed = TimeParser.epoch(Double(number))
                case .double(let number): parsed = TimeParser.epoch(number)
                case .string(let text): parsed = TimeParser.parse(text)
                default: parsed = nil
                }
                if let parsed { time = parsed; break }
            }
        }
        if fields["host.name"] == nil {
            for name in ["hostname", "host", "Hostname", "Computer", "host.hostname", "agent.hostname", "_HOSTNAME", "syslog_hostname"] {
                if let value = fields[name]?.stringValue, !value.isEmpty { event.fields["host.name"] = .string(value); break }
            }
        }
        if fields["message"] == nil {
            for name in ["msg", "log", "MESSAGE", "Message", "text"] {
                if let value = fields[name]?.stringValue { event.fields["message"] = .string(value); break }
            }
        }
        if fields["user.name"] == nil, let user = (fields["user"] ?? fields["username"])?.stringValue, !user.isEmpty {
            event.fields["user.name"] = .string(user)
        }
        if fields["source.ip"] == nil {
            for name in ["src_ip", "client_ip", "remote_addr", "ip", "clientip", "src"] {
                if let value = fields[name]?.stringValue, Validation.isIPAddress(value) { event.fields["source.ip"] = .string(value); break }
            }
        }
        if fields["process.name"] == nil, let name = (fields["program"] ?? fields["SYSLOG_IDENTIFIER"] ?? fields["appname"])?.stringValue {
            event.fields["process.name"] = .string(name)
        }
    }
}
