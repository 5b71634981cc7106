// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import BulwarkTesting
import Testing
import Web

@Suite struct OperationsTests {
    @Test func probesAndSecurityHeaders() async throws {
        try await Harness.with { harness in
            try await harness.test { client in
                try await client.execute(uri: "/healthz", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["status"] as? String == "ok")
                    #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                    #expect((response.headers[HTTPField.Name("X-Request-ID")!] ?? "").count >= 16)
                }
                try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/healthz", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "trace-42"]) { response in
                    #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "trace-42")
                }
                try await client.execute(uri: "/healthz", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "<script>"]) { response in
                    #expect(response.headers[HTTPField.Name("X-Request-ID")!] != "<script>")
                }
                // Errors carry the same headers.
                try await client.execute(uri: "/api/v1/assets", method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.contentSecurityPolicy] != nil)
                    #expect(response.headers[.wwwAuthenticate] != nil)
                }
            }
        }
    }

    @Test func readinessFailsWhenTheDatabaseIsClosed() async throws {
        try await Harness.with { harness in
            await harness.platform.foundation.database.close()
            try await harness.test { client in
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                }
            }
        }
    }

    @Test func metricsNeedCredentialsAndCountRequests() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.analyst)
            try await harness.test { client in
                try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
                try await client.execute(uri: "/api/v1/assets", method: .get, headers: .bearer(token)) { #expect($0.status == .ok) }
                try await client.execute(uri: "/metrics", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                    #expect(response.text.contains(#"bulwark_http_requests_total{method="GET",route="/api/v1/assets",status="200"} 1"#))
                    #expect(response.text.contains("bulwark_http_request_duration_seconds_bucket"))
                }
            }
        }
        try await Harness.with(publicMetrics: true) { harness in
            try await harness.test { client in
                try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            }
        }
    }

    /// The OpenAPI document lists exactly the API routes the router has, with their methods.
    @Test func openAPIDocumentMatchesTheRouter() async throws {
        try await Harness.with { harness in
            let data = try await harness.test { client in
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    #expect(response.status == .ok)
                    return Data(buffer: response.body)
                }
            }
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, methods) in paths { for method in methods.keys { documented.insert("\(method.uppercased()) \(path)") } }
            let routed = Set(
                harness.router.routes.compactMap { route -> String? in
                    let path = route.path.description.split(separator: "/").map { segment in
                        segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
                    }.joined(separator: "/")
                    let full = "/" + path
                    guard MachinePaths.contains(full) else { return nil }
                    return "\(route.method.rawValue) \(full)"
                })
            #expect(!routed.isEmpty)
            #expect(documented.isSubset(of: routed), "not routed: \(documented.subtracting(routed))")
            // The other methods of a documented path answer 405 with the methods it takes, not 404.
            let token = try await harness.token(.admin, username: "method-prober")
            let extra = routed.subtracting(documented)
            #expect(!extra.isEmpty)
            try await harness.test { client in
                for entry in extra {
                    let parts = entry.split(separator: " ", maxSplits: 1)
                    let uri = parts[1].split(separator: "/").map { $0.hasPrefix("{") ? "00000000-0000-4000-8000-000000000000" : String($0) }.joined(
                        separator: "/")
                    try await client.execute(uri: "/" + uri, method: HTTPRequest.Method(String(parts[0]))!, headers: .bearer(token)) { response in
                        #expect(response.status == .methodNotAllowed, "\(entry)")
                        #expect(response.headers[.allow]?.isEmpty == false, "\(entry)")
                    }
                }
            }
            // Every operation that needs a permission says which, and every $ref resolves.
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let text = String(decoding: try JSONSerialization.data(withJSONObject: document, options: [.withoutEscapingSlashes]), as: UTF8.self)
            #expect(text.contains("#/components/schemas/Error"), "the refs are searched in the text as written")
            let refs = text.components(separatedBy: "#/components/schemas/").dropFirst().map { $0.prefix { $0.isLetter || $0.isNumber } }
            for ref in refs { #expect(schemas[String(ref)] != nil, "unresolved $ref \(ref)") }
            for (path, methods) in paths where path.hasPrefix("/api/v1/") && path != "/api/v1/openapi.json" {
                for (method, entry) in methods {
                    #expect((entry as? [String: Any])?["x-bulwark-permission"] != nil, "\(method) \(path) names no permission")
                }
            }
        }
    }
}
