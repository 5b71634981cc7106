// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Detection
import Foundation
import Hummingbird

/// `/api/v1/detection`: the Sigma rules in force (with why others are not), switching rules, reloading, load errors
/// and exclusions; `/api/v1/intel`: threat-intelligence indicators and their import.
struct DetectionController {
    let detection: DetectionService

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/detection/rules", operationID: "listRules",
                summary: "Sigma rules: running, disabled, unmapped (no logsource mapping) or rejected, with filters", tag: "Detection",
                access: .permission(.detectionRead),
                query: [
                    .init("q", "words in title, id, path or description"),
                    .oneOf("state", "running, disabled, unmapped or rejected", RuleInfo.State.self),
                    .oneOf("level", "informational, low, medium, high or critical", SigmaLevel.self), .init("tag", "tag prefix, e.g. attack.t1059"),
                    .limit, .cursor,
                ],
                responseSchema: "RuleList")
        ) { request, _ in
            let filter = DetectionService.RuleFilter(
                text: request.formValue("q"), state: try request.queryEnum("state", RuleInfo.State.self),
                level: try request.queryEnum("level", SigmaLevel.self), tag: request.formValue("tag").nonEmpty)
            let all = await detection.rules(filter)
            let page = try request.pageRequest()
            let start = Int(page.cursor ?? "0") ?? 0
            let slice = all.dropFirst(start).prefix(page.limit)
            let next = start + slice.count < all.count ? String(start + slice.count) : nil
            let counts = await detection.counts()
            return try JSONResponse.make(
                RuleListBody(
                    rules: slice.map { RuleBody($0, full: false) }, total: all.count, next: next,
                    counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/detection/rules/{id}", operationID: "getRule", summary: "One rule", tag: "Detection",
                access: .permission(.detectionRead), responseSchema: "Rule")
        ) { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let info = await detection.rule(id: id) else { throw CoreError.notFound(kind: "rule", id: id) }
            return try JSONResponse.make(RuleBody(info, full: true))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/detection/rules/{id}", operationID: "updateRule",
                summary: "Switch a rule on or off (kept across reloads and restarts)", tag: "Detection",
                access: .permission(.detectionWrite), requestSchema: "RuleUpdate", responseSchema: "Rule")
        ) { request, context in
            let id = context.parameters.get("id") ?? ""
            let input = try await request.json(RuleUpdate.self)
            let info = try await detection.setEnabled(ruleID: id, enabled: input.enabled, by: context.actor)
            return try JSONResponse.make(RuleBody(info, full: true))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/detection/reload", operationID: "reloadRules",
                summary: "Read the rule files again without a restart; the load report", tag: "Detection",
                access: .permission(.detectionWrite), responseSchema: "RuleLoadReport")
        ) { _, context in
            let report = try await detection.reload(by: context.actor)
            return try JSONResponse.make(RuleLoadReportBody(report))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/detection/report", operationID: "ruleLoadReport",
                summary: "The last load: counts, time taken, and every rule that could not be loaded with file:line and reason",
                tag: "Detection", access: .permission(.detectionRead), responseSchema: "RuleLoadReport")
        ) { _, _ in
            guard let report = await detection.report else { return try JSONResponse.make(RuleLoadReportBody.NotLoaded()) }
            return try JSONResponse.make(RuleLoadReportBody(report))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/detection/exclusions", operationID: "listExclusions",
                summary: "Exclusions: matches of a rule (or all rules) dropped while an event matches a condition", tag: "Detection",
                access: .permission(.detectionRead), responseSchema: "ExclusionList")
        ) { _, _ in
            try JSONResponse.make(ExclusionListBody(exclusions: try await detection.exclusions().map(ExclusionBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/detection/exclusions", operationID: "createExclusion",
                summary: "Add an exclusion: a Sigma selection (YAML) with a reason and optional expiry, for one rule or all", tag: "Detection",
                access: .permission(.detectionWrite), requestSchema: "ExclusionInput", responseSchema: "Exclusion", successStatus: 201)
        ) { request, context in
            let input = try await request.json(ExclusionInput.self)
            let exclusion = try await detection.createExclusion(
                ruleID: input.ruleId.nonEmpty, condition: input.condition, reason: input.reason,
                expiresAt: input.expiresAt, by: context.actor)
            return try JSONResponse.make(ExclusionBody(exclusion), status: .created)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/detection/exclusions/{id}", operationID: "deleteExclusion",
                summary: "Remove an exclusion", tag: "Detection", access: .permission(.detectionWrite), successStatus: 204)
        ) { _, context in
            try await detection.deleteExclusion(id: try context.id("exclusion"), by: context.actor)
            return Response(status: .noContent)
        }
        registerIntel(routes)
    }

    private func registerIntel(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/intel/indicators", operationID: "listIndicators",
                summary: "Threat-intelligence indicators, by value", tag: "Threat intelligence", access: .permission(.detectionRead),
                query: [
                    .oneOf("kind", "ip, cidr, domain, url, md5, sha1, sha256 or email", Indicator.Kind.self),
                    .init("q", "text in value, source or description"),
                    .limit, .cursor,
                ],
                responseSchema: "IndicatorList")
        ) { request, _ in
            let page = try await detection.listIndicators(
                kind: try request.queryEnum("kind", Indicator.Kind.self),
                text: request.formValue("q").nonEmpty, page: try request.pageRequest())
            return try JSONResponse.make(IndicatorListBody(indicators: page.items.map(IndicatorBody.init), next: page.next))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/intel/indicators", operationID: "createIndicator",
                summary: "Add one indicator (kind inferred from the value when not given)", tag: "Threat intelligence",
                access: .permission(.detectionWrite), requestSchema: "IndicatorInput", responseSchema: "Indicator", successStatus: 201)
        ) { request, context in
            let input = try await request.json(IndicatorInput.self)
            var kind: Indicator.Kind?
            if let text = input.kind {
                guard let parsed = Indicator.Kind(rawValue: text) else {
                    throw CoreError.invalid([
                        FieldError(
                            field: "kind", message: "'\(text)' is not one of \(Indicator.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                    ])
                }
                kind = parsed
            }
            let indicator = try await detection.addIndicator(
                value: input.value, kind: kind, source: input.source ?? "manual", confidence: input.confidence ?? 50,
                expiresAt: input.expiresAt, description: input.description ?? "", by: context.actor)
            return try JSONResponse.make(IndicatorBody(indicator), status: .created)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/intel/import", operationID: "importIndicators",
                summary: "Import indicators from CSV, a STIX 2.1 bundle or a MISP feed event (body is the file); every record left out, with why",
                tag: "Threat intelligence", access: .permission(.detectionWrite),
                query: [
                    .oneOf("format", "csv, stix or misp (default: detected)", IndicatorImport.Format.self),
                    .init("source", "name recorded on each indicator (default: the format)"),
                    .init("partial", "true: a CSV applies its valid rows even if others are refused (default all or nothing)", .boolean),
                ],
                requestSchema: "the file (text/csv or application/json), at most 20 MB", requestContentType: "application/octet-stream",
                responseSchema: "IndicatorImportReport", rejectedSchema: "IndicatorImportReport")
        ) { request, context in
            let buffer = try await request.bytes(limit: 20 << 20)
            let format = try request.queryEnum("format", IndicatorImport.Format.self)
            let source = String((request.formValue("source").nonEmpty ?? format?.rawValue ?? "import").prefix(200))
            let report = try await detection.importIndicators(
                Data(buffer.readableBytesView), format: format, source: source,
                partial: try request.queryBool("partial") ?? false, by: context.actor)
            return try JSONResponse.make(IndicatorImportBody(report), status: report.applied ? .ok : .unprocessableContent)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/intel/indicators/{id}", operationID: "deleteIndicator",
                summary: "Remove an indicator", tag: "Threat intelligence", access: .permission(.detectionWrite), successStatus: 204)
        ) { _, context in
            try await detection.deleteIndicator(id: try context.id("indicator"), by: context.actor)
            return Response(status: .noContent)
        }
    }

    struct RuleUpdate: APIInput {
        static let fields: Set<String> = ["enabled"]
        var enabled: Bool
    }

    struct ExclusionInput: APIInput {
        static let fields: Set<String> = ["rule_id", "condition", "reason", "expires_at"]
        var ruleId: String?
        var condition: String
        var reason: String
        var expiresAt: Date?
    }

    struct IndicatorInput: APIInput {
        static let fields: Set<String> = ["value", "kind", "source", "confidence", "expires_at", "description"]
        var value: String
        var kind: String?
        var source: String?
        var confidence: Int?
        var expiresAt: Date?
        var description: String?
    }
}
