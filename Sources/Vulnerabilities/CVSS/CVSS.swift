// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A scored CVSS vector: FIRST's base score (for v4.0 the score of all metrics given) and its qualitative severity.
public struct CVSSScore: Sendable, Equatable, Codable {
    public var vector: String
    /// `2.0`, `3.0`, `3.1` or `4.0`.
    public var version: String
    public var baseScore: Double
    /// `None`, `Low`, `Medium`, `High` or `Critical` (v2 has no `None` or `Critical`: NVD's bands).
    public var severity: String

    public init(vector: String, version: String, baseScore: Double, severity: String) {
        self.vector = vector
        self.version = version
        self.baseScore = baseScore
        self.severity = severity
    }
}

/// Why a vector could not be scored; the message names the offending metric.
public struct CVSSError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// CVSS scoring for v2, v3.0, v3.1 and v4.0 vectors, exactly per the FIRST specifications.
public enum CVSS {
    /// Scores a vector; the version is read from its prefix (`CVSS:3.1/`, `CVSS:4.0/`; none or `CVSS:2.0/` is v2).
    public static func score(_ vector: String) throws -> CVSSScore {
        let trimmed = vector.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("CVSS:4.0/") { return try CVSS4.score(trimmed) }
        if trimmed.hasPrefix("CVSS:3.1/") || trimmed.hasPrefix("CVSS:3.0/") { return try CVSS3.score(trimmed) }
        if trimmed.hasPrefix("CVSS:") {
            let prefix = trimmed.split(separator: "/", maxSplits: 1).first.map(String.init) ?? trimmed
            if prefix == "CVSS:2.0" { return try CVSS2.score(String(trimmed.dropFirst("CVSS:2.0/".count)), original: trimmed) }
            throw CVSSError("unsupported CVSS version '\(prefix)' (expected CVSS:2.0, CVSS:3.0, CVSS:3.1 or CVSS:4.0)")
        }
        var bare = trimmed
        if bare.hasPrefix("(") && bare.hasSuffix(")") { bare = String(bare.dropFirst().dropLast()) }
        return try CVSS2.score(bare, original: trimmed)
    }

    /// v3/v4 bands: 0 None, 0.1–3.9 Low, 4.0–6.9 Medium, 7.0–8.9 High, 9.0–10 Critical.
    static func severity(_ score: Double) -> String {
        switch score {
        case ..<0.05: return "None"
        case ..<3.95: return "Low"
        case ..<6.95: return "Medium"
        case ..<8.95: return "High"
        default: return "Critical"
        }
    }

    /// Splits `A:x/B:y` into ordered pairs, rejecting empty and malformed fields and duplicates.
    static func metrics(_ body: String, allowed: [String: Set<String>]) throws -> [String: String] {
        guard !body.isEmpty else { throw CVSSError("the vector is empty") }
        guard !body.hasSuffix("/") else { throw CVSSError("the vector ends with '/'") }
        var result: [String: String] = [:]
        for field in body.split(separator: "/", omittingEmptySubsequences: false) {
            guard !field.isEmpty else { throw CVSSError("the vector has an empty field ('//')") }
            let parts = field.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw CVSSError("field '\(field)' is not METRIC:VALUE") }
            let metric = String(parts[0]), value = String(parts[1])
            guard let values = allowed[metric] else { throw CVSSError("unknown metric '\(metric)' in field '\(field)'") }
            guard values.contains(value) else {
                throw CVSSError("metric \(metric) has invalid value '\(value)' (expected one of \(values.sorted().joined(separator: ", ")))")
            }
            guard result[metric] == nil else { throw CVSSError("metric \(metric) appears twice") }
            result[metric] = value
        }
        return result
    }

    static func requireAll(_ names: [String], in metrics: [String: String]) throws {
        let missing = names.filter { metrics[$0] == nil }
        guard missing.isEmpty else { throw CVSSError("missing mandatory metric\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))") }
    }

    static func double(_ decimal: Decimal) -> Double { NSDecimalNumber(decimal: decimal).doubleValue }

    /// Rounds a non-negative decimal to one place: half up (v2) or up (v3's Roundup, computed exactly).
    static func round1(_ value: Decimal, mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, 1, mode)
        return output
    }
}
