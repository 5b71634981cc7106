// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An OSV record (ossf/osv-schema 1.7): the fields Bulwark reads; everything else is kept in the original JSON.
public struct OSVRecord: Sendable, Codable, Equatable {
    public var id: String
    public var modified: String
    public var published: String?
    public var withdrawn: String?
    public var aliases: [String]?
    public var related: [String]?
    public var summary: String?
    public var details: String?
    public var severity: [OSVSeverity]?
    public var affected: [OSVAffected]?
    public var references: [OSVReference]?

    public init(
        id: String, modified: String, published: String? = nil, withdrawn: String? = nil, aliases: [String]? = nil,
        related: [String]? = nil, summary: String? = nil, details: String? = nil, severity: [OSVSeverity]? = nil,
        affected: [OSVAffected]? = nil, references: [OSVReference]? = nil
    ) {
        self.id = id
        self.modified = modified
        self.published = published
        self.withdrawn = withdrawn
        self.aliases = aliases
        self.related = related
        self.summary = summary
        self.details = details
        self.severity = severity
        self.affected = affected
        self.references = references
    }

    /// Every CVE the record names (its id, aliases and, for distributions that use it so, `related`).
    public var cves: [String] {
        ([id] + (aliases ?? []) + (related ?? [])).filter { $0.hasPrefix("CVE-") }
    }

    /// The highest-scoring CVSS vector of the record or of its affected entries.
    public var bestCVSS: CVSSScore? {
        let vectors = (severity ?? []) + (affected ?? []).flatMap { $0.severity ?? [] }
        return vectors.compactMap { $0.type.hasPrefix("CVSS") ? try? CVSS.score($0.score) : nil }
            .max { ($0.version, $0.baseScore) < ($1.version, $1.baseScore) }
    }

    /// Every version that fixes the package (`fixed` events), in the order given.
    public func fixedVersions(ecosystem: String, name: String) -> [String] {
        var seen = Set<String>()
        let key = Ecosystem.normalizedName(name, ecosystem: ecosystem)
        return (affected ?? []).filter {
            guard let p = $0.package else { return false }
            return Ecosystem.base(p.ecosystem) == Ecosystem.base(ecosystem) && Ecosystem.normalizedName(p.name, ecosystem: p.ecosystem) == key
        }
        .flatMap { ($0.ranges ?? []).flatMap { $0.events.compactMap { $0.fixed } } }
        .filter { seen.insert($0).inserted }
    }
}

public struct OSVSeverity: Sendable, Codable, Equatable {
    public var type: String
    public var score: String
    public init(type: String, score: String) { self.type = type; self.score = score }
}

public struct OSVReference: Sendable, Codable, Equatable {
    public var type: String?
    public var url: String
    public init(type: String?, url: String) { self.type = type; self.url = url }
}

public struct OSVPackage: Sendable, Codable, Equatable {
    public var ecosystem: String
    public var name: String
    public var purl: String?
    public init(ecosystem: String, name: String, purl: String? = nil) { self.ecosystem = ecosystem; self.name = name; self.purl = purl }
}

public struct OSVAffected: Sendable, Codable, Equatable {
    public var package: OSVPackage?
    public var severity: [OSVSeverity]?
    public var ranges: [OSVRange]?
    public var versions: [String]?
    public init(package: OSVPackage?, severity: [OSVSeverity]? = nil, ranges: [OSVRange]? = nil, versions: [String]? = nil) {
        self.package = package
        self.severity = severity
        self.ranges = ranges
        self.versions = versions
    }
}

public struct OSVRange: Sendable, Codable, Equatable {
    public var type: String
    public var repo: String?
    public var events: [OSVEvent]
    public init(type: String, events: [OSVEvent]) { self.type = type; self.events = events }
}

/// One range event: exactly one of its fields is set.
public struct OSVEvent: Sendable, Codable, Equatable {
    public var introduced: String?
    public var fixed: String?
    public var lastAffected: String?
    public var limit: String?

    enum CodingKeys: String, CodingKey {
        case introduced, fixed, limit
        case lastAffected = "last_affected"
    }

    public init(introduced: String? = nil, fixed: String? = nil, lastAffected: String? = nil, limit: String? = nil) {
        self.introduced = introduced
        self.fixed = fixed
        self.lastAffected = lastAffected
        self.limit = limit
    }
}
