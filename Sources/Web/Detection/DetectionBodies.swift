// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation

/// A rule as listed (schema `Rule`); `details` adds what its own page shows.
struct RuleBody: ResponseBody {
    struct Logsource: Encodable, Sendable {
        @Nullable var product: String?
        @Nullable var category: String?
        @Nullable var service: String?
    }

    /// The fields only a single rule's answer has.
    struct Details: Encodable, Sendable {
        var description: String
        @Nullable var author: String?
        var references: [String]
        var falsepositives: [String]
        @Nullable var date: String?
        @Nullable var modified: String?
    }

    var id: String
    var title: String
    var kind: String
    @Nullable var level: String?
    @Nullable var status: String?
    var state: String
    @Nullable var reason: String?
    var tags: [String]
    var attack: [String]
    var path: String
    var line: Int
    var logsource: Logsource
    var details: Details?

    enum CodingKeys: String, CodingKey { case id, title, kind, level, status, state, reason, tags, attack, path, line, logsource }

    init(_ info: RuleInfo, full: Bool) {
        let rule = info.rule
        id = rule.id
        title = rule.title
        kind = info.kind
        level = rule.level?.rawValue
        status = rule.status
        state = info.state.rawValue
        reason = info.reason
        tags = rule.tags
        attack = rule.attackTags
        path = rule.location.path
        line = rule.location.line
        logsource = Logsource(product: rule.logsource.product, category: rule.logsource.category, service: rule.logsource.service)
        details =
            full
            ? Details(
                description: rule.description ?? "", author: rule.author, references: rule.references, falsepositives: rule.falsePositives,
                date: rule.date, modified: rule.modified) : nil
    }

    /// The listed fields, and the details beside them in the same object.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(title, forKey: .title)
        try container.encode(kind, forKey: .kind)
        try container.encode(_level, forKey: .level)
        try container.encode(_status, forKey: .status)
        try container.encode(state, forKey: .state)
        try container.encode(_reason, forKey: .reason)
        try container.encode(tags, forKey: .tags)
        try container.encode(attack, forKey: .attack)
        try container.encode(path, forKey: .path)
        try container.encode(line, forKey: .line)
        try container.encode(logsource, forKey: .logsource)
        try details?.encode(to: encoder)
    }
}

/// The rules of a query, a page at a time, with the counts by state (schema `RuleList`).
struct RuleListBody: ResponseBody {
    var rules: [RuleBody]
    var total: Int
    @Nullable var next: String?
    var counts: [String: Int]
}

/// The last load of the rule files (schema `RuleLoadReport`).
struct RuleLoadReportBody: ResponseBody {
    /// Before the first load: `{"loaded": false}`.
    struct NotLoaded: ResponseBody {
        var loaded = false
    }

    struct Problem: Encodable, Sendable {
        var file: String
        var line: Int
        var reason: String
        @Nullable var ruleId: String?
    }

    var loaded = true
    var loadedAt: Date
    var seconds: Double
    var files: Int
    var running: Int
    var correlations: Int
    var filters: Int
    var disabled: Int
    var unmapped: Int
    var errors: [Problem]

    init(_ report: DetectionService.LoadReport) {
        loadedAt = report.loadedAt
        seconds = (report.seconds * 1000).rounded() / 1000
        files = report.files
        running = report.running
        correlations = report.correlations
        filters = report.filters
        disabled = report.disabled
        unmapped = report.unmapped
        errors = report.errors.map { Problem(file: $0.location.path, line: $0.location.line, reason: $0.message, ruleId: $0.ruleID) }
    }
}

/// An exclusion (schema `Exclusion`).
struct ExclusionBody: ResponseBody {
    var id: String
    @Nullable var ruleId: String?
    var condition: String
    var reason: String
    @Nullable var expiresAt: Date?
    var createdBy: String
    var createdAt: Date

    init(_ exclusion: StoredExclusion) {
        id = exclusion.id
        ruleId = exclusion.ruleID
        condition = exclusion.condition
        reason = exclusion.reason
        expiresAt = exclusion.expiresAt
        createdBy = exclusion.createdBy
        createdAt = exclusion.createdAt
    }
}

/// Every exclusion (schema `ExclusionList`).
struct ExclusionListBody: ResponseBody { var exclusions: [ExclusionBody] }

/// A threat-intelligence indicator (schema `Indicator`).
struct IndicatorBody: ResponseBody {
    var id: String
    var kind: String
    var value: String
    var source: String
    var confidence: Int
    @Nullable var expiresAt: Date?
    var description: String
    var tags: [String]
    var createdAt: Date
    var updatedAt: Date

    init(_ indicator: Indicator) {
        id = indicator.id
        kind = indicator.kind.rawValue
        value = indicator.value
        source = indicator.source
        confidence = indicator.confidence
        expiresAt = indicator.expiresAt
        description = indicator.description
        tags = indicator.tags
        createdAt = indicator.createdAt
        updatedAt = indicator.updatedAt
    }
}

/// A page of indicators (schema `IndicatorList`).
struct IndicatorListBody: ResponseBody {
    var indicators: [IndicatorBody]
    @Nullable var next: String?
}

/// An indicator import: applied or not, and every record left out (schema `IndicatorImportReport`).
struct IndicatorImportBody: ResponseBody {
    struct Rejected: Encodable, Sendable {
        var place: String
        var reason: String
    }

    var applied: Bool
    var created: Int
    var updated: Int
    var rejected: [Rejected]

    init(_ report: DetectionService.IndicatorReport) {
        applied = report.applied
        created = report.created
        updated = report.updated
        rejected = report.rejected.map { Rejected(place: $0.place, reason: $0.reason) }
    }
}

extension OpenAPISchemas {
    /// Rules, exclusions and indicators.
    static var detection: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        // A Sigma rule's level, or null for a rule without one (correlations and filters).
        let level: [String: Any] = ["type": ["string", "null"], "enum": SigmaLevel.allCases.map(\.rawValue) as [Any] + [NSNull()]]
        let rule = object([
            "id": string, "title": string, "kind": enumeration(["detection", "correlation", "filter"]), "level": level,
            "status": nullableString, "state": enumeration(RuleInfo.State.allCases.map(\.rawValue)), "reason": nullableString, "tags": strings,
            "attack": strings, "path": string, "line": integer,
            "logsource": object(["product": nullableString, "category": nullableString, "service": nullableString]),
            "description": string, "author": nullableString, "references": strings, "falsepositives": strings,
        ])
        let exclusionFields: [String: Any] = [
            "rule_id": nullableString, "condition": ["type": "string", "description": "a Sigma selection in YAML"],
            "reason": string, "expires_at": nullableTime,
        ]
        let indicatorFields: [String: Any] = [
            "kind": enumeration(Indicator.Kind.allCases.map(\.rawValue)), "value": string, "source": string,
            "confidence": ["type": "integer", "minimum": 0, "maximum": 100], "expires_at": nullableTime, "description": string,
        ]
        return [
            "Rule": rule,
            "RuleList": object([
                "rules": ["type": "array", "items": ref("Rule")], "total": integer, "next": nullableString,
                "counts": ["type": "object", "additionalProperties": integer],
            ]),
            "RuleUpdate": object(["enabled": boolean], required: ["enabled"]),
            "RuleLoadReport": object([
                "loaded": boolean, "loaded_at": time, "seconds": ["type": "number"], "files": integer, "running": integer,
                "correlations": integer, "filters": integer, "disabled": integer, "unmapped": integer,
                "errors": ["type": "array", "items": object(["file": string, "line": integer, "reason": string, "rule_id": nullableString])],
            ]),
            "Exclusion": object(exclusionFields.merging(["id": string, "created_by": string, "created_at": time]) { first, _ in first }),
            "ExclusionInput": object(exclusionFields, required: ["condition", "reason"]),
            "ExclusionList": object(["exclusions": ["type": "array", "items": ref("Exclusion")]]),
            "Indicator": object(
                indicatorFields.merging(["id": string, "tags": strings, "created_at": time, "updated_at": time]) { first, _ in first }),
            "IndicatorInput": object(indicatorFields, required: ["value"]),
            "IndicatorList": page("indicators", "Indicator"),
            "IndicatorImportReport": object([
                "applied": boolean, "created": integer, "updated": integer,
                "rejected": ["type": "array", "items": object(["place": string, "reason": string])],
            ]),
        ]
    }
}
