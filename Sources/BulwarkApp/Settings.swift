// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Governance

/// The server's configuration, one part per area, built once from flags, then `BULWARK_*` environment variables,
/// then defaults (``ServerOptions``).
public struct ServerSettings: Sendable {
    public var foundation = FoundationArea.Settings()
    public var monitoring = MonitoringArea.Settings()
    public var detection = DetectionArea.Settings()
    public var incidents = IncidentsArea.Settings()
    public var vulnerabilities = VulnerabilitiesArea.Settings()
    public var patching = PatchingArea.Settings()
    public var governance = GovernanceService.Settings()

    public init() {}

    /// Settings with defaults over this storage.
    public init(storage: StorageSettings) {
        foundation.storage = storage
    }

    /// A configuration file's text; an unreadable one is an error naming the flag.
    static func readConfigFile(_ path: String, flag: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw SettingsError("\(flag): cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// `90d`, `12h`, `30m`, `45s` (or plain seconds); errors name the flag.
    public static func parseDuration(_ text: String, flag: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = trimmed.last, let scale = units[unit], let value = Double(trimmed.dropLast()), value > 0 { return value * scale }
        if let value = Double(trimmed), value > 0 { return value }
        throw SettingsError("\(flag): '\(text)' is not a duration such as 30d, 12h, 15m or 90s")
    }

    /// `500MB`, `10GB`, `1TB`, `65536` (bytes); errors name the flag.
    public static func parseSize(_ text: String, flag: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "IB", with: "B")
        let units: [(String, Double)] = [("TB", 1_099_511_627_776), ("GB", 1_073_741_824), ("MB", 1_048_576), ("KB", 1024), ("B", 1)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            if let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 { return Int64(value * scale) }
        }
        if let value = Int64(trimmed), value > 0 { return value }
        throw SettingsError("\(flag): '\(text)' is not a size such as 500MB or 10GB")
    }

    /// Splits `HOST:PORT` (IPv6 as `[::1]:8080`); errors name the flag.
    public static func parseAddress(_ text: String, flag: String) throws -> (host: String, port: Int) {
        var host = ""
        var portText = ""
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw SettingsError("\(flag): '\(text)' has '[' without ']'") }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[close...].dropFirst().drop(while: { $0 == ":" }))
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw SettingsError("\(flag): '\(text)' must be HOST:PORT, e.g. 127.0.0.1:8080") }
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw SettingsError("\(flag): '\(portText)' is not a port number (0–65535)")
        }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

/// A configuration mistake, said so that the user can fix it.
public struct SettingsError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads `BULWARK_*` variables; the only place that reads the environment.
public struct Environment: Sendable {
    public var values: [String: String]
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) { self.values = values }

    public subscript(_ name: String) -> String? {
        values[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A comma-separated list (empty when unset).
    public func list(_ name: String) -> [String] {
        self[name]?.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } ?? []
    }

    public func flag(_ name: String) throws -> Bool? {
        guard let value = self[name] else { return nil }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingsError("\(name): '\(value)' is not true or false")
        }
    }
}
