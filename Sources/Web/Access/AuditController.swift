// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// `/api/v1/audit`: the audit log, read and exported.
struct AuditController {
    let audit: any AuditLog
    let clock: any WallClock
    /// Most entries one export returns; narrow the time range for more.
    static let exportLimit = 100_000

    static let filters = [
        APIOperation.Parameter("actor", "exact username"), .init("action", "action prefix, e.g. auth.login"),
        .init("from", "RFC 3339 time, inclusive", .time), .init("to", "RFC 3339 time, exclusive", .time),
    ]

    static func query(_ request: Request) throws -> AuditQuery {
        AuditQuery(
            actor: request.queryString("actor"), actionPrefix: request.queryString("action"),
            from: try request.queryTime("from"), to: try request.queryTime("to"))
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/audit", operationID: "listAudit", summary: "Audit log entries, newest first",
                tag: "Audit", access: .permission(.auditRead),
                query: Self.filters + [.limit, .cursor],
                responseSchema: "AuditPage")
        ) { request, _ in
            try JSONResponse.make(PageBody(key: "entries", page: try await audit.list(try Self.query(request), page: try request.pageRequest())))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/audit/export", operationID: "exportAudit",
                summary: "Export audit entries as CSV or JSON (newest first, at most 100,000)", tag: "Audit",
                access: .permission(.auditExport), query: Self.filters + [.init("format", "csv (default) or json", .oneOf(["csv", "json"]))],
                responseSchema: "AuditExport", responseContentType: "text/csv",
                alternativeContentTypes: ["application/json"])
        ) { request, context in
            let format = request.queryString("format") ?? "csv"
            guard format == "csv" || format == "json" else { throw APIError.badRequest("format: must be csv or json") }
            let entries = try await Self.collect(audit, try Self.query(request))
            try await audit.record(
                AuditEntry(
                    time: clock.now(), actor: context.principal.username, action: "audit.export", target: "audit:*",
                    source: context.remoteAddress, detail: "format=\(format) entries=\(entries.count)"))
            let stamp = Timestamp.format(clock.now()).replacingOccurrences(of: ":", with: "")
            var response: Response
            if format == "json" {
                response = try JSONResponse.make(entries)
            } else {
                var csv = AuditEntry.csvHeader.joined(separator: ",") + "\r\n"
                for entry in entries { csv += entry.csvRecord + "\r\n" }
                response = Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: csv)))
            }
            response.headers[.contentDisposition] = "attachment; filename=\"bulwark-audit-\(stamp).\(format)\""
            return response
        }
    }

    static func collect(_ audit: any AuditLog, _ query: AuditQuery) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        var cursor: String?
        repeat {
            let page = try await audit.list(query, page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            entries += page.items
            cursor = page.next
        } while cursor != nil && entries.count < exportLimit
        return Array(entries.prefix(exportLimit))
    }
}
