// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A record of a request body that was not ingested: where (1-based line, or element of a JSON array) and why.
public struct IngestRejection: Sendable, Equatable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// Bodies of `POST /api/v1/ingest`: NDJSON (one JSON object per line, or a JSON string holding a raw log line) or a
/// JSON array of the same. Blank lines are skipped; a line that is not an object or a string is rejected alone.
public struct IngestDecoder: Sendable {
    public let normaliser: Normaliser
    /// Longest accepted event, in bytes of its JSON.
    public let maximumEventBytes: Int

    public init(normaliser: Normaliser, maximumEventBytes: Int = 1 << 20) {
        self.normaliser = normaliser
        self.maximumEventBytes = maximumEventBytes
    }

    public enum BodyError: Error, Equatable, CustomStringConvertible {
        case notJSONArray(String)
        public var description: String {
            switch self {
            case .notJSONArray(let reason): return "the body starts with '[' but is not a JSON array (\(reason))"
            }
        }
    }

    public func decode(_ bytes: [UInt8], input: String, received: Date) throws(BodyError) -> (events: [Event], rejected: [IngestRejection]) {
        var events: [Event] = []
        var rejected: [IngestRejection] = []
        let firstByte = bytes.first { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }
        if firstByte == UInt8(ascii: "[") {
            let array: [Any]
            do {
                guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [Any] else { throw BodyError.notJSONArray("not an array") }
                array = parsed
            } catch let error as BodyError {
                throw error
            } catch {
                throw BodyError.notJSONArray(Self.reason(error))
            }
            for (index, element) in array.enumerated() {
                let raw =
                    (try? JSONSerialization.data(withJSONObject: element, options: [.fragmentsAllowed])).map { String(decoding: $0, as: UTF8.self) }
                    ?? ""
                switch element {
                case let object as [String: Any] where raw.utf8.count <= maximumEventBytes:
                    events.append(normaliser.json(object, raw: raw, input: input, received: received))
                case let text as String where text.utf8.count <= maximumEventBytes:
                    events.append(normaliser.line(text, input: input, received: received))
                case is [String: Any], is String:
                    rejected.append(IngestRejection(line: index + 1, message: "the event is larger than \(maximumEventBytes) bytes"))
                default:
                    rejected.append(IngestRejection(line: index + 1, message: "expected a JSON object (or a string holding a log line)"))
                }
            }
            return (events, rejected)
        }
        var lineNumber = 0
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
            lineNumber += 1
            var line = bytes[start..<end]
            if line.last == 13 { line = line.dropLast() }
            start = end + 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            if line.count > maximumEventBytes {
                rejected.append(IngestRejection(line: lineNumber, message: "the line is longer than \(maximumEventBytes) bytes"))
                continue
            }
            do {
                let value = try JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed])
                let raw = String(decoding: line, as: UTF8.self)
                if let object = value as? [String: Any] {
                    events.append(normaliser.json(object, raw: raw, input: input, received: received))
                } else if let text = value as? String {
                    events.append(normaliser.line(text, input: input, received: received))
                } else {
                    rejected.append(IngestRejection(line: lineNumber, message: "expected a JSON object (or a string holding a log line)"))
                }
            } catch {
                rejected.append(IngestRejection(line: lineNumber, message: "not valid JSON (\(Self.reason(error)))"))
            }
        }
        return (events, rejected)
    }

    /// Foundation's JSON error, without its boilerplate.
    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}
