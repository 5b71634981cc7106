// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Inventory
import Vulnerabilities

/// `/api/v1/findings`, `/api/v1/vulnerabilities`, `/api/v1/assets/{id}/inventory`, `/api/v1/vex`: vulnerability
/// management — inventories in, findings out, prioritised and tracked.
struct VulnerabilitiesController {
    let vulnerabilities: VulnerabilityService
    let clock: any WallClock

    static let listParameters = [
        APIOperation.Parameter("asset_id", "inventory asset"),
        .listOf("severity", "comma-separated: informational, low, medium, high, critical", Severity.self),
        .listOf(
            "state", "comma-separated: open, in_remediation, fixed, risk_accepted, false_positive, not_affected (default: open,in_remediation)",
            FindingState.self),
        .init("kev", "true: only CISA known-exploited; false: only others", .boolean),
        .init("overdue", "true: only past their SLA due date", .boolean),
        .init("ecosystem", "OSV ecosystem, e.g. PyPI or Debian (any release)"),
        .init("vulnerability", "OSV id"),
        .init("source_package", "the source package one fix upgrades (openssh for openssh-server), or the package when it has none"),
        .init("q", "words in package, vulnerability id, aliases or asset name"),
        .oneOf("criticality", "the asset's criticality", Criticality.self),
        .init("environment", "the asset's environment, e.g. production"),
        .init("internet_facing", "true: only internet-facing assets; false: only others", .boolean),
        .init("owner", "the asset's owner (exact: a person's email or a team)"),
        .limit, .cursor,
    ]

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/findings", operationID: "listFindings",
                summary: "Findings sorted by risk (highest first), with filters", tag: "Vulnerabilities",
                access: .permission(.vulnerabilitiesRead), query: Self.listParameters, responseSchema: "FindingList")
        ) { request, _ in
            let page = try await vulnerabilities.list(try Self.query(request), page: try request.pageRequest())
            let now = clock.now()
            return try JSONResponse.make(
                FindingListBody(
                    findings: page.items.map { FindingBody($0, now: now) }, next: page.next,
                    counts: FindingCountsBody(try await vulnerabilities.counts())))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/findings/export", operationID: "exportFindings",
                summary: "Findings as CSV or JSON (the list's filters; at most 100,000)", tag: "Vulnerabilities",
                access: .permission(.vulnerabilitiesRead),
                query: Self.listParameters.filter { $0.name != "limit" && $0.name != "cursor" } + [
                    .init("format", "csv (default) or json", .oneOf(["csv", "json"]))
                ],
                responseSchema: "FindingExport", responseContentType: "text/csv",
                alternativeContentTypes: ["application/json"])
        ) { request, context in
            let format = request.queryString("format") ?? "csv"
            guard format == "csv" || format == "json" else { throw APIError.badRequest("format: must be csv or json") }
            let query = try Self.query(request)
            var findings: [Finding] = []
            var cursor: String?
            repeat {
                let page = try await vulnerabilities.list(query, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
                findings += page.items
                cursor = page.next
            } while cursor != nil && findings.count < 100_000
            let now = clock.now()
            let stamp = Timestamp.format(now).replacingOccurrences(of: ":", with: "")
            var response: Response
            if format == "json" {
                response = try JSONResponse.make(FindingExportBody(findings: findings.map { FindingBody($0, now: now) }))
            } else {
                var csv = FindingCSV.header.joined(separator: ",") + "\r\n"
                for finding in findings { csv += FindingCSV.record(finding, now: now) + "\r\n" }
                response = Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: csv)))
            }
            response.headers[.contentDisposition] = "attachment; filename=\"bulwark-findings-\(stamp).\(format)\""
            return response
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/findings/groups", operationID: "listFindingGroups",
                summary: "The findings of the list's filters in groups: by vulnerability, or by the source package one fix upgrades",
                tag: "Vulnerabilities", access: .permission(.vulnerabilitiesRead),
                query: [.oneOf("by", "vulnerability or package (the source package in its ecosystem)", FindingGrouping.self)] + Self.listParameters,
                responseSchema: "FindingGroupList")
        ) { request, _ in
            let grouping = try Self.grouping(request) ?? .vulnerability
            let page = try await vulnerabilities.groups(try Self.query(request), by: grouping, page: try request.pageRequest())
            return try JSONResponse.make(FindingGroupListBody(groups: page.items.map { FindingGroupBody($0, by: grouping) }, next: page.next))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/findings/{id}", operationID: "getFinding",
                summary: "One finding with the reasons for its risk score", tag: "Vulnerabilities",
                access: .permission(.vulnerabilitiesRead), responseSchema: "Finding")
        ) { _, context in
            try JSONResponse.make(FindingBody(try await vulnerabilities.finding(id: try context.id("finding")), now: clock.now()))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/findings/{id}", operationID: "updateFinding",
                summary:
                    "Set a finding's state: in_remediation, open, risk_accepted (reason, accepted_until; managers and admins), false_positive (reason), not_affected (reason)",
                tag: "Vulnerabilities", access: .permission(.vulnerabilitiesWrite), requestSchema: "FindingUpdate", responseSchema: "Finding")
        ) { request, context in
            let id = try context.id("finding")
            let change = try Self.change(try await request.json(UpdateInput.self), context: context)
            let updated = try await vulnerabilities.update(ids: [id], change, by: context.actor)
            return try JSONResponse.make(FindingBody(updated[0], now: clock.now()))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/findings/bulk", operationID: "bulkUpdateFindings",
                summary: "The same state for many findings (at most 1,000): all change or none", tag: "Vulnerabilities",
                access: .permission(.vulnerabilitiesWrite), requestSchema: "FindingBulkUpdate", responseSchema: "FindingBulkResult")
        ) { request, context in
            let input = try await request.json(BulkInput.self)
            let change = try Self.change(
                UpdateInput(
                    state: input.state, reason: input.reason, acceptedUntil: input.acceptedUntil, owner: input.owner, dueAt: input.dueAt,
                    note: input.note, ticket: input.ticket), context: context)
            let updated = try await vulnerabilities.update(ids: input.ids, change, by: context.actor)
            return try JSONResponse.make(FindingBulkBody(updated: updated.count, ids: updated.map(\.id)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/assets/{id}/inventory", operationID: "getAssetInventory",
                summary: "An asset's packages (per source) and the changes of its last imports", tag: "Vulnerabilities",
                access: .permission(.vulnerabilitiesRead), responseSchema: "AssetInventory")
        ) { _, context in
            let (packages, changes) = try await vulnerabilities.inventory(assetID: try context.id("asset"))
            return try JSONResponse.make(
                AssetInventoryBody(packages: packages.map(InventoryPackageBody.init), imports: changes.map(InventoryChangeBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/assets/{id}/inventory", operationID: "importAssetInventory",
                summary: "Import an inventory for an asset: replaces that source's packages, records what changed, rescans",
                tag: "Vulnerabilities", access: .permission(.vulnerabilitiesWrite),
                query: [
                    .oneOf(
                        "format",
                        "cyclonedx, spdx, dpkg, rpm, apk, requirements, poetry, npm, gomod, gosum, cargo, gemfile, composer (default: recognised)",
                        InventoryFormat.self),
                    .init("source", "name of the inventory source, e.g. os or app (default: the format); a re-import replaces it"),
                    .init("ecosystem", "release of OS packages, e.g. Debian:12, AlmaLinux:9, Alpine:v3.20"),
                    .init("name", "file name, to recognise the format (e.g. poetry.lock)"),
                    .init("partial", "true: import the readable entries of a file with malformed ones (default all or nothing)", .boolean),
                ],
                requestSchema: "the inventory file, at most 64 MB", requestContentType: "application/octet-stream",
                responseSchema: "InventoryImport", successStatus: 201)
        ) { request, context in
            let assetID = try context.id("asset")
            let buffer = try await request.bytes(limit: InventoryParser.maximumSize)
            let result = try await vulnerabilities.importInventory(
                assetID: assetID, bytes: Array(buffer.readableBytesView), name: request.queryString("name") ?? "upload",
                source: request.queryString("source"), format: try request.queryEnum("format", InventoryFormat.self),
                ecosystem: request.queryString("ecosystem"), partial: try request.queryBool("partial") ?? false, by: context.actor)
            return try JSONResponse.make(
                InventoryImportBody(change: InventoryChangeBody(result.change), rejected: result.rejected.map(RejectionBody.init)), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/vulnerabilities/{id}", operationID: "getVulnerability",
                summary:
                    "A vulnerability by OSV id or alias (CVE, GHSA, …): aliases, references, affected ranges and fix versions, CVSS, KEV, EPSS, and the findings on assets",
                tag: "Vulnerabilities", access: .permission(.vulnerabilitiesRead), responseSchema: "Vulnerability")
        ) { _, context in
            let id = String((context.parameters.get("id") ?? "").prefix(200))
            return try JSONResponse.make(VulnerabilityBody(try await vulnerabilities.vulnerability(id: id), now: clock.now()))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/vulnerabilities/import", operationID: "importAdvisories",
                summary:
                    "Import advisories: OSV (JSON, JSON lines, zip, gzip), the CISA KEV catalog or an EPSS CSV; incremental by `modified`; rescans every asset",
                tag: "Vulnerabilities", access: .permission(.vulnerabilitiesWrite),
                query: [.init("name", "file name, for the places in messages (e.g. PyPI.zip)")],
                requestSchema: "the advisory file, at most 512 MB", requestContentType: "application/octet-stream",
                responseSchema: "AdvisoryImport")
        ) { request, context in
            let buffer = try await request.bytes(limit: 512 << 20)
            let name = request.queryString("name") ?? "upload"
            let batch = AdvisoryImport.read(bytes: Array(buffer.readableBytesView), name: name)
            let result = try await vulnerabilities.importAdvisories(batch, source: name, by: context.actor)
            return try JSONResponse.make(AdvisoryImportBody(result))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/vex", operationID: "importVEX",
                summary:
                    "Import a VEX document (OpenVEX or CycloneDX VEX): not_affected statements with their justification close the findings they cover, now and later",
                tag: "Vulnerabilities", access: .permission(.vulnerabilitiesWrite),
                query: [.init("name", "document name, recorded with each statement")],
                requestSchema: "VEXDocument",
                responseSchema: "VEXImport")
        ) { request, context in
            let buffer = try await request.bytes(limit: 16 << 20)
            let result = try await vulnerabilities.importVEX(
                Array(buffer.readableBytesView), name: request.queryString("name") ?? "vex", by: context.actor)
            return try JSONResponse.make(VEXImportBody(statements: result.statements, applied: result.applied))
        }
    }

    /// The `by` parameter of a grouped listing; nil when absent.
    static func grouping(_ request: Request, name: String = "by") throws -> FindingGrouping? { try request.queryEnum(name, FindingGrouping.self) }

    static func query(_ request: Request) throws -> FindingQuery {
        var query = FindingQuery()
        query.assetID = request.formValue("asset_id").nonEmpty
        query.severities = try request.queryEnumList("severity", Severity.self)
        query.states = request.formValue("state") == nil ? [.open, .inRemediation] : try request.queryEnumList("state", FindingState.self)
        query.kev = try request.queryBool("kev")
        query.overdue = try request.queryBool("overdue")
        query.ecosystem = request.queryString("ecosystem")
        query.vulnerabilityID = request.queryString("vulnerability")
        query.sourcePackage = request.queryString("source_package")
        query.text = request.queryString("q")
        query.asset = FindingAssetFilter(
            criticality: try request.queryEnum("criticality", Criticality.self), environment: request.queryString("environment"),
            internetFacing: try request.queryBool("internet_facing"), owner: request.queryString("owner"))
        return query
    }

    static func change(_ input: UpdateInput, context: AuthedContext) throws -> VulnerabilityService.Change {
        guard let state = FindingState(rawValue: input.state) else {
            throw CoreError.invalid([
                FieldError(field: "state", message: "'\(input.state)' is not one of \(FindingState.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
        }
        if state == .riskAccepted { try context.require(.vulnerabilitiesAccept) }
        func text(_ value: String?) -> String? { value.nonEmpty }
        return .init(
            state: state, reason: input.reason, acceptedUntil: input.acceptedUntil,
            remediation: Remediation(owner: text(input.owner), dueAt: input.dueAt, note: text(input.note), ticket: text(input.ticket)))
    }

    struct UpdateInput: APIInput {
        static let fields: Set<String> = ["state", "reason", "accepted_until", "owner", "due_at", "note", "ticket"]
        var state: String
        var reason: String?
        var acceptedUntil: Date?
        var owner: String?
        var dueAt: Date?
        var note: String?
        var ticket: String?
    }

    struct BulkInput: APIInput {
        static let fields: Set<String> = ["ids", "state", "reason", "accepted_until", "owner", "due_at", "note", "ticket"]
        var ids: [String]
        var state: String
        var reason: String?
        var acceptedUntil: Date?
        var owner: String?
        var dueAt: Date?
        var note: String?
        var ticket: String?
    }
}
