// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Crypto
import Foundation

/// Everything about one case, read together: what the case page, the report and the exports show.
public struct CaseDossier: Sendable {
    public var item: Case
    public var tasks: [CaseTask]
    public var observables: [CaseObservable]
    public var timeline: [TimelineEntry]
    public var evidence: [Evidence]
    public var actions: [ActionRun]
    public var comments: [CaseComment]
    public var related: [Case]
    public var mergedInto: Case?
}

extension CaseService {
    public func dossier(_ id: String) async throws -> CaseDossier {
        let item = try await get(id)
        var related: [Case] = []
        for other in item.relatedCaseIDs { if let found = try await store.get(id: other) { related.append(found) } }
        var mergedInto: Case?
        if let target = item.mergedInto { mergedInto = try await store.get(id: target) }
        return CaseDossier(
            item: item, tasks: try await tasks(caseID: id), observables: try await observables(caseID: id), timeline: try await timeline(caseID: id),
            evidence: try await evidence(caseID: id), actions: try await actionRuns(caseID: id), comments: try await comments(caseID: id),
            related: related, mergedInto: mergedInto)
    }

    /// The observables as CSV: type, value, ioc, description, tags, source, added by, added at.
    public func observablesCSV(caseID: String) async throws -> String {
        var lines = ["type,value,ioc,description,tags,source,created_by,created_at,indicator_id"]
        for item in try await observables(caseID: caseID) {
            lines.append(
                [
                    item.type.rawValue, item.value, item.ioc ? "true" : "false", item.description, item.tags.joined(separator: " "), item.source,
                    item.createdBy, Timestamp.format(item.createdAt), item.indicatorID ?? "",
                ].map(CSV.quote).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The observables as a STIX 2.1 bundle: one cyber-observable object per observable (deterministic ids, as
    /// the specification asks) and, for indicators of compromise, an `indicator` with its pattern.
    public func observablesSTIX(caseID: String) async throws -> Data {
        let item = try await get(caseID)
        let now = Timestamp.format(clock.now())
        var objects: [[String: Any]] = []
        let marking = Self.tlpMarkings[item.tlp]
        for observable in try await observables(caseID: caseID) {
            if let object = Self.stixObservable(observable) { objects.append(object) }
            if observable.ioc, let pattern = observable.type.stixPattern(observable.value) {
                var indicator: [String: Any] = [
                    "type": "indicator", "spec_version": "2.1", "id": "indicator--" + Self.uuid5(name: "\(caseID)|\(observable.id)"),
                    "created": Timestamp.format(observable.createdAt), "modified": now, "name": "\(observable.type.rawValue) \(observable.value)",
                    "description": observable.description.isEmpty ? "From Bulwark case \(item.reference): \(item.title)" : observable.description,
                    "pattern": pattern, "pattern_type": "stix", "valid_from": Timestamp.format(observable.createdAt),
                    "indicator_types": ["malicious-activity"], "labels": observable.tags,
                ]
                if let marking { indicator["object_marking_refs"] = [marking] }
                objects.append(indicator)
            }
        }
        let bundle: [String: Any] = ["type": "bundle", "id": "bundle--" + UUID().uuidString.lowercased(), "objects": objects]
        return try JSONSerialization.data(withJSONObject: bundle, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
    }

    /// The TLP 2.0 marking-definition ids of the STIX 2.1 specification (TLP 1.0 ids for the four it defines).
    static let tlpMarkings: [TLP: String] = [
        .clear: "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", .green: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
        .amber: "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", .red: "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
    ]

    static func stixObservable(_ observable: CaseObservable) -> [String: Any]? {
        let namespace = "00abedb4-aa42-466c-9c01-fed23315a9b7"
        func object(_ type: String, _ properties: [String: Any], idContributing: String) -> [String: Any] {
            var result = properties
            result["type"] = type
            result["spec_version"] = "2.1"
            result["id"] = "\(type)--" + uuid5(name: idContributing, namespace: namespace)
            return result
        }
        func canonical(_ properties: [String: Any]) -> String {
            String(
                decoding: (try? JSONSerialization.data(withJSONObject: properties, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data(),
                as: UTF8.self)
        }
        switch observable.type {
        case .ip:
            let type = observable.value.contains(":") ? "ipv6-addr" : "ipv4-addr"
            return object(type, ["value": observable.value], idContributing: canonical(["value": observable.value]))
        case .domain: return object("domain-name", ["value": observable.value], idContributing: canonical(["value": observable.value]))
        case .url: return object("url", ["value": observable.value], idContributing: canonical(["value": observable.value]))
        case .email: return object("email-addr", ["value": observable.value], idContributing: canonical(["value": observable.value]))
        case .user: return object("user-account", ["account_login": observable.value], idContributing: canonical(["account_login": observable.value]))
        case .registry: return object("windows-registry-key", ["key": observable.value], idContributing: canonical(["key": observable.value]))
        case .file: return object("file", ["name": observable.value], idContributing: canonical(["name": observable.value]))
        case .hash:
            let algorithm = [32: "MD5", 40: "SHA-1", 64: "SHA-256", 128: "SHA-512"][observable.value.count] ?? "SHA-256"
            let hashes = ["hashes": [algorithm: observable.value]]
            return object("file", hashes, idContributing: canonical(hashes))
        case .host: return nil
        }
    }

    /// RFC 4122 version 5 UUID (SHA-1 of namespace and name).
    static func uuid5(name: String, namespace: String = "f3c8a1e2-5b1d-4a57-9a49-6c0f0b8d7e11") -> String {
        let namespaceBytes = UUID(uuidString: namespace).map { withUnsafeBytes(of: $0.uuid) { Array($0) } } ?? []
        var bytes = Array(Insecure.SHA1.hash(data: Data(namespaceBytes + Array(name.utf8))).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }
}
