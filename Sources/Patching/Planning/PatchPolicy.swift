// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Whether plans may jump a major version (`--patch-policy FILE`). Major upgrades are allowed by default (and
/// flagged in the plan); a rule holds them back for an ecosystem, an asset tag or both, and the plan then lists the
/// findings that stay open because of it. The first rule that matches decides.
///
/// ```yaml
/// major_upgrades: allow          # allow or hold: when no rule matches (default allow)
/// rules:
///   - tag: legacy                # assets tagged legacy keep their major versions, in every ecosystem
///     major_upgrades: hold
///   - ecosystem: npm
///     major_upgrades: hold
///   - ecosystem: PyPI
///     tag: lab
///     major_upgrades: allow
/// ```
public struct PatchPolicy: Sendable, Equatable {
    public struct Rule: Sendable, Equatable {
        public var ecosystem: String?
        public var tag: String?
        public var allowMajor: Bool

        public init(ecosystem: String? = nil, tag: String? = nil, allowMajor: Bool) {
            self.ecosystem = ecosystem
            self.tag = tag
            self.allowMajor = allowMajor
        }

        func matches(ecosystem: String, tags: [String]) -> Bool {
            (self.ecosystem.map { PatchPolicy.sameEcosystem($0, ecosystem) } ?? true)
                && (tag.map { wanted in tags.contains { $0.lowercased() == wanted.lowercased() } } ?? true)
        }
    }

    public var allowMajorByDefault: Bool
    public var rules: [Rule]

    public init(allowMajorByDefault: Bool = true, rules: [Rule] = []) {
        self.allowMajorByDefault = allowMajorByDefault
        self.rules = rules
    }

    public func allowsMajor(ecosystem: String, tags: [String]) -> Bool {
        rules.first { $0.matches(ecosystem: ecosystem, tags: tags) }?.allowMajor ?? allowMajorByDefault
    }

    /// `Debian` names every Debian release (`Debian:12`); `Debian:12` only that one.
    static func sameEcosystem(_ rule: String, _ ecosystem: String) -> Bool {
        let (rule, ecosystem) = (rule.lowercased(), ecosystem.lowercased())
        return rule == ecosystem || (!rule.contains(":") && ecosystem.hasPrefix(rule + ":"))
    }

    /// Whether any rule looks at tags (planning then reads the assets' tags).
    public var readsTags: Bool { rules.contains { $0.tag != nil } }

    /// Reads a policy file; every problem is a ``ConfigError`` with the file and line.
    public static func parse(_ text: String, path: String) throws -> PatchPolicy {
        let root = try ConfigNode.parse(text, path: path)
        try root.only(["major_upgrades", "rules"])
        func choice(_ node: ConfigNode) throws -> Bool {
            switch try node.string("major_upgrades") {
            case "allow": return true
            case "hold": return false
            default: throw node.fail("'major_upgrades' must be allow or hold")
            }
        }
        var policy = PatchPolicy(allowMajorByDefault: try root["major_upgrades"].map(choice) ?? true)
        if let list = root["rules"] {
            guard let items = list.items else { throw list.fail("'rules' must be a list") }
            for item in items {
                try item.only(["ecosystem", "tag", "major_upgrades"])
                let ecosystem = try item["ecosystem"]?.string("ecosystem").nonEmptyValue
                if let ecosystem, PackageManager(ecosystem: ecosystem) == nil {
                    throw item["ecosystem"]!.fail("'\(ecosystem)' is not an ecosystem Bulwark patches (Debian, Ubuntu, PyPI, npm, Go, Maven…)")
                }
                let tag = try item["tag"]?.string("tag").nonEmptyValue
                guard ecosystem != nil || tag != nil else { throw item.fail("a rule names an ecosystem, a tag or both") }
                policy.rules.append(Rule(ecosystem: ecosystem, tag: tag, allowMajor: try choice(try item.required("major_upgrades"))))
            }
        }
        return policy
    }
}
