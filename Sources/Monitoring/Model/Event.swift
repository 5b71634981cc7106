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

extension StoredEvent {
    /// The event as the API and the CLI show it: `id`, `@timestamp`, `received`, `host`, `input`, `raw`, `fields`.
    public var jsonObject: [String: Any] {
        [
            "id": id, "@timestamp": Timestamp.format(event.timestamp), "received": Timestamp.format(event.received), "host": event.host,
            "input": event.input, "raw": event.raw, "fields": event.fields.mapValues(\.jsonObject),
        ]
    }
}

extension EventSearchResult {
    /// `{"total":N,"events":[…],"next":"…"|null}`, as the API and the CLI answer a search.
    public var jsonObject: [String: Any] {
        ["total": total, "events": events.map(\.jsonObject), "next": next ?? NSNull()]
    }
}
