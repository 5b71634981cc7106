// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A response plan: tasks grouped by case phase, with the evidence each must leave. Applying it to a case
/// creates its tasks (once: tasks already created by the same playbook are not repeated).
public struct Playbook: Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    public var tags: [String]
    /// Regulatory clocks the playbook starts (data breaches).
    public var regulations: [Regulation]
    public var phases: [Phase]
    /// `bundled`, or the file it came from.
    public var source: String

    public struct Phase: Sendable, Hashable {
        public var phase: CaseStatus
        public var tasks: [Step]
    }

    public struct Step: Sendable, Hashable {
        public var title: String
        public var description: String
        public var requiredEvidence: [String]
        /// Due this long after the playbook is applied.
        public var due: TimeInterval?
    }

    public var taskCount: Int { phases.reduce(0) { $0 + $1.tasks.count } }

    /// Reads a playbook file:
    /// ```yaml
    /// id: phishing
    /// name: Phishing
    /// description: A reported or detected phishing message.
    /// tags: [phishing]
    /// regulations: [gdpr]        # optional: gdpr, hipaa, pci
    /// phases:
    ///   triage:
    ///     - title: Get the message with full headers
    ///       description: …
    ///       required_evidence: [original message (.eml)]
    ///       due: 1h
    /// ```
    public static func parse(_ text: String, path: String, source: String? = nil) throws -> Playbook {
        let root = try ConfigNode.parse(text, path: path)
        try root.only(["id", "name", "description", "tags", "regulations", "phases"])
        let id = try root.required("id").string("id")
        guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw try root.required("id").fail("'id' must be letters, digits, - and _ (at most 64)")
        }
        let name = try root.required("name").string("name")
        let regulations = try (root["regulations"]?.strings("regulations") ?? []).map { text -> Regulation in
            guard let regulation = Regulation(rawValue: text.lowercased()) else {
                throw root["regulations"]!.fail("'\(text)' is not one of \(Regulation.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return regulation
        }
        let phasesNode = try root.required("phases")
        guard let entries = phasesNode.entries, !entries.isEmpty else {
            throw phasesNode.fail("'phases' must map phases (triage, containment, …) to task lists")
        }
        var phases: [Phase] = []
        for (key, value) in entries {
            guard let phase = CaseStatus(rawValue: key), phase != .new, phase != .closed else {
                throw value.fail("'\(key)' is not a phase: triage, containment, eradication, recovery")
            }
            guard let items = value.items, !items.isEmpty else { throw value.fail("phase '\(key)' needs a list of tasks") }
            var steps: [Step] = []
            for item in items {
                try item.only(["title", "description", "required_evidence", "due"])
                let title = try item.required("title").string("title")
                guard !title.isEmpty, title.count <= 300 else { throw item.fail("'title' must be 1 to 300 characters") }
                steps.append(
                    Step(
                        title: title, description: try item["description"]?.string("description") ?? "",
                        requiredEvidence: try item["required_evidence"]?.strings("required_evidence") ?? [],
                        due: try item["due"]?.duration("due")))
            }
            phases.append(Phase(phase: phase, tasks: steps))
        }
        return Playbook(
            id: id, name: name, description: try root["description"]?.string("description") ?? "",
            tags: try root["tags"]?.strings("tags") ?? [], regulations: regulations, phases: phases, source: source ?? path)
    }
}

/// The playbooks on offer: the bundled ones, then those of the playbook directory (a file with a bundled id
/// replaces it). A bad file is reported with its place and does not stop the others.
public struct PlaybookLibrary: Sendable {
    public private(set) var playbooks: [String: Playbook]
    public private(set) var errors: [ConfigError]

    public init(directory: String? = nil) {
        playbooks = [:]
        errors = []
        for (name, bytes) in BundledPlaybooks.files {
            do {
                let playbook = try Playbook.parse(String(decoding: bytes, as: UTF8.self), path: "bundled/\(name)", source: "bundled")
                playbooks[playbook.id] = playbook
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError(path: "bundled/\(name)", line: 1, message: "\(error)"))
            }
        }
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() where name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
            let path = (directory as NSString).appendingPathComponent(name)
            do {
                guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
                    throw ConfigError(path: path, line: 1, message: "unreadable or larger than 1 MiB")
                }
                let playbook = try Playbook.parse(String(decoding: data, as: UTF8.self), path: path)
                playbooks[playbook.id] = playbook
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError(path: path, line: 1, message: "\(error)"))
            }
        }
    }

    public var sorted: [Playbook] { playbooks.values.sorted { $0.name < $1.name } }
    public subscript(id: String) -> Playbook? { playbooks[id] }
}

/// The playbooks compiled into the binary.
enum BundledPlaybooks {
    static let files: [(String, [UInt8])] = [
        ("phishing.yml", PackageResources.phishing_yml),
        ("malware.yml", PackageResources.malware_yml),
        ("ransomware.yml", PackageResources.ransomware_yml),
        ("compromised-account.yml", PackageResources.compromised_account_yml),
        ("data-breach.yml", PackageResources.data_breach_yml),
        ("ddos.yml", PackageResources.ddos_yml),
        ("insider-threat.yml", PackageResources.insider_threat_yml),
        ("lost-device.yml", PackageResources.lost_device_yml),
    ]
}
