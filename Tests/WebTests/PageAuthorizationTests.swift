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

/// Every web page and form × every role, signed in with a real session and a valid CSRF token:
/// allowed (anything but 401/403), or 403. Anonymous visitors are sent to sign in.
@Suite struct PageAuthorizationTests {
    static let everyone = Set(Role.allCases)
    static let staff = everyone.subtracting([.employee])
    static let writers: Set<Role> = [.admin, .manager, .engineer]

    static let expected: [String: Set<Role>] = {
        var table: [String: Set<Role>] = [
            "GET /": everyone, "GET /awareness": everyone,
            "GET /account": everyone, "POST /account/password": everyone, "GET /account/mfa": everyone,
            "POST /account/mfa": everyone, "POST /account/mfa/disable": everyone, "POST /account/mfa/recovery-codes": everyone,
            "POST /account/tokens": staff, "POST /account/tokens/{id}/revoke": staff, "POST /account/sessions/{id}/end": everyone,
            "GET /admin/users": [.admin], "POST /admin/users": [.admin], "GET /admin/users/{id}": [.admin],
            "POST /admin/users/{id}": [.admin], "POST /admin/users/{id}/password": [.admin], "POST /admin/users/{id}/mfa-reset": [.admin],
            "GET /admin/tokens": [.admin], "POST /admin/tokens": [.admin], "POST /admin/tokens/{id}/revoke": [.admin],
            "GET /admin/audit": [.admin, .auditor], "GET /admin/health": [.admin], "GET /admin/settings": [.admin],
            "GET /monitoring/sources": staff,
            "GET /alerts/{id}": staff, "GET /alerts/suppressions": staff, "GET /detection/rules": staff, "GET /detection/rules/{id}": staff,
            "GET /detection/exclusions": staff, "GET /intel": staff, "GET /entities/{type}/{value}": staff, "POST /monitoring/saved-searches": staff,
            "GET /vulnerabilities/findings/{id}": staff, "GET /vulnerabilities/advisories/{id}": staff, "GET /vulnerabilities/assets/{id}": staff,
            "GET /vulnerabilities/import": writers, "POST /vulnerabilities/bulk": writers, "POST /vulnerabilities/findings/{id}": writers,
            "POST /vulnerabilities/inventory": writers, "POST /vulnerabilities/advisories": writers, "POST /vulnerabilities/vex": writers,
            "GET /incidents/{id}": staff, "GET /incidents/metrics": staff, "GET /incidents/playbooks": staff, "POST /incidents/views": staff,
            "POST /incidents/views/{id}/delete": staff,
            "GET /patching/jobs": staff, "GET /patching/jobs/{id}": staff, "GET /patching/windows": staff, "GET /patching/metrics": staff,
            "POST /patching/jobs": [.admin, .engineer], "POST /patching/jobs/{id}": [.admin, .engineer],
            "POST /patching/windows": [.admin, .engineer], "POST /patching/jobs/{id}/approve": [.admin, .manager],
            "GET /access/sources/{id}": staff, "GET /access/accounts": staff, "GET /access/accounts/{id}": staff, "GET /access/findings": staff,
            "POST /access/sources": [.admin, .manager], "POST /access/sources/{id}/import": [.admin, .manager],
            "POST /access/sources/{id}/directory": [.admin, .manager], "POST /access/sources/{id}/sync": [.admin, .manager],
            "POST /access/accounts/{id}/link": [.admin, .manager], "POST /access/findings/{id}": [.admin, .manager],
            "GET /access/reviews": staff, "GET /access/reviews/{id}": staff, "POST /access/reviews": [.admin, .manager],
            "POST /access/reviews/{id}/items/{item_id}": [.admin, .manager],
            "GET /reviews": everyone, "POST /reviews/{id}/items/{item_id}": everyone, "POST /reviews/{id}/decisions": everyone,
        ]
        let responders: Set<Role> = [.admin, .manager, .analyst]
        for route in [
            "POST /alerts/bulk", "POST /alerts/{id}", "POST /alerts/suppressions", "POST /alerts/suppressions/{id}/delete",
            "POST /detection/reload", "POST /detection/rules/{id}/toggle", "POST /detection/exclusions",
            "POST /detection/exclusions/{id}/delete", "POST /intel", "POST /intel/import", "POST /intel/{id}/delete",
            "GET /incidents/new", "POST /incidents", "POST /incidents/{id}", "POST /incidents/{id}/evidence",
        ] {
            table[route] = responders
        }
        for area in ["monitoring", "alerts", "incidents", "vulnerabilities", "patching", "access", "compliance", "reports"] {
            table["GET /\(area)"] = staff
        }
        for kind in ["assets", "people"] {
            table["GET /\(kind)"] = staff
            table["GET /\(kind)/{id}"] = staff
            for route in [
                "GET /\(kind)/new", "GET /\(kind)/import", "POST /\(kind)", "POST /\(kind)/import", "POST /\(kind)/{id}", "POST /\(kind)/{id}/delete",
            ] {
                table[route] = writers
            }
        }
        return table
    }()

    /// Routes open to anyone by design: sign-in steps, static files and the icon.
    static func isPublic(_ path: String) -> Bool {
        path.hasPrefix("/login") || path == "/logout" || path.hasPrefix("/static/") || path == "/favicon.ico"
    }

    static func pageRoutes(_ harness: Harness) -> [(method: HTTPRequest.Method, path: String)] {
        harness.router.routes.compactMap { route in
            let path =
                "/"
                + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            if MachinePaths.contains(path) || isPublic(path) { return nil }
            return (route.method, path)
        }
    }

    @Test func everyPageHasAnExpectation() async throws {
        try await Harness.with { harness in
            let routed = Set(Self.pageRoutes(harness).map { "\($0.method.rawValue) \($0.path)" })
            #expect(
                routed == Set(Self.expected.keys),
                "pages without an expectation: \(routed.subtracting(Self.expected.keys)); expectations without a page: \(Set(Self.expected.keys).subtracting(routed))"
            )
        }
    }

    @Test func everyRoleOnEveryPage() async throws {
        try await Harness.with { harness in
            var made: [Role: (cookie: String, csrf: String)] = [:]
            for role in Role.allCases {
                try await harness.user(role)
                let grant = try await harness.platform.foundation.auth.login(
                    username: role.rawValue, password: "correct horse battery", source: "test", userAgent: "test")
                made[role] = ("bulwark_session=\(grant.cookieSecret)", grant.session.csrfToken)
            }
            let sessions = made
            let routes = Self.pageRoutes(harness)
            try await harness.test { client in
                for route in routes {
                    let key = "\(route.method.rawValue) \(route.path)"
                    let uri = route.path.replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                        .replacingOccurrences(of: "{type}", with: "ip").replacingOccurrences(of: "{value}", with: "192.0.2.1")
                    try await client.execute(
                        uri: uri, method: route.method, headers: [.accept: "text/html", .contentType: "application/x-www-form-urlencoded"]
                    ) { response in
                        if route.method == .get {
                            #expect(
                                response.status == .seeOther && response.headers[.location]?.hasPrefix("/login") == true,
                                "\(key) anonymous → \(response.status.code)")
                        } else {
                            #expect(response.status == .unauthorized, "\(key) anonymous → \(response.status.code)")
                        }
                    }
                    for role in Role.allCases {
                        let session = sessions[role]!
                        try await client.execute(
                            uri: uri, method: route.method,
                            headers: [.accept: "text/html", .cookie: session.cookie, .contentType: "application/x-www-form-urlencoded"],
                            body: ByteBuffer(string: "_csrf=\(session.csrf)")
                        ) { response in
                            if Self.expected[key]?.contains(role) ?? false {
                                #expect(
                                    response.status != .forbidden && response.status != .unauthorized, "\(key) as \(role) → \(response.status.code)")
                                #expect(response.status.code < 500, "\(key) as \(role) → \(response.status.code)")
                            } else {
                                #expect(response.status == .forbidden, "\(key) as \(role) → \(response.status.code)")
                            }
                        }
                    }
                }
            }
        }
    }
}
