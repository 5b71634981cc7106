// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Reads indicators from CSV, STIX 2.1 bundles and MISP feed events. Every record left out is reported with where
/// it was (CSV line, STIX object id, MISP attribute) and why.
public enum IndicatorImport {
    public enum Format: String, Sendable, CaseIterable {
        case csv, stix, misp
    }

    public struct Rejected: Sendable, Hashable, CustomStringConvertible {
        public var place: String
        public var reason: String
        public var description: String { "\(place): \(reason)" }
    }

    public struct Result: Sendable {
        public var indicators: [Indicator] = []
        public var rejected: [Rejected] = []
    }

    public struct FormatError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The format of a document by its first character and keys: JSON with `"type": "bundle"` is STIX, JSON with
    /// `Event` (or a list of them) is MISP, anything else CSV.
    public static func detect(_ data: Data) -> Format {
        guard let first = data.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }), first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        else { return .csv }
        let prefix = String(decoding: data.prefix(4096), as: UTF8.self)
        return prefix.contains("\"bundle\"") || prefix.contains("\"spec_version\"") ? .stix : .misp
    }

    public static func parse(_ data: Data, format: Format, source: String, now: Date) throws -> Result {
        switch format {
        case .csv: return try csv(data, source: source, now: now)
        case .stix: return try stix(data, source: source, now: now)
        case .misp: return try misp(data, source: source, now: now)
        }
    }

    // MARK: CSV

    /// Header row required; columns `value` (required), `type`, `source`, `confidence`, `expires`, `description`, `tags`
    /// (separated by `;`). A missing type is inferred from the value.
    static func csv(_ data: Data, source: String, now: Date) throws -> Result {
        guard let text = String(data: data, encoding: .utf8) else { throw FormatError(message: "not UTF-8 text") }
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw FormatError(message: "\(error)") }
        guard let header = records.first else { throw FormatError(message: "empty file: a header row with at least 'value' is needed") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let valueColumn = columns.firstIndex(where: { $0 == "value" || $0 == "indicator" }) else {
            throw FormatError(message: "line 1: no 'value' column (columns: type, value, source, confidence, expires, description, tags)")
        }
        let known: Set<String> = ["type", "value", "indicator", "source", "confidence", "expires", "description", "tags"]
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw FormatError(message: "line 1: unknown column '\(unknown)' (columns: type, value, source, confidence, expires, description, tags)")
        }
        func cell(_ record: CSV.Record, _ name: String) -> String? {
            guard let index = columns.firstIndex(of: name), index < record.fields.count else { return nil }
            let value = record.fields[index].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        var result = Result()
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let place = "line \(record.line)"
            let raw = valueColumn < record.fields.count ? record.fields[valueColumn] : ""
            var kind: Indicator.Kind?
            if let typeText = cell(record, "type") {
                guard let parsed = kindAlias(typeText) else {
                    result.rejected.append(
                        Rejected(
                            place: place, reason: "type: unknown '\(typeText)' (\(Indicator.Kind.allCases.map(\.rawValue).joined(separator: ", ")))"))
                    continue
                }
                kind = parsed
            }
            let normalised: (Indicator.Kind, String)?
            if let kind { normalised = Indicator.normalise(raw, as: kind).map { (kind, $0) } } else { normalised = Indicator.classify(raw) }
            guard let (finalKind, value) = normalised else {
                result.rejected.append(
                    Rejected(
                        place: place,
                        reason:
                            "value: '\(raw.prefix(100))' is not \(kind.map { "a valid \($0.rawValue)" } ?? "an IP, CIDR, domain, URL, hash or email address")"
                    ))
                continue
            }
            var confidence = 50
            if let text = cell(record, "confidence") {
                guard let number = Int(text), (0...100).contains(number) else {
                    result.rejected.append(Rejected(place: place, reason: "confidence: '\(text)' is not a number from 0 to 100"))
                    continue
                }
                confidence = number
            }
            var expires: Date?
            if let text = cell(record, "expires") {
                guard let date = parseDate(text) else {
                    result.rejected.append(Rejected(place: place, reason: "expires: '\(text)' is not a date (2026-12-31 or 2026-12-31T00:00:00Z)"))
                    continue
                }
                expires = date
            }
            result.indicators.append(
                Indicator(
                    kind: finalKind, value: value, source: cell(record, "source") ?? source, confidence: confidence, expiresAt: expires,
                    description: cell(record, "description") ?? "",
                    tags: (cell(record, "tags") ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) },
                    createdAt: now))
        }
        return result
    }

    static func kindAlias(_ text: String) -> Indicator.Kind? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "ip", "ipv4", "ipv6", "ip-address", "ipv4-addr", "ipv6-addr", "ip-src", "ip-dst": return .ip
        case "cidr", "network", "subnet": return .cidr
        case "domain", "domain-name", "hostname", "fqdn": return .domain
        case "url", "uri", "link": return .url
        case "md5": return .md5
        case "sha1", "sha-1": return .sha1
        case "sha256", "sha-256": return .sha256
        case "email", "email-addr", "email-src", "email-dst", "e-mail": return .email
        default: return nil
        }
    }

    static func parseDate(_ text: String) -> Date? {
        if let date = Timestamp.parse(text) { return date }
        if text.count == 10, let date = Timestamp.parse(text + "T00:00:00Z") { return date }
        return nil
    }

    // MARK: STIX 2.1

    /// `indicator` objects of a bundle whose STIX pattern compares observable values with `=` (joined by OR or AND:
    /// each comparison becomes an indicator). `valid_until` is the expiry, `confidence` the confidence.
    static func stix(_ data: Data, source: String, now: Date) throws -> Result {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FormatError(message: "not a JSON object (a STIX 2.1 bundle)")
        }
        let objects: [[String: Any]]
        if root["type"] as? String == "bundle" {
            objects = root["objects"] as? [[String: Any]] ?? []
        } else if root["type"] as? String == "indicator" {
            objects = [root]
        } else {
            throw FormatError(message: "not a STIX 2.1 bundle: 'type' is not 'bundle'")
        }
        var result = Result()
        for (index, object) in objects.enumerated() where object["type"] as? String == "indicator" {
            let place = "objects[\(index)] \(object["id"] as? String ?? "")"
            if let revoked = object["revoked"] as? Bool, revoked { result.rejected.append(Rejected(place: place, reason: "revoked")); continue }
            guard let pattern = object["pattern"] as? String else { result.rejected.append(Rejected(place: place, reason: "no pattern")); continue }
            if let type = object["pattern_type"] as? String, type != "stix" {
                result.rejected.append(Rejected(place: place, reason: "pattern_type '\(type)' is not supported (stix only)"))
                continue
            }
            let comparisons = stixComparisons(pattern)
            guard !comparisons.isEmpty else {
                result.rejected.append(Rejected(place: place, reason: "pattern has no supported equality comparison: \(pattern.prefix(120))"))
                continue
            }
            let expires = (object["valid_until"] as? String).flatMap(Timestamp.parse)
            if let expires, expires <= now {
                result.rejected.append(Rejected(place: place, reason: "expired (valid_until \(Timestamp.format(expires)))")); continue
            }
            let confidence = (object["confidence"] as? Int).map { min(100, max(0, $0)) } ?? 50
            let description = [object["name"] as? String, object["description"] as? String].compactMap { $0 }.joined(separator: " — ")
            let labels = (object["labels"] as? [String]) ?? (object["indicator_types"] as? [String]) ?? []
            for (path, raw) in comparisons {
                guard let kind = stixKind(path) else {
                    result.rejected.append(Rejected(place: place, reason: "observable '\(path)' is not supported"))
                    continue
                }
                guard let value = Indicator.normalise(raw, as: kind) else {
                    result.rejected.append(Rejected(place: place, reason: "'\(raw.prefix(100))' is not a valid \(kind.rawValue)"))
                    continue
                }
                result.indicators.append(
                    Indicator(
                        kind: kind, value: value, source: source, confidence: confidence, expiresAt: expires,
                        description: description, tags: labels, createdAt: now))
            }
        }
        return result
    }

    /// `[ipv4-addr:value = '1.2.3.4' OR domain-name:value = 'x']` → [("ipv4-addr:value", "1.2.3.4"), …].
    static func stixComparisons(_ pattern: String) -> [(String, String)] {
        var results: [(String, String)] = []
        var rest = Substring(pattern)
        while let equal = rest.range(of: "=") {
            let left = rest[..<equal.lowerBound]
            let path = left.split(whereSeparator: { " [(".contains($0) }).last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            var after = rest[equal.upperBound...].drop(while: { $0 == " " })
            guard after.first == "'" else { rest = after; continue }
            after = after.dropFirst()
            var value = ""
            var escaped = false
            var index = after.startIndex
            while index < after.endIndex {
                let character = after[index]
                if escaped {
                    value.append(character); escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "'" {
                    break
                } else {
                    value.append(character)
                }
                index = after.index(after: index)
            }
            if !path.isEmpty, !path.hasSuffix("!") { results.append((path, value)) }
            rest = index < after.endIndex ? after[after.index(after: index)...] : ""
        }
        return results
    }

    static func stixKind(_ path: String) -> Indicator.Kind? {
        let lower = path.lowercased()
        switch lower {
        case "ipv4-addr:value", "ipv6-addr:value": return .ip
        case "domain-name:value": return .domain
        case "url:value": return .url
        case "email-addr:value", "email-message:from_ref.value": return .email
        default:
            if lower.hasPrefix("file:hashes.") {
                let algorithm = lower.dropFirst("file:hashes.".count).replacingOccurrences(of: "'", with: "").replacingOccurrences(of: "-", with: "")
                return ["md5": .md5, "sha1": .sha1, "sha256": .sha256][algorithm]
            }
            return nil
        }
    }

    // MARK: MISP

    /// A MISP feed event (`{"Event": {...}}`), a list of them, or `{"response": [...]}`: attributes (and objects'
    /// attributes) of supported types, with `to_ids` true. `ip-dst|port` and `filename|sha256` take their value part.
    static func misp(_ data: Data, source: String, now: Date) throws -> Result {
        guard let root = try? JSONSerialization.jsonObject(with: data) else { throw FormatError(message: "not JSON (a MISP feed event)") }
        var events: [[String: Any]] = []
        if let object = root as? [String: Any] {
            if let event = object["Event"] as? [String: Any] {
                events = [event]
            } else if let list = object["response"] as? [[String: Any]] {
                events = list.compactMap { $0["Event"] as? [String: Any] }
            }
        } else if let list = root as? [[String: Any]] {
            events = list.compactMap { $0["Event"] as? [String: Any] ?? $0 }
        }
        guard !events.isEmpty else { throw FormatError(message: "no MISP 'Event' found") }
        var result = Result()
        for (eventIndex, event) in events.enumerated() {
            let info = event["info"] as? String ?? ""
            var attributes = (event["Attribute"] as? [[String: Any]] ?? []).map { ($0, "Event[\(eventIndex)].Attribute") }
            for (objectIndex, object) in (event["Object"] as? [[String: Any]] ?? []).enumerated() {
                attributes += (object["Attribute"] as? [[String: Any]] ?? []).map { ($0, "Event[\(eventIndex)].Object[\(objectIndex)].Attribute") }
            }
            let tags = (event["Tag"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            for (index, (attribute, base)) in attributes.enumerated() {
                let place = "\(base)[\(index)] \(attribute["uuid"] as? String ?? "")"
                guard let type = attribute["type"] as? String, let rawValue = attribute["value"] as? String else {
                    result.rejected.append(Rejected(place: place, reason: "no type or value"))
                    continue
                }
                let toIDs = (attribute["to_ids"] as? Bool) ?? ((attribute["to_ids"] as? String).map { $0 == "1" || $0 == "true" } ?? true)
                guard toIDs else { continue }  // context only, by the feed's own marking: not an error
                let parts = type.split(separator: "|")
                let valueParts = rawValue.split(separator: "|", maxSplits: 1)
                var kindText = String(parts.last ?? "")
                var value = String(valueParts.last ?? "")
                if parts.count == 2, parts[1] == "port" { kindText = String(parts[0]); value = String(valueParts.first ?? "") }
                guard let kind = kindAlias(kindText) else {
                    result.rejected.append(Rejected(place: place, reason: "type '\(type)' is not supported"))
                    continue
                }
                guard
                    let normalised = Indicator.normalise(value, as: kind)
                        ?? (kind == .ip ? Indicator.normalise(value, as: .cidr).map { _ in value } : nil)
                else {
                    result.rejected.append(Rejected(place: place, reason: "'\(value.prefix(100))' is not a valid \(kind.rawValue)"))
                    continue
                }
                let finalKind: Indicator.Kind = kind == .ip && normalised.contains("/") ? .cidr : kind
                let comment = attribute["comment"] as? String ?? ""
                result.indicators.append(
                    Indicator(
                        kind: finalKind, value: normalised, source: source, confidence: 75,
                        description: [info, comment].filter { !$0.isEmpty }.joined(separator: " — "),
                        tags: tags, createdAt: now))
            }
        }
        return result
    }
}
