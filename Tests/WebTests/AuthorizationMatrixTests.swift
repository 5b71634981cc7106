// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import HummingbirdTesting
import BulwarkTesting
import Testing
import Web

/// Every API route × every role: allowed (anything but 401/403), or 403; without credentials, 401.
/// The expectations are written out here, independently of the permission matrix, so a change to either shows.
@Suite struct AuthorizationMatrixTests {
    static let everyone = Set(Role.allCases)
    static let staff = everyone.subtracting([.employee])
    static let inventoryWriters: Set<Role> = [.admin, .manager, .engineer]
    static let responders: Set<Role> = [.admin, .manager, .analyst]
    /// Engineers plan, submit and run patch jobs; managers approve them.
    static let patchers: Set<Role> = [.admin, .engineer]
    static let approvers: Set<Role> = [.admin, .manager]
    /// Identity sources, imports, account links and access-finding decisions: `access.write`.
    static let accessWriters: Set<Role> = [.admin, .manager]

    static let expected: [String: Set<Role>] = [
        "GET /api/v1/me": everyone,
        "POST /api/v1/me/password": everyone,
        "GET /api/v1/me/sessions": everyone,
        "DELETE /api/v1/me/sessions/{id}": everyone,
        "GET /api/v1/assets": staff,
        "POST /api/v1/assets": inventoryWriters,
        "POST /api/v1/assets/import": inventoryWriters,
        "GET /api/v1/assets/{id}": staff,
        "PATCH /api/v1/assets/{id}": inventoryWriters,
        "DELETE /api/v1/assets/{id}": inventoryWriters,
        "GET /api/v1/people": staff,
        "POST /api/v1/people": inventoryWriters,
        "POST /api/v1/people/import": inventoryWriters,
        "GET /api/v1/people/{id}": staff,
        "PATCH /api/v1/people/{id}": inventoryWriters,
        "DELETE /api/v1/people/{id}": inventoryWriters,
        "GET /api/v1/users": [.admin],
        "GET /api/v1/system/health": [.admin], "GET /api/v1/system/settings": [.admin],
        "POST /api/v1/users": [.admin],
        "GET /api/v1/users/{id}": [.admin],
        "PATCH /api/v1/users/{id}": [.admin],
        "POST /api/v1/users/{id}/password": [.admin],
        "DELETE /api/v1/users/{id}/mfa": [.admin],
        "GET /api/v1/tokens": staff,
        "POST /api/v1/tokens": staff,
        "DELETE /api/v1/tokens/{id}": staff,
        "GET /api/v1/audit": [.admin, .auditor],
        "GET /api/v1/audit/export": [.admin, .auditor],
        "GET /metrics": staff,
        "POST /api/v1/ingest": [.admin, .engineer],
        "POST /_bulk": [.admin, .engineer],
        "POST /{index}/_bulk": [.admin, .engineer],
        "POST /services/collector": [.admin, .engineer],
        "POST /services/collector/event": [.admin, .engineer],
        "POST /services/collector/event/1.0": [.admin, .engineer],
        "POST /services/collector/raw": [.admin, .engineer],
        "GET /services/collector/health": everyone,
        "GET /api/v1/events": staff,
        "GET /api/v1/events/histogram": staff,
        "GET /api/v1/events/export": staff,
        "GET /api/v1/saved-searches": staff, "POST /api/v1/saved-searches": staff, "DELETE /api/v1/saved-searches/{id}": staff,
        "GET /api/v1/events/{id}": staff,
        "GET /api/v1/event-sources": staff,
        "GET /api/v1/alerts": staff,
        "POST /api/v1/alerts": responders,
        "GET /api/v1/alerts/{id}": staff,
        "PATCH /api/v1/alerts/{id}": responders,
        "POST /api/v1/alerts/{id}/comments": responders,
        "POST /api/v1/alerts/bulk": responders,
        "GET /api/v1/alert-suppressions": staff,
        "POST /api/v1/alert-suppressions": responders,
        "DELETE /api/v1/alert-suppressions/{id}": responders,
        "GET /api/v1/detection/rules": staff,
        "GET /api/v1/detection/rules/{id}": staff,
        "PATCH /api/v1/detection/rules/{id}": responders,
        "POST /api/v1/detection/reload": responders,
        "GET /api/v1/detection/report": staff,
        "GET /api/v1/detection/exclusions": staff,
        "POST /api/v1/detection/exclusions": responders,
        "DELETE /api/v1/detection/exclusions/{id}": responders,
        "GET /api/v1/findings": staff,
        "GET /api/v1/findings/export": staff,
        "GET /api/v1/findings/groups": staff,
        "GET /api/v1/remediation": staff, "GET /api/v1/metrics/patching": staff,
        "GET /api/v1/patch-jobs": staff, "POST /api/v1/patch-jobs": patchers, "GET /api/v1/patch-jobs/{id}": staff,
        "PATCH /api/v1/patch-jobs/{id}": patchers, "POST /api/v1/patch-jobs/{id}/approve": approvers,
        "POST /api/v1/patch-jobs/{id}/results": patchers, "GET /api/v1/patch-jobs/{id}/artifacts/{kind}": staff,
        "GET /api/v1/maintenance-windows": staff, "POST /api/v1/maintenance-windows": patchers,
        "DELETE /api/v1/maintenance-windows/{id}": patchers,
        "GET /api/v1/identity-sources": staff, "POST /api/v1/identity-sources": accessWriters, "GET /api/v1/identity-sources/{id}": staff,
        "PATCH /api/v1/identity-sources/{id}": accessWriters, "POST /api/v1/identity-sources/{id}/import": accessWriters,
        "POST /api/v1/identity-sources/{id}/sync": accessWriters,
        "GET /api/v1/accounts": staff, "GET /api/v1/accounts/{id}": staff, "PATCH /api/v1/accounts/{id}": accessWriters,
        "GET /api/v1/access-findings": staff, "PATCH /api/v1/access-findings/{id}": accessWriters,
        "GET /api/v1/access-reviews": staff, "POST /api/v1/access-reviews": accessWriters, "GET /api/v1/access-reviews/{id}": staff,
        // Every user reaches a campaign's items and decisions; the service shows and lets them decide only their own.
        "GET /api/v1/access-reviews/{id}/items": everyone, "POST /api/v1/access-reviews/{id}/items/{item_id}/decision": everyone,
        "POST /api/v1/access-reviews/{id}/decisions": everyone,
        "GET /api/v1/access-reviews/{id}/evidence": [.admin, .manager, .auditor],
        "GET /api/v1/findings/{id}": staff,
        "PATCH /api/v1/findings/{id}": inventoryWriters,
        "POST /api/v1/findings/bulk": inventoryWriters,
        "GET /api/v1/assets/{id}/inventory": staff,
        "POST /api/v1/assets/{id}/inventory": inventoryWriters,
        "GET /api/v1/vulnerabilities/{id}": staff,
        "POST /api/v1/vulnerabilities/import": inventoryWriters,
        "POST /api/v1/vex": inventoryWriters,
        "GET /api/v1/intel/indicators": staff,
        "POST /api/v1/intel/indicators": responders,
        "POST /api/v1/intel/import": responders,
        "DELETE /api/v1/intel/indicators/{id}": responders,
        "GET /api/v1/cases": staff,
        "POST /api/v1/cases": responders,
        "GET /api/v1/cases/{id}": staff,
        "PATCH /api/v1/cases/{id}": responders,
        "POST /api/v1/cases/{id}/alerts": responders,
        "POST /api/v1/cases/{id}/merge": responders,
        "POST /api/v1/cases/{id}/links": responders,
        "POST /api/v1/cases/{id}/playbook": responders,
        "GET /api/v1/cases/{id}/report": staff,
        "POST /api/v1/cases/{id}/tasks": responders,
        "PATCH /api/v1/cases/{id}/tasks/{task_id}": responders,
        "POST /api/v1/cases/{id}/comments": responders,
        "GET /api/v1/cases/{id}/timeline": staff,
        "POST /api/v1/cases/{id}/timeline": responders,
        "GET /api/v1/cases/{id}/observables": staff,
        "POST /api/v1/cases/{id}/observables": responders,
        "POST /api/v1/cases/{id}/observables/{observable_id}/promote": responders,
        "GET /api/v1/cases/{id}/observables/export": staff,
        "POST /api/v1/cases/{id}/evidence": responders,
        "GET /api/v1/cases/{id}/evidence/{evidence_id}": staff,
        "GET /api/v1/response-actions": staff,
        "POST /api/v1/cases/{id}/actions": responders,
        "POST /api/v1/cases/{id}/actions/{run_id}/approve": responders,
        "POST /api/v1/cases/{id}/actions/{run_id}/reject": responders,
        "GET /api/v1/playbooks": staff,
        "GET /api/v1/metrics/incidents": staff,
        "GET /api/v1/case-views": staff,
        "POST /api/v1/case-views": staff,
        "DELETE /api/v1/case-views/{id}": staff,
        "GET /healthz": everyone,
        "GET /readyz": everyone,
        "GET /api/v1/openapi.json": everyone,
    ]
    static let anonymous: Set<String> = ["GET /healthz", "GET /readyz", "GET /api/v1/openapi.json", "GET /services/collector/health"]

    @Test func everyRouteHasAnExpectation() async throws {
        try await Harness.with { harness in
            let documented = Set(harness.catalog.operations.map { "\($0.method.rawValue) \($0.path)" })
            #expect(
                documented == Set(Self.expected.keys),
                "routes without an expectation here: \(documented.subtracting(Self.expected.keys)); expectations without a route: \(Set(Self.expected.keys).subtracting(documented))"
            )
        }
    }

    @Test func everyRoleOnEveryRoute() async throws {
        try await Harness.with { harness in
            var made: [Role: String] = [:]
            for role in Role.allCases { made[role] = try await harness.token(role) }
            let tokens = made
            let operations = harness.catalog.operations
            try await harness.test { client in
                for operation in operations {
                    let key = "\(operation.method.rawValue) \(operation.path)"
                    let uri = operation.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased()).replacingOccurrences(
                        of: "{index}", with: "logs"
                    ).replacingOccurrences(of: "{kind}", with: "shell")
                    let body = operation.requestContentType == "text/csv" ? ByteBuffer(string: "name\n") : ByteBuffer(string: "{}")
                    try await client.execute(uri: uri, method: operation.method, headers: [:], body: body) { response in
                        if Self.anonymous.contains(key) {
                            #expect(response.status.code < 400, "\(key) anonymous → \(response.status.code)")
                        } else {
                            #expect(response.status == .unauthorized, "\(key) anonymous → \(response.status.code)")
                        }
                    }
                    for role in Role.allCases {
                        try await client.execute(
                            uri: uri, method: operation.method,
                            headers: [.authorization: "Bearer \(tokens[role]!)", .contentType: "application/json"], body: body
                        ) { response in
                            let allowed = Self.expected[key]?.contains(role) ?? false
                            if allowed {
                                #expect(
                                    response.status != .forbidden && response.status != .unauthorized,
                                    "\(key) as \(role) → \(response.status.code) \(response.text)")
                            } else {
                                #expect(response.status == .forbidden, "\(key) as \(role) → \(response.status.code)")
                                #expect(response.errorCode == "forbidden")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func tokenScopesNarrowTheRole() async throws {
        try await Harness.with { harness in
            let admin = try await harness.user(.admin)
            let read = try await harness.platform.foundation.auth.createToken(
                username: admin.username, name: "r", scopes: [.read], expiresInDays: 1, by: .system
            ).secret
            let ingest = try await harness.platform.foundation.auth.createToken(
                username: admin.username, name: "i", scopes: [.ingest], expiresInDays: 1, by: .system
            ).secret
            try await harness.test { client in
                try await client.execute(uri: "/api/v1/assets", method: .get, headers: .bearer(read)) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/assets", method: .post, headers: .json(read), body: ByteBuffer(string: #"{"name":"a"}"#)) {
                    #expect($0.status == .forbidden)
                }
                try await client.execute(uri: "/api/v1/users", method: .get, headers: .bearer(read)) { #expect($0.status == .forbidden) }
                try await client.execute(uri: "/api/v1/assets", method: .get, headers: .bearer(ingest)) { #expect($0.status == .forbidden) }
            }
        }
    }
}
