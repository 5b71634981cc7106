// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Monitoring
import NIOCore
import Storage
import Web

/// Builds the admin's health and settings pages from the assembled platform (the one place that sees every area's
/// running parts).
enum SystemStatusProvider {
    static func make(_ platform: Platform, startedAt: Date = Date()) -> SystemStatus {
        SystemStatus(settings: settings(platform.settings)) {
            try await readings(platform, startedAt: startedAt)
        }
    }

    // MARK: Settings

    /// Every setting of every area, walked from the settings values themselves (so a new flag shows up without
    /// being listed here), with secrets masked.
    static func settings(_ settings: ServerSettings) -> [SystemStatus.Setting] {
        var lines: [SystemStatus.Setting] = []
        for (group, value) in [
            ("Foundation", settings.foundation as Any), ("Monitoring", settings.monitoring), ("Detection", settings.detection),
            ("Incidents", settings.incidents), ("Vulnerabilities", settings.vulnerabilities),
        ] {
            walk(value, path: "", group: group, into: &lines)
        }
        return lines
    }

    static func walk(_ value: Any, path: String, group: String, into lines: inout [SystemStatus.Setting]) {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else {
                lines.append(.init(group: group, name: path, value: "— (not set)"))
                return
            }
            return walk(wrapped, path: path, group: group, into: &lines)
        }
        if mirror.displayStyle == .dictionary {
            lines.append(.init(group: group, name: path, value: dictionary(path, mirror)))
            return
        }
        if let amount = value as? TimeAmount {
            lines.append(.init(group: group, name: path, value: seconds(Double(amount.nanoseconds) / 1e9)))
            return
        }
        if let duration = value as? Duration {
            let parts = duration.components
            lines.append(.init(group: group, name: path, value: seconds(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)))
            return
        }
        if let interval = value as? Double, isDuration(path) {
            lines.append(.init(group: group, name: path, value: seconds(interval)))
            return
        }
        if isLeaf(value, mirror) {
            let text = display(value, mirror)
            lines.append(.init(group: group, name: path, value: value is String ? masked(path, text) : text))
            return
        }
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            if mirror.children.isEmpty { lines.append(.init(group: group, name: path, value: "— (none)")) }
            for (index, child) in mirror.children.enumerated() { walk(child.value, path: "\(path)[\(index)]", group: group, into: &lines) }
            return
        }
        for child in mirror.children {
            let name = (child.label ?? "?").trimmingCharacters(in: CharacterSet(charactersIn: "_"))
            walk(child.value, path: path.isEmpty ? name : "\(path).\(name)", group: group, into: &lines)
        }
    }

    /// Values shown as one line: strings, numbers, switches, enums, durations, and lists of those.
    static func isLeaf(_ value: Any, _ mirror: Mirror) -> Bool {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is Duration, is Date: return true
        default: break
        }
        if mirror.displayStyle == .enum || mirror.children.isEmpty { return true }
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            return mirror.children.allSatisfy { child in
                let inner = Mirror(reflecting: child.value)
                return child.value is String || child.value is Int || inner.displayStyle == .enum
            }
        }
        return value is any CustomStringConvertible && mirror.displayStyle != .struct
    }

    static func display(_ value: Any, _ mirror: Mirror) -> String {
        if mirror.displayStyle == .collection || mirror.displayStyle == .set {
            let items = mirror.children.map { "\($0.value)" }.sorted()
            return items.isEmpty ? "— (none)" : items.joined(separator: ", ")
        }
        if let text = value as? String { return text.isEmpty ? "— (empty)" : text }
        return "\(value)"
    }

    /// `key=value, …` sorted; the values of environments and headers (where credentials go) masked.
    static func dictionary(_ path: String, _ mirror: Mirror) -> String {
        let hidden = isSecret(path) || ["environment", "headers"].contains { path.lowercased().hasSuffix($0) }
        let pairs = mirror.children.map { child -> String in
            let parts = Mirror(reflecting: child.value).children.map(\.value)
            guard parts.count == 2 else { return "\(child.value)" }
            let value = parts[1]
            let text = isDuration(path) ? seconds(value as? Double ?? 0) : "\(value)"
            return "\(parts[0])=\(hidden ? "••••" : text)"
        }
        return pairs.isEmpty ? "— (none)" : pairs.sorted().joined(separator: ", ")
    }

    /// Settings held as seconds (TimeInterval): their name ends in a word for a time, or they are the case SLA tables.
    static func isDuration(_ path: String) -> Bool {
        let name = (path.split(separator: ".").last.map(String.init) ?? path).lowercased()
        return path.hasSuffix("sla.acknowledge") || path.hasSuffix("sla.resolve")
            || ["timeout", "duration", "window", "grouping", "silence", "deadline", "age", "tolerance"].contains { name.hasSuffix($0) }
    }

    static func seconds(_ value: Double) -> String {
        let whole = Int(value)
        if whole > 0, whole % 86_400 == 0 { return "\(whole / 86_400) d" }
        if whole > 0, whole % 3_600 == 0 { return "\(whole / 3_600) h" }
        if whole > 0, whole % 60 == 0 { return "\(whole / 60) min" }
        return "\(value.formatted()) s"
    }

    static func isSecret(_ path: String) -> Bool {
        let name = (path.split(separator: ".").last.map(String.init) ?? path).lowercased()
        if name.hasSuffix("file") || name.hasSuffix("path") || name.hasSuffix("directory") { return false }
        return ["secret", "password", "token", "apikey", "key"].contains { name.contains($0) }
    }

    /// Secrets by name, and the password of any URL (`postgres://user:pw@…`, `smtp://user:pw@…`).
    static func masked(_ path: String, _ text: String) -> String {
        if isSecret(path) { return text.hasPrefix("—") ? text : "•••• (set)" }
        guard text.contains("://"), var parts = URLComponents(string: text), parts.password != nil else { return text }
        parts.percentEncodedPassword = "****"
        return parts.string ?? "•••• (a URL with a password)"
    }

    // MARK: Health

    static func readings(_ platform: Platform, startedAt: Date) async throws -> [SystemStatus.Reading] {
        let now = platform.foundation.clock.now()
        var readings: [SystemStatus.Reading] = []
        let uptime = now.timeIntervalSince(startedAt)
        readings.append(.init("Server", "Bulwark \(bulwarkVersion), up \(duration(uptime))", detail: "started \(Timestamp.format(startedAt))"))
        let database = platform.foundation.database
        let size = try await database.size()
        readings.append(
            .init(
                "Database", "\(database.dialect == .sqlite ? "SQLite" : "PostgreSQL"), \(bytes(size))",
                detail: database.location.description))
        // Ingest: what arrived in the last hour (by receipt time would need a counter per node: /metrics has it).
        let monitoring = platform.monitoring
        let lastHour = try await monitoring.events.search(try EventQuery("*", from: now.addingTimeInterval(-3_600)), limit: 1, cursor: nil)
        let stored = try await monitoring.events.count()
        readings.append(
            .init(
                "Ingest, last hour", "\(lastHour.total) events",
                detail: "\(stored) stored in all, \(bytes(try await monitoring.events.storageBytes())) (by event time; receipt counters at /metrics)",
                state: stored > 0 && lastHour.total == 0 ? .warning : .ok))
        let depth = await monitoring.service.pipeline.depth
        let capacity = await monitoring.service.pipeline.capacity
        readings.append(
            .init(
                "Ingest queue", "\(depth) of \(capacity) events waiting",
                detail: depth * 10 >= capacity * 8 ? "nearly full: HTTP ingest answers 503 when it is" : "committed in batches as they arrive",
                state: depth * 10 >= capacity * 8 ? .warning : .ok))
        let silent = try await monitoring.events.sources().filter { $0.silentSince != nil }
        readings.append(
            .init(
                "Sources gone quiet", silent.isEmpty ? "none" : "\(silent.count): \(silent.prefix(5).map(\.host).joined(separator: ", "))",
                detail: "sources that stopped sending (see Monitoring › Sources)", state: silent.isEmpty ? .ok : .warning))
        let checkpoint = try await platform.detection.store.checkpoint() ?? 0
        let newest = try await monitoring.events.lastID()
        let behind = max(0, newest - checkpoint)
        readings.append(
            .init(
                "Detection", behind == 0 ? "up to date (event \(checkpoint))" : "\(behind) events behind (at \(checkpoint) of \(newest))",
                detail: "the rules' checkpoint in the stored events", state: behind > 10_000 ? .warning : .ok))
        if let update = try await platform.vulnerabilities.service.lastAdvisoryUpdate() {
            let age = now.timeIntervalSince(update.time)
            readings.append(
                .init(
                    "Advisory feeds", "updated \(duration(age)) ago", detail: "last import \(Timestamp.format(update.time)); bulwark vuln db update",
                    state: age > 2 * 86_400 ? .warning : .ok))
        } else {
            readings.append(
                .init(
                    "Advisory feeds", "never imported", detail: "no OSV, KEV or EPSS data yet: run bulwark vuln db update", state: .problem))
        }
        return readings
    }

    static func duration(_ seconds: TimeInterval) -> String {
        switch seconds {
        case ..<120: return "\(Int(seconds)) s"
        case ..<7_200: return "\(Int(seconds / 60)) min"
        case ..<172_800: return "\(Int(seconds / 3_600)) h"
        default: return "\(Int(seconds / 86_400)) days"
        }
    }

    static func bytes(_ count: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: count, countStyle: .binary)
    }
}
