// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The Elasticsearch bulk API's body (`POST /_bulk`, `POST /{index}/_bulk`) as Beats, Logstash, Fluent Bit and Vector
/// send it: NDJSON pairs of an action line (`index`/`create` with `_index`, `_id`) and a document line. Each item gets an
/// answer as Elasticsearch gives it; `delete` and `update` are refused item by item (events are append-only).
public struct ElasticBulkDecoder: Sendable {
    public struct Item: Sendable, Equatable {
        public var action: String
        public var index: String
        public var id: String
        public var status: Int
        public var errorType: String?
        public var errorReason: String?
    }

    public struct BodyError: Error, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public let normaliser: Normaliser
    public let maximumEventBytes: Int

    public init(normaliser: Normaliser, maximumEventBytes: Int = 1 << 20) {
        self.normaliser = normaliser
        self.maximumEventBytes = maximumEventBytes
    }

    /// The events to store (in item order, one per item whose status is 201) and every item's answer.
    public func decode(_ bytes: [UInt8], defaultIndex: String?, received: Date, newID: () -> String) throws(BodyError) -> (
        events: [Event], items: [Item]
    ) {
        var lines: [(Int, ArraySlice<UInt8>)] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            number += 1
            var line = bytes[start..<end]
            if line.last == 13 { line = line.dropLast() }
            if !line.allSatisfy({ $0 == 32 || $0 == 9 }) { lines.append((number, line)) }
            start = end + 1
        }
        var events: [Event] = []
        var items: [Item] = []
        var index = 0
        while index < lines.count {
            let (lineNumber, actionLine) = lines[index]
            index += 1
            guard let action = try? JSONSerialization.jsonObject(with: Data(actionLine)) as? [String: Any], action.count == 1,
                let (name, meta) = action.first.map({ ($0.key, $0.value as? [String: Any] ?? [:]) })
            else {
                throw BodyError(
                    line: lineNumber,
                    reason: "Malformed action/metadata line [\(lineNumber)], expected a simple value for field [_index] but found a JSON object")
            }
            let target = (meta["_index"] as? String) ?? defaultIndex ?? ""
            let id = (meta["_id"] as? String) ?? newID()
            switch name {
            case "index", "create":
                guard index < lines.count else {
                    throw BodyError(line: lineNumber, reason: "The bulk request must be terminated by a newline [\\n]")
                }
                let (_, documentLine) = lines[index]
                index += 1
                if target.isEmpty {
                    items.append(
                        Item(
                            action: name, index: target, id: id, status: 400, errorType: "action_request_validation_exception",
                            errorReason: "index is missing"))
                    continue
                }
                guard documentLine.count <= maximumEventBytes else {
                    items.append(
                        Item(
                            action: name, index: target, id: id, status: 413, errorType: "document_too_large",
                            errorReason: "the document is larger than \(maximumEventBytes) bytes"))
                    continue
                }
                guard let document = try? JSONSerialization.jsonObject(with: Data(documentLine)) as? [String: Any] else {
                    items.append(
                        Item(
                            action: name, index: target, id: id, status: 400, errorType: "document_parsing_exception",
                            errorReason: "failed to parse: the document is not a JSON object"))
                    continue
                }
                var event = normaliser.json(document, raw: String(decoding: documentLine, as: UTF8.self), input: "elasticsearch", received: received)
                event.fields["data_stream.dataset"] = event.fields["data_stream.dataset"] ?? .string(target)
                events.append(event)
                items.append(Item(action: name, index: target, id: id, status: 201))
            case "update":
                index += 1
                items.append(
                    Item(
                        action: name, index: target, id: id, status: 400, errorType: "illegal_argument_exception",
                        errorReason: "Bulwark stores events append-only: update is not supported"))
            case "delete":
                items.append(
                    Item(
                        action: name, index: target, id: id, status: 400, errorType: "illegal_argument_exception",
                        errorReason: "Bulwark stores events append-only: delete is not supported"))
            default:
                throw BodyError(
                    line: lineNumber,
                    reason: "Malformed action/metadata line [\(lineNumber)], expected one of [create, delete, index, update] but found [\(name)]")
            }
        }
        return (events, items)
    }
}
