// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Turns what an input received into events: the one place every input goes through, so that a line means the same
/// whether it came by syslog, HTTP or a file.
public struct Normaliser: Sendable {
    public var timestamps: TimestampPolicy

    public init(timestamps: TimestampPolicy = TimestampPolicy()) {
        self.timestamps = timestamps
    }

    /// One syslog message (a frame without its framing). `peer` is the sender's address, the host when the message names none.
    public func syslog(_ text: String, input: String, received: Date, peer: String? = nil) -> Event {
        let message = SyslogMessage.parse(text, reference: received)
        var event = Event(timestamp: received, received: received, host: "", input: input, raw: text, fields: message.fields())
        if let peer { event.fields["log.source.address"] = .string(peer) }
        var found: ParsedTime?
        MessageParsers.apply(program: message.appName, message: message.message, to: &event, time: &found)
        // The syslog header's time is the sender's clock; a time in the text (audit, access logs) is the event's own.
        let time = found ?? message.timestamp
        finish(&event, time: time, peer: peer)
        return event
    }

    /// One framed syslog message; a message cut at the maximum length is flagged `bulwark.truncated`.
    public func syslog(_ frame: SyslogFramer.Frame, input: String, received: Date, peer: String?) -> Event {
        var event = syslog(String(decoding: frame.bytes, as: UTF8.self), input: input, received: received, peer: peer)
        if frame.truncated { event.fields["bulwark.truncated"] = .bool(true) }
        return event
    }

    /// One line of unknown kind: a JSON object, or else syslog or plain text.
    public func line(_ text: String, input: String, received: Date, peer: String? = nil) -> Event {
        if text.first == "{", let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] {
            return json(object, raw: text, input: input, received: received)
        }
        return syslog(text, input: input, received: received, peer: peer)
    }

    /// Sets the time a transport vouches for (Splunk HEC's `time`), which wins over the one in the text.
    public func withTime(_ event: Event, _ time: ParsedTime) -> Event {
        var event = event
        event.fields["bulwark.timestamp_issue"] = nil
        event.fields["bulwark.original_timestamp"] = nil
        timestamps.apply(time, to: &event)
        return event
    }

    /// One JSON object; `raw` is its text as received.
    public func json(_ object: [String: Any], raw: String, input: String, received: Date, defaults: [String: FieldValue] = [:]) -> Event {
        var event = Event(timestamp: received, received: received, host: "", input: input, raw: raw, fields: [:])
        var time: ParsedTime?
        JSONEventNormaliser.normalise(object, event: &event, time: &time, reference: received)
        for (key, value) in defaults where event.fields[key] == nil { event.fields[key] = value }
        finish(&event, time: time, peer: nil)
        return event
    }

    private func finish(_ event: inout Event, time: ParsedTime?, peer: String?) {
        timestamps.apply(time, to: &event)
        if event.fields["host.name"] == nil, let peer { event.fields["host.name"] = .string(peer) }
        event.host = event.fields["host.name"]?.text ?? ""
        if event.host.count > 255 { event.host = String(event.host.prefix(255)) }
    }
}
