// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import BulwarkTesting
import Testing
@testable import Web

/// Regressions of the holes a security probe found: each test is the exploit, bounded, and fails without the fix.
@Suite struct HardeningTests {
    /// A signed-in browser; returns its cookie jar and the session's CSRF token.
    static func browser(_ client: some TestClientProtocol, username: String) async throws -> (LoginFlowTests.Jar, String) {
        let jar = LoginFlowTests.Jar()
        _ = try await LoginFlowTests.signIn(client, jar: jar, username: username, password: "correct horse battery")
        let page = try await client.execute(uri: "/assets/new", method: .get, headers: jar.header) { $0.text }
        return (jar, try #require(LoginFlowTests.hidden("_csrf", in: page)))
    }

    @Test func apiChangesFromABrowserNeedTheCSRFHeaderWhateverThePathSpelling() async throws {
        try await Harness.with { harness in
            try await harness.user(.admin, username: "root")
            try await harness.test { client in
                let (jar, csrf) = try await Self.browser(client, username: "root")
                let body = #"{"username":"intruder","role":"admin","password":"correct horse battery staple"}"#
                // The probe's exploit: a double slash, a text/plain body (a form a page on another port can send).
                for path in ["//api/v1/users", "/api//v1/users", "///api/v1//users", "/api/v1/users/"] {
                    try await client.execute(
                        uri: path, method: .post, headers: jar.header.merging([.contentType: "text/plain"]),
                        body: ByteBuffer(string: body)
                    ) { response in
                        #expect(response.status == .forbidden, "\(path)")
                        #expect(response.errorCode == "csrf", "\(path)")
                    }
                }
                // With the header but a text/plain body: refused as not JSON.
                try await client.execute(
                    uri: "//api/v1/users", method: .post,
                    headers: jar.header.merging([.contentType: "text/plain", HTTPField.Name("X-CSRF-Token")!: csrf]),
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .unsupportedMediaType)
                    #expect(response.errorCode == "unsupported_media_type")
                }
            }
            #expect(try await harness.platform.foundation.auth.findUser(username: "intruder") == nil)
        }
    }

    @Test func jsonOperationsRefuseFormAndTextBodiesFromTokensToo() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.admin, username: "root")
            try await harness.test { client in
                for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"] {
                    try await client.execute(
                        uri: "/api/v1/assets", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: type],
                        body: ByteBuffer(string: #"{"name":"sneaky"}"#)
                    ) { response in
                        #expect(response.status == .unsupportedMediaType, "\(type)")
                    }
                }
                try await client.execute(
                    uri: "/api/v1/assets", method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "application/json; charset=utf-8"],
                    body: ByteBuffer(string: #"{"name":"plain-json"}"#)
                ) { response in
                    #expect(response.status == .created)
                }
            }
            #expect(try await harness.platform.foundation.inventory.findAsset(name: "sneaky") == nil)
        }
    }
}

/// Where the sign-in sends a browser next: only a path on this site.
@Suite struct OpenRedirectTests {
    @Test(arguments: [
        "/\t/evil.test/", "/\n/evil.test", "/\r//evil.test", "//evil.test", "/\\evil.test", "/\\/evil.test", "https://evil.test",
        "/ /evil.test", "/\u{00A0}/evil.test", "/\u{200B}/evil.test", "/x\u{202E}", "evil.test", "", "/\u{7F}/evil.test",
    ])
    func refused(_ next: String) {
        #expect(LoginPages.safeNext(next) == "/", "\(next.debugDescription)")
    }

    @Test(arguments: ["/", "/alerts", "/incidents/abc?tab=tasks#timeline", "/events?q=host.name%3Aweb-01", "/a/%2F%2Fb"])
    func kept(_ next: String) {
        #expect(LoginPages.safeNext(next) == next)
    }

    @Test func theProbesURLRedirectsHome() async throws {
        try await Harness.with { harness in
            try await harness.user(.analyst, username: "ana")
            try await harness.test { client in
                let jar = LoginFlowTests.Jar()
                _ = try await LoginFlowTests.signIn(client, jar: jar, username: "ana", password: "correct horse battery")
                try await client.execute(uri: "/login?next=/%09/evil.test/x", method: .get, headers: jar.header) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/")
                }
            }
        }
    }
}

/// Ingest amplification: a small compressed body must not become millions of events. Bounds are counts (events
/// accepted, events decoded), not timings.
@Suite struct IngestAmplificationTests {
    static func ingestToken(_ harness: Harness) async throws -> String {
        let user = try await harness.user(.engineer)
        return try await harness.platform.foundation.auth.createToken(
            username: user.username, name: "shipper", scopes: [.ingest], expiresInDays: 1, by: .system
        ).secret
    }

    @Test func aGzipBombOfEventsIsRefusedBeforeItIsDecoded() async throws {
        try await Harness.with { harness in
            let token = try await Self.ingestToken(harness)
            let lines = 4_200_000
            // The probe's body: 4.2 million `{}` lines, about 12.6 MB inflated, a few KB sent.
            let ndjson = try DecoderFixtures.gzip(Array(String(repeating: "{}\n", count: lines).utf8))
            let array = try DecoderFixtures.gzip(Array(("[" + String(repeating: "{},", count: lines) + "{}]").utf8))
            let bulk = try DecoderFixtures.gzip(Array(String(repeating: "{\"index\":{}}\n{}\n", count: lines / 2).utf8))
            let hec = try DecoderFixtures.gzip(Array(String(repeating: #"{"event":"x"}"#, count: lines).utf8))
            let raw = try DecoderFixtures.gzip(Array(String(repeating: "x\n", count: lines).utf8))
            #expect(ndjson.count < 60_000, "the attack is small: \(ndjson.count) bytes")
            try await harness.test { client in
                for (path, body) in [
                    ("/api/v1/ingest", ndjson), ("/api/v1/ingest", array), ("/_bulk", bulk), ("/services/collector/event", hec),
                    ("/services/collector/raw", raw),
                ] {
                    try await client.execute(
                        uri: path, method: .post, headers: [.authorization: "Bearer \(token)", .contentEncoding: "gzip"],
                        body: ByteBuffer(bytes: body)
                    ) { response in
                        #expect(response.status == .contentTooLarge, "\(path)")
                        #expect(response.text.contains("at most 50000"), "\(path): \(response.text.prefix(200))")
                    }
                }
            }
            #expect(try await harness.platform.monitoring.events.count() == 0)
        }
    }

    @Test func theEventBoundIsExactAndAppliesToEveryEndpoint() async throws {
        try await Harness.with(maximumEventsPerRequest: 10) { harness in
            let token = try await Self.ingestToken(harness)
            try await harness.test { client in
                let ten = String(repeating: "{\"message\":\"a\"}\n", count: 10)
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: ten + "\n\n")) {
                    response in
                    #expect(response.status == .ok)
                    #expect(response.json["accepted"] as? Int == 10)
                }
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: ten + "{}")) {
                    response in
                    #expect(response.status == .contentTooLarge)
                    #expect(response.errorCode == "too_many_events")
                }
                let array = "[" + Array(repeating: #"{"m":"[,]"}"#, count: 11).joined(separator: ",") + "]"
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: .bearer(token), body: ByteBuffer(string: array)) { response in
                    #expect(response.status == .contentTooLarge, "brackets and commas inside strings do not hide elements")
                }
                try await client.execute(
                    uri: "/services/collector/event", method: .post, headers: .bearer(token),
                    body: ByteBuffer(string: String(repeating: #"{"event":"}{"}"#, count: 11))
                ) { response in
                    #expect(response.status == .contentTooLarge)
                }
            }
            #expect(try await harness.platform.monitoring.events.count() == 10)
        }
    }
}

/// A token cannot mint a wider or longer-lived one, and tokens end with their user's access.
@Suite struct TokenEscalationTests {
    @Test func aShortWriteTokenCannotMintALongerOneAndItsChildrenDieWithIt() async throws {
        try await Harness.with { harness in
            let user = try await harness.user(.analyst, username: "ana")
            let parent = try await harness.platform.foundation.auth.createToken(
                username: user.username, name: "ci", scopes: [.write, .read], expiresInDays: 1, by: .system)
            try await harness.test { client in
                // The probe: a 1-day write token asking for 366 days.
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: .json(parent.secret),
                    body: ByteBuffer(json: ["name": "long", "scopes": ["write"], "expires_in_days": 366])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("expires_in_days"))
                }
                try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: .json(parent.secret),
                    body: ByteBuffer(json: ["name": "wider", "scopes": ["ingest"]])
                ) { response in
                    #expect(response.status == .forbidden)
                }
                let child = try await client.execute(
                    uri: "/api/v1/tokens", method: .post, headers: .json(parent.secret),
                    body: ByteBuffer(json: ["name": "child", "scopes": ["read"]])
                ) { response in
                    #expect(response.status == .created)
                    return response.json["secret"] as? String ?? ""
                }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(child)) { #expect($0.status == .ok) }
                let tokens = try await harness.platform.foundation.auth.listTokens(userID: user.id)
                let made = try #require(tokens.first { $0.name == "child" })
                // (Times are stored to the millisecond.)
                #expect(made.expiresAt!.timeIntervalSince(parent.token.expiresAt!) <= 0.001, "no longer than its parent")
                #expect(made.parentID == parent.token.id)
                _ = try await harness.platform.foundation.auth.revokeToken(id: parent.token.id, ownerID: nil, by: .system)
                try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(child)) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test func disablingAUserEndsItsTokensForGood() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.engineer, username: "eng")
            let user = try #require(try await harness.platform.foundation.auth.findUser(username: "eng"))
            _ = try await harness.platform.foundation.auth.updateUser(
                id: user.id, role: nil, displayName: nil, email: nil, disabled: true, by: .system)
            _ = try await harness.platform.foundation.auth.updateUser(
                id: user.id, role: nil, displayName: nil, email: nil, disabled: false, by: .system)
            try await harness.test { client in
                try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(token)) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test func requireAdminMFACoversAdminTokens() async throws {
        try await Harness.with(requireAdminMFA: true) { harness in
            let admin = try await harness.token(.admin, username: "root")
            let analyst = try await harness.token(.analyst, username: "ana")
            try await harness.test { client in
                try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(admin)) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.text.contains("two-factor"))
                }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: .bearer(analyst)) { #expect($0.status == .ok) }
            }
        }
    }
}

/// X-Forwarded-For is believed only from a trusted proxy, and then names the client, not a proxy of the chain.
@Suite struct ForwardedForTests {
    @Test func onlyATrustedProxyNamesTheClient() {
        let trusted: Set<String> = ["127.0.0.1", "10.0.0.2"]
        #expect(ForwardedForMiddleware.client(peer: "127.0.0.1", forwarded: ["203.0.113.9"], trusted: trusted) == "203.0.113.9")
        #expect(ForwardedForMiddleware.client(peer: "198.51.100.7", forwarded: ["203.0.113.9"], trusted: trusted) == nil, "not from a proxy")
        #expect(
            ForwardedForMiddleware.client(peer: "127.0.0.1", forwarded: ["1.2.3.4, 203.0.113.9, 10.0.0.2"], trusted: trusted) == "203.0.113.9",
            "the rightmost address no trusted proxy wrote: what the client put first is its own claim")
        #expect(ForwardedForMiddleware.client(peer: "127.0.0.1", forwarded: ["not-an-address"], trusted: trusted) == nil)
        #expect(ForwardedForMiddleware.client(peer: "127.0.0.1", forwarded: [], trusted: trusted) == nil)
    }
}
