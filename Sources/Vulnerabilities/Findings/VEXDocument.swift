// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// VEX documents: OpenVEX (0.2.0) and CycloneDX VEX (a BOM's `vulnerabilities[].analysis`). Each statement says
/// whether a product (purl) is affected by a vulnerability and, when it is not, why.
public enum VEXDocument {
    /// OpenVEX's justifications and CycloneDX's analysis justifications, accepted as written.
    public static let justifications: Set<String> = [
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",
        "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency", "requires_environment",
        "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control",
    ]

    public struct Parsed: Sendable {
        public var statements: [VEXStatement]
        public var rejected: [AdvisoryBatch.Rejection]
    }

    public static func parse(_ bytes: [UInt8], name: String, actor: String, now: Date) throws -> Parsed {
        guard let document = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw VersionError("\(name): not a JSON object")
        }
        var statements: [VEXStatement] = []
        var rejected: [AdvisoryBatch.Rejection] = []
        func add(_ vulnerability: String, _ product: String, _ status: String, _ justification: String, place: String) {
            let normalized = [
                "not_affected": "not_affected", "false_positive": "not_affected", "affected": "affected", "exploitable": "affected",
                "fixed": "fixed", "resolved": "fixed", "under_investigation": "under_investigation", "in_triage": "under_investigation",
            ][status]
            guard let normalized else { rejected.append(.init(place: place, reason: "unknown status '\(status)'")); return }
            if normalized == "not_affected" && justification.isEmpty {
                rejected.append(.init(place: place, reason: "a not_affected statement needs a justification (or an impact statement)"))
                return
            }
            guard product.hasPrefix("pkg:") else { rejected.append(.init(place: place, reason: "product '\(product)' is not a purl")); return }
            statements.append(
                VEXStatement(
                    id: Identifier.make(), vulnerability: vulnerability, product: product, status: normalized,
                    justification: justification, source: name, createdBy: actor, createdAt: now))
        }
        if let context = document["@context"] as? String, context.contains("openvex") {
            for (index, statement) in (document["statements"] as? [[String: Any]] ?? []).enumerated() {
                let place = "\(name): statements[\(index)]"
                let vulnerability = (statement["vulnerability"] as? [String: Any])?["name"] as? String ?? statement["vulnerability"] as? String
                guard let vulnerability else { rejected.append(.init(place: place, reason: "no vulnerability name")); continue }
                let status = statement["status"] as? String ?? ""
                let justification = statement["justification"] as? String ?? statement["impact_statement"] as? String ?? ""
                let products = (statement["products"] as? [Any] ?? []).compactMap { item -> String? in
                    if let text = item as? String { return text }
                    if let object = item as? [String: Any] {
                        return object["@id"] as? String ?? ((object["identifiers"] as? [String: Any])?["purl"] as? String)
                    }
                    return nil
                }
                if products.isEmpty { rejected.append(.init(place: place, reason: "no products")); continue }
                for product in products { add(vulnerability, product, status, justification, place: place) }
            }
            return Parsed(statements: statements, rejected: rejected)
        }
        if document["bomFormat"] as? String == "CycloneDX" {
            var refs: [String: String] = [:]
            for component in document["components"] as? [[String: Any]] ?? [] {
                if let ref = component["bom-ref"] as? String, let purl = component["purl"] as? String { refs[ref] = purl }
            }
            for (index, vulnerability) in (document["vulnerabilities"] as? [[String: Any]] ?? []).enumerated() {
                let place = "\(name): vulnerabilities[\(index)]"
                guard let id = vulnerability["id"] as? String else { rejected.append(.init(place: place, reason: "no id")); continue }
                guard let analysis = vulnerability["analysis"] as? [String: Any], let state = analysis["state"] as? String else {
                    rejected.append(.init(place: place, reason: "no analysis.state"))
                    continue
                }
                let justification = analysis["justification"] as? String ?? analysis["detail"] as? String ?? ""
                let products = (vulnerability["affects"] as? [[String: Any]] ?? []).compactMap { ($0["ref"] as? String).map { refs[$0] ?? $0 } }
                if products.isEmpty { rejected.append(.init(place: place, reason: "no affects[].ref")); continue }
                for product in products { add(id, product, state, justification, place: place) }
            }
            return Parsed(statements: statements, rejected: rejected)
        }
        throw VersionError("\(name): neither an OpenVEX document (@context openvex) nor a CycloneDX BOM")
    }

    /// Whether a statement's product covers a package: same purl without qualifiers; a product without a version
    /// covers every version.
    public static func covers(_ product: String, purl: String) -> Bool {
        func strip(_ p: String) -> String { String(p.split(separator: "?", maxSplits: 1).first ?? Substring(p)).lowercased() }
        let a = strip(product), b = strip(purl)
        if a == b { return true }
        if !a.contains("@"), let at = b.lastIndex(of: "@") { return a == String(b[..<at]) }
        return false
    }
}
