// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// One log record as Bulwark keeps it: the original text, its time, where it came from, and a flat field map that
/// holds the original fields (dotted names for nested JSON) beside the common ECS-named fields parsers add.
public struct Event: Sendable, Hashable {
    /// `@timestamp`: when the event happened, as far as its source says (see ``TimestampPolicy``).
    public var timestamp: Date
    /// When Bulwark received it.
    public var received: Date
    /// `host.name`: the host the event is about or came from; empty when unknown.
    public var host: String
    /// The input it arrived by: `syslog-udp`, `syslog-tcp`, `syslog-tls`, `http`, `elasticsearch`, `splunk-hec`, `file`.
    public var input: String
    /// The original text, byte for byte as received (decoded as UTF-8).
    public var raw: String
    public var fields: [String: FieldValue]

    public init(timestamp: Date, received: Date, host: String, input: String, raw: String, fields: [String: FieldValue]) {
        self.timestamp = timestamp
        self.received = received
        self.host = host
        self.input = input
        self.raw = raw
        self.fields = fields
    }

    /// Sets a field only if the event does not already carry one of that name: original values win.
    mutating func fill(_ field: String, _ value: FieldValue?) {
        guard let value, fields[field] == nil else { return }
        if case .string(let text) = value, text.isEmpty { return }
        fields[field] = value
    }

    mutating func fill(_ field: String, _ text: String?) {
        fill(field, text.map(FieldValue.string))
    }
}

/// An event as stored: its identifier (increasing in commit order) and the event.
public struct StoredEvent: Sendable, Hashable {
    public var id: Int64
    public var event: Event
    public init(id: Int64, event: Event) {
        self.id = id
        self.event = event
    }
}

extension StoredEvent: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, timestamp = "@timestamp", received, host, input, raw, fields
    }

    /// The event as the API and the CLI write it: `id`, `@timestamp`, `received`, `host`, `input`, `raw`, `fields`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(Timestamp.format(event.timestamp), forKey: .timestamp)
        try container.encode(Timestamp.format(event.received), forKey: .received)
        try container.encode(event.host, forKey: .host)
        try container.encode(event.input, forKey: .input)
        try container.encode(event.raw, forKey: .raw)
        try container.encode(event.fields, forKey: .fields)
    }
}

extension EventSearchResult: Encodable {
    enum CodingKeys: String, CodingKey { case total, events, next }

    /// `{"total":N,"events":[…],"next":"…"|null}`, as the API and the CLI answer a search.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(total, forKey: .total)
        try container.encode(events, forKey: .events)
        if let next { try container.encode(next, forKey: .next) } else { try container.encodeNil(forKey: .next) }
    }
}
