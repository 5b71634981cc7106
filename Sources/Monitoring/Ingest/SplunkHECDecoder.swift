// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Splunk HTTP Event Collector bodies. `/services/collector/event`: JSON objects one after another (whitespace or
/// nothing between them), each with `event` (text or object) and optional `time` (epoch seconds), `host`, `source`,
/// `sourcetype`, `index` and `fields`. `/services/collector/raw`: log lines.
public struct SplunkHECDecoder: Sendable {
    /// HEC's error answer: its `code`, `text` and the 0-based number of the event at fault.
    public struct Failure: Error, Equatable, Sendable {
        public var code: Int
        public var text: String
        public var invalidEventNumber: Int?
    }

    public let normaliser: Normaliser
    public init(normaliser: Normaliser) {
        self.normaliser = normaliser
    }

    /// The good events, and the first failure if any (HEC reports one); a bad event never drops the others.
    public func decodeEvents(_ bytes: [UInt8], received: Date) -> (events: [Event], failure: Failure?) {
        let objects = Self.split(bytes)
        if objects.isEmpty { return ([], Failure(code: 5, text: "No data", invalidEventNumber: nil)) }
        var events: [Event] = []
        var failure: Failure?
        for (number, slice) in objects.enumerated() {
            guard let object = slice.flatMap({ try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }) else {
                failure = failure ?? Failure(code: 6, text: "Invalid data format", invalidEventNumber: number)
                continue
            }
            guard let body = object["event"] else {
                failure = failure ?? Failure(code: 12, text: "Event field is required", invalidEventNumber: number)
                continue
            }
            var event: Event
            if let text = body as? String {
                if text.isEmpty { failure = failure ?? Failure(code: 13, text: "Event field cannot be blank", invalidEventNumber: number); continue }
                event = normaliser.line(text, input: "splunk-hec", received: received)
            } else if let nested = body as? [String: Any] {
                let raw =
                    (try? JSONSerialization.data(withJSONObject: nested, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? ""
                event = normaliser.json(nested, raw: raw, input: "splunk-hec", received: received)
            } else {
                failure = failure ?? Failure(code: 6, text: "Invalid data format", invalidEventNumber: number)
                continue
            }
            apply(metadata: object, to: &event)
            events.append(event)
        }
        return (events, failure)
    }

    /// Raw lines, with the query's `host`, `source`, `sourcetype` as metadata.
    public func decodeRaw(_ bytes: [UInt8], metadata: [String: String], received: Date) -> [Event] {
        var events: [Event] = []
        for line in bytes.split(separator: 10, omittingEmptySubsequences: true) {
            var slice = line
            if slice.last == 13 { slice = slice.dropLast() }
            if slice.isEmpty { continue }
            var event = normaliser.line(String(decoding: slice, as: UTF8.self), input: "splunk-hec", received: received)
            apply(metadata: metadata, to: &event)
            events.append(event)
        }
        return events
    }

    private func apply(metadata: [String: Any], to event: inout Event) {
        if let host = metadata["host"] as? String, !host.isEmpty {
            event.fields["host.name"] = .string(host)
            event.host = host
        }
        if let source = metadata["source"] as? String { event.fields["splunk.source"] = .string(source); event.fill("log.file.path", source) }
        if let sourcetype = metadata["sourcetype"] as? String { event.fields["splunk.sourcetype"] = .string(sourcetype) }
        if let index = metadata["index"] as? String { event.fields["splunk.index"] = .string(index) }
        if let extra = metadata["fields"] as? [String: Any] {
            for (key, value) in extra where event.fields[key] == nil { event.fields[key] = FieldValue(json: value) }
        }
        let time: ParsedTime?
        switch metadata["time"] {
        case let number as NSNumber: time = TimeParser.epoch(number.doubleValue)
        case let text as String: time = TimeParser.epoch(text)
        default: time = nil
        }
        if let time { event = normaliser.withTime(event, time) }
    }

    /// The top-level JSON values of a body of concatenated objects; nil for a piece that is not an object.
    static func split(_ bytes: [UInt8]) -> [ArraySlice<UInt8>?] {
        var result: [ArraySlice<UInt8>?] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 32 || byte == 10 || byte == 13 || byte == 9 { index += 1; continue }
            guard byte == UInt8(ascii: "{") else {
                // Not an object: skip to the next plausible start, and report this piece as invalid.
                let next = bytes[index...].firstIndex(of: UInt8(ascii: "{")) ?? bytes.count
                result.append(nil)
                index = next
                continue
            }
            var depth = 0
            var inString = false
            var escaped = false
            var end = index
            var closed = false
            while end < bytes.count {
                let char = bytes[end]
                if inString {
                    if escaped { escaped = false } else if char == 92 { escaped = true } else if char == 34 { inString = false }
                } else if char == 34 {
                    inString = true
                } else if char == UInt8(ascii: "{") || char == UInt8(ascii: "[") {
                    depth += 1
                } else if char == UInt8(ascii: "}") || char == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { closed = true; end += 1; break }
                }
                end += 1
            }
            result.append(closed ? bytes[index..<end] : nil)
            index = end
        }
        return result
    }
}
