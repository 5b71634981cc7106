// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Scan results as a table, JSON, SARIF 2.1.0 or a CycloneDX 1.5 BOM with vulnerabilities.
public enum ScanReport {
    static func cvssJSON(_ finding: ScanFinding) -> Any { finding.cvss.map { $0.baseScore as Any } ?? NSNull() }

    public static func object(_ f: ScanFinding) -> [String: Any] {
        [
            "package": f.package, "version": f.version, "ecosystem": f.ecosystem, "purl": f.purl, "vulnerability": f.vulnerability,
            "aliases": f.aliases, "fixed": f.fixed, "severity": f.severity.rawValue, "cvss": cvssJSON(f),
            "cvss_vector": f.cvss?.vector ?? NSNull(), "kev": f.kev, "epss": f.epss ?? NSNull(), "risk": f.risk,
            "decision": f.decision.rawValue, "reasons": f.reasons, "summary": f.summary ?? NSNull(), "source": f.source ?? NSNull(),
        ]
    }

    static func encode(_ object: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// JSON written directly: JSONSerialization of tens of thousands of dictionaries is slow on Linux (it bridges every
    /// value), and a scan's output is mostly findings. Keys in a fixed order.
    public static func json(_ findings: [ScanFinding], packages: Int, advisories: Int) -> String {
        var out = "{\"advisories\":\(advisories),\"packages\":\(packages),\"summary\":{"
        let counts = Dictionary(grouping: findings, by: \.severity.rawValue).mapValues(\.count).sorted { $0.key < $1.key }
        out += counts.map { "\(quote($0.key)):\($0.value)" }.joined(separator: ",")
        out += "},\"findings\":["
        for (index, f) in findings.enumerated() {
            if index > 0 { out += "," }
            out += "{\"package\":\(quote(f.package)),\"version\":\(quote(f.version)),\"ecosystem\":\(quote(f.ecosystem)),\"purl\":\(quote(f.purl))"
            out += ",\"vulnerability\":\(quote(f.vulnerability)),\"aliases\":\(array(f.aliases)),\"fixed\":\(array(f.fixed))"
            out += ",\"severity\":\(quote(f.severity.rawValue)),\"cvss\":\(f.cvss.map { number($0.baseScore) } ?? "null")"
            out += ",\"cvss_vector\":\(f.cvss.map { quote($0.vector) } ?? "null"),\"kev\":\(f.kev),\"epss\":\(f.epss.map { number($0) } ?? "null")"
            out += ",\"risk\":\(number(f.risk)),\"decision\":\(quote(f.decision.rawValue)),\"reasons\":\(array(f.reasons))"
            out += ",\"summary\":\(f.summary.map(quote) ?? "null"),\"source\":\(f.source.map(quote) ?? "null")}"
        }
        return out + "]}"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }

    static func array(_ items: [String]) -> String { "[" + items.map(quote).joined(separator: ",") + "]" }

    /// A JSON string literal (RFC 8259 escapes).
    static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func table(_ findings: [ScanFinding]) -> String {
        guard !findings.isEmpty else { return "No known vulnerabilities found." }
        let header = ["RISK", "SEVERITY", "PACKAGE", "VERSION", "ECOSYSTEM", "VULNERABILITY", "FIXED IN", "KEV", "EPSS"]
        let rows = findings.map { f in
            [
                RiskAssessment.format(f.risk), f.severity.rawValue, f.package, f.version, f.ecosystem,
                f.vulnerability + (f.aliases.first { $0.hasPrefix("CVE-") && $0 != f.vulnerability }.map { " (\($0))" } ?? ""),
                f.fixed.prefix(3).joined(separator: ", "), f.kev ? "yes" : "", f.epss.map { RiskAssessment.format($0, places: 3) } ?? "",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        var out = ""
        for row in [header] + rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += cell
                if column < row.count - 1 { line += String(repeating: " ", count: max(0, widths[column] - cell.count)) }
            }
            while line.last == " " { line.removeLast() }
            out += line + "\n"
        }
        return String(out.dropLast())
    }

    public static func sarif(_ findings: [ScanFinding], version: String) -> String {
        var rules: [[String: Any]] = []
        var seen = Set<String>()
        for f in findings where seen.insert(f.vulnerability).inserted {
            rules.append([
                "id": f.vulnerability, "shortDescription": ["text": f.summary ?? f.vulnerability],
                "helpUri": "https://osv.dev/vulnerability/\(f.vulnerability)",
                "properties": ["security-severity": String(format: "%.1f", f.cvss?.baseScore ?? 5.0), "tags": ["security", "vulnerability"]],
            ])
        }
        let results: [[String: Any]] = findings.map { f in
            let level = f.severity >= .high ? "error" : f.severity >= .medium ? "warning" : "note"
            let fix = f.fixed.isEmpty ? "no fixed version is known" : "fixed in \(f.fixed.joined(separator: ", "))"
            return [
                "ruleId": f.vulnerability, "level": level,
                "message": [
                    "text":
                        "\(f.package) \(f.version) (\(f.ecosystem)) is affected by \(f.vulnerability): \(fix). Risk \(String(format: "%.1f", f.risk)), \(f.decision.rawValue)."
                ],
                "locations": [["physicalLocation": ["artifactLocation": ["uri": f.source ?? "inventory"]]]],
                "properties": ["purl": f.purl, "risk": f.risk, "kev": f.kev],
            ]
        }
        return encode(
            [
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
                "runs": [
                    [
                        "tool": ["driver": ["name": "bulwark", "version": version, "informationUri": "https://github.com/bulwark", "rules": rules]],
                        "results": results,
                    ]
                ],
            ] as [String: Any])
    }

    public static func cyclonedx(_ findings: [ScanFinding], version: String) -> String {
        var components: [[String: Any]] = []
        var seen = Set<String>()
        for f in findings where seen.insert(f.purl).inserted {
            components.append(["type": "library", "bom-ref": f.purl, "name": f.package, "version": f.version, "purl": f.purl])
        }
        var vulnerabilities: [String: [String: Any]] = [:]
        var order: [String] = []
        for f in findings {
            if vulnerabilities[f.vulnerability] == nil {
                order.append(f.vulnerability)
                var ratings: [[String: Any]] = []
                if let cvss = f.cvss {
                    let method = ["2.0": "CVSSv2", "3.0": "CVSSv3", "3.1": "CVSSv31", "4.0": "CVSSv4"][cvss.version] ?? "other"
                    ratings.append(["score": cvss.baseScore, "severity": cvss.severity.lowercased(), "method": method, "vector": cvss.vector])
                }
                vulnerabilities[f.vulnerability] = [
                    "id": f.vulnerability, "source": ["name": "OSV", "url": "https://osv.dev/vulnerability/\(f.vulnerability)"],
                    "ratings": ratings, "description": f.summary ?? "", "affects": [[String: Any]](),
                    "references": f.aliases.filter { $0 != f.vulnerability }.map {
                        ["id": $0, "source": ["name": $0.hasPrefix("CVE-") ? "NVD" : "OSV"]]
                    },
                    "recommendation": f.fixed.isEmpty ? "No fixed version is known." : "Upgrade to \(f.fixed.joined(separator: " or ")).",
                ]
            }
            var affects = vulnerabilities[f.vulnerability]!["affects"] as! [[String: Any]]
            affects.append(["ref": f.purl])
            vulnerabilities[f.vulnerability]!["affects"] = affects
        }
        return encode(
            [
                "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "serialNumber": "urn:uuid:\(UUID().uuidString.lowercased())",
                "metadata": [
                    "timestamp": ISO8601DateFormatter().string(from: Date()),
                    "tools": ["components": [["type": "application", "name": "bulwark", "version": version]]],
                ],
                "components": components, "vulnerabilities": order.map { vulnerabilities[$0]! },
            ] as [String: Any])
    }
}
