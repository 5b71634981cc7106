// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// Writes one JSON object per log record to standard error, for log shippers (`BULWARK_LOG_FORMAT=json`):
/// `{"time":"…","level":"info","label":"bulwark","message":"…","source":"Web", …metadata}`.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var record: [String: Any] = [
            "time": Timestamp.format(Date()),
            "level": event.level.rawValue,
            "label": label,
            "message": event.message.description,
            "source": event.source,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) where record[key] == nil {
            record[key] = Self.plain(value)
        }
        guard var data = try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }

    static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return values.map(plain)
        case .dictionary(let values): return values.mapValues(plain)
        }
    }
}

/// Sets up logging once for the process, from `BULWARK_LOG_FORMAT` (`text`, the default, or `json`).
public func bootstrapLogging(environment: [String: String] = ProcessInfo.processInfo.environment) {
    if environment["BULWARK_LOG_FORMAT"]?.lowercased() == "json" {
        LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
    } else {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
    }
}
