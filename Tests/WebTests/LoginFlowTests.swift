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

/// The browser sign-in: login CSRF, cookie flags, lockout, TOTP, timeouts, sign-out.
@Suite struct LoginFlowTests {
    /// Cookies a browser would keep, from Set-Cookie headers.
    final class Jar: @unchecked Sendable {
        var cookies: [String: String] = [:]
        func take(_ response: TestResponse) {
            for value in response.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                if value.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
            }
        }
        var header: HTTPFields {
            cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
        }
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&"))
    }

    static func formHeaders(_ jar: Jar) -> HTTPFields {
        var headers = jar.header
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[.accept] = "text/html"
        return headers
    }

    /// Signs in through the form; returns the response to the POST.
    static func signIn(_ client: some TestClientProtocol, jar: Jar, username: String, password: String) async throws -> TestResponse {
        let page = try await client.execute(uri: "/login", method: .get, headers: [.accept: "text/html"]) { response in
            jar.take(response)
            return response.text
        }
        let token = try #require(hidden("_login", in: page))
        return try await client.execute(
            uri: "/login", method: .post, headers: formHeaders(jar),
            body: form(["_login": token, "username": username, "password": password, "next": "/"])
        ) { response in
            jar.take(response)
            return response
        }
    }

    @Test func signInSetsAStrictHttpOnlyCookieAndOpensTheDashboard() async throws {
        try await Harness.with { harness in
            try await harness.user(.analyst, username: "ana")
            try await harness.test { client in
                let jar = Jar()
                let response = try await Self.signIn(client, jar: jar, username: "ana", password: "correct horse battery")
                #expect(response.status == .seeOther)
                let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("bulwark_session=") } ?? ""
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Strict"))
                try await client.execute(uri: "/", method: .get, headers: jar.header) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("Dashboard"))
                    #expect(response.text.contains(">Monitoring<"))
                    #expect(!response.text.contains("/admin/users"), "an analyst does not see the admin area")
                }
                try await client.execute(uri: "/awareness", method: .get, headers: jar.header) { response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("not built yet"))
                }
                try await client.execute(uri: "/admin/users", method: .get, headers: jar.header.merging([.accept: "text/html"])) { response in
                    #expect(response.status == .forbidden)
                }
            }
            let login = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "auth.login"), page: PageRequest()).items.first
            #expect(login?.actor == "ana")
            #expect(login?.outcome == .success)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await Harness.with { harness in
            try await harness.user(.admin, username: "root")
            try await harness.test { client in
                let jar = Jar()
                // A login form posted from elsewhere has no matching cookie.
                try await client.execute(
                    uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
                    body: Self.form(["_login": "forged", "username": "root", "password": "correct horse battery"])
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.setCookie] == nil || !(response.headers[.setCookie]!.contains("bulwark_session=")))
                }
                _ = try await Self.signIn(client, jar: jar, username: "root", password: "correct horse battery")
                try await client.execute(uri: "/assets", method: .post, headers: Self.formHeaders(jar), body: Self.form(["name": "evil"])) {
                    response in
                    #expect(response.status == .forbidden)
                }
                let page = try await client.execute(uri: "/assets/new", method: .get, headers: jar.header) { $0.text }
                let csrf = try #require(Self.hidden("_csrf", in: page))
                try await client.execute(
                    uri: "/assets", method: .post, headers: Self.formHeaders(jar),
                    body: Self.form(["_csrf": csrf, "name": "good-01", "criticality": "high", "environment": "production"])
                ) { response in
                    #expect(response.status == .seeOther)
                }
                // The JSON API with a session cookie needs the header.
                try await client.execute(
                    uri: "/api/v1/assets", method: .post, headers: jar.header.merging([.contentType: "application/json"]),
                    body: ByteBuffer(json: ["name": "via-api"])
                ) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.errorCode == "csrf")
                }
                try await client.execute(
                    uri: "/api/v1/assets", method: .post,
                    headers: jar.header.merging([.contentType: "application/json", HTTPField.Name("X-CSRF-Token")!: csrf]),
                    body: ByteBuffer(json: ["name": "via-api"])
                ) { response in
                    #expect(response.status == .created)
                }
            }
            #expect(try await harness.platform.foundation.inventory.findAsset(name: "good-01")?.criticality == .high)
            #expect(try await harness.platform.foundation.inventory.findAsset(name: "evil") == nil)
        }
    }

    @Test func repeatedFailuresLockTheAccountAndTheLockIsAudited() async throws {
        try await Harness.with { harness in
            try await harness.user(.manager, username: "mo")
            try await harness.test { client in
                for _ in 0..<5 {
                    let response = try await Self.signIn(client, jar: Jar(), username: "mo", password: "wrong password!")
                    #expect(response.status == .unauthorized)
                }
                let locked = try await Self.signIn(client, jar: Jar(), username: "mo", password: "correct horse battery")
                #expect(locked.status == .tooManyRequests)
                #expect(locked.headers[.retryAfter] != nil)
                harness.clock.advance(by: 16 * 60)
                let after = try await Self.signIn(client, jar: Jar(), username: "mo", password: "correct horse battery")
                #expect(after.status == .seeOther)
            }
            let lockouts = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "auth.lockout"), page: PageRequest()).items
            #expect(lockouts.count == 1)
            #expect(lockouts.first?.target == "user:mo")
            let failures = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "auth.login"), page: PageRequest(limit: 100))
                .items.filter { $0.outcome == .failure }
            #expect(failures.count == 6)
        }
    }

    @Test func totpIsAskedAfterThePasswordAndCodesCannotBeReplayed() async throws {
        try await Harness.with { harness in
            let user = try await harness.user(.admin, username: "totp")
            let secret = Base32.encode(Array("12345678901234567890".utf8))
            let code = TOTP(secret: Array("12345678901234567890".utf8)).code(at: harness.clock.now())
            try await harness.platform.foundation.auth.enableMFA(userID: user.id, secret: secret, code: code, by: .system)
            harness.clock.advance(by: 30)
            try await harness.test { client in
                let jar = Jar()
                let response = try await Self.signIn(client, jar: jar, username: "totp", password: "correct horse battery")
                #expect(response.headers[.location]?.hasPrefix("/login/mfa") == true)
                try await client.execute(uri: "/", method: .get, headers: jar.header.merging([.accept: "text/html"])) { response in
                    #expect(response.status == .seeOther, "no access before the code")
                }
                let page = try await client.execute(uri: "/login/mfa", method: .get, headers: jar.header) { $0.text }
                let csrf = try #require(Self.hidden("_csrf", in: page))
                let pendingCookie = jar.cookies["bulwark_session"]
                try await client.execute(
                    uri: "/login/mfa", method: .post, headers: Self.formHeaders(jar), body: Self.form(["_csrf": csrf, "code": "000000"])
                ) { response in
                    #expect(response.status == .unauthorized)
                }
                let good = TOTP(secret: Array("12345678901234567890".utf8)).code(at: harness.clock.now())
                try await client.execute(
                    uri: "/login/mfa", method: .post, headers: Self.formHeaders(jar),
                    body: Self.form(["_csrf": csrf, "code": good, "next": "/assets"])
                ) { response in
                    jar.take(response)
                    #expect(response.status == .seeOther)
                    #expect(response.headers[.location] == "/assets")
                }
                #expect(jar.cookies["bulwark_session"] != pendingCookie, "the session id changes once MFA is passed")
                try await client.execute(uri: "/", method: .get, headers: jar.header) { #expect($0.status == .ok) }
                // The same code again, in a new sign-in, is refused.
                let jar2 = Jar()
                _ = try await Self.signIn(client, jar: jar2, username: "totp", password: "correct horse battery")
                let page2 = try await client.execute(uri: "/login/mfa", method: .get, headers: jar2.header) { $0.text }
                try await client.execute(
                    uri: "/login/mfa", method: .post, headers: Self.formHeaders(jar2),
                    body: Self.form(["_csrf": Self.hidden("_csrf", in: page2) ?? "", "code": good])
                ) { response in
                    #expect(response.status == .unauthorized)
                }
            }
        }
    }

    @Test func adminsMustEnrolWhenPolicyRequiresMFA() async throws {
        try await Harness.with(requireAdminMFA: true) { harness in
            try await harness.user(.admin, username: "boss")
            try await harness.test { client in
                let jar = Jar()
                let response = try await Self.signIn(client, jar: jar, username: "boss", password: "correct horse battery")
                #expect(response.headers[.location] == "/login/mfa-setup")
                try await client.execute(uri: "/api/v1/me", method: .get, headers: jar.header) { #expect($0.status == .unauthorized) }
                let page = try await client.execute(uri: "/login/mfa-setup", method: .get, headers: jar.header) { $0.text }
                let secret = try #require(Self.hidden("secret", in: page))
                let csrf = try #require(Self.hidden("_csrf", in: page))
                let code = TOTP(secret: Base32.decode(secret)!).code(at: harness.clock.now())
                try await client.execute(
                    uri: "/login/mfa-setup", method: .post, headers: Self.formHeaders(jar),
                    body: Self.form(["_csrf": csrf, "secret": secret, "code": code])
                ) { response in
                    jar.take(response)
                    // The recovery codes are shown once, with the signed-in session already set.
                    #expect(response.status == .ok)
                    #expect(response.text.components(separatedBy: "<li><code>").count == 11)
                }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: jar.header) { response in
                    #expect(response.status == .ok)
                    #expect((response.json["user"] as? [String: Any])?["mfa_enabled"] as? Bool == true)
                }
            }
        }
    }

    @Test func sessionsEndWhenIdleOrTooOldAndOnSignOut() async throws {
        try await Harness.with { harness in
            try await harness.user(.auditor, username: "aud")
            try await harness.test { client in
                let jar = Jar()
                _ = try await Self.signIn(client, jar: jar, username: "aud", password: "correct horse battery")
                harness.clock.advance(by: 29 * 60)
                try await client.execute(uri: "/api/v1/me", method: .get, headers: jar.header) { #expect($0.status == .ok) }
                harness.clock.advance(by: 31 * 60)
                try await client.execute(uri: "/api/v1/me", method: .get, headers: jar.header) { #expect($0.status == .unauthorized) }

                let jar2 = Jar()
                _ = try await Self.signIn(client, jar: jar2, username: "aud", password: "correct horse battery")
                for _ in 0..<25 {  // active all along, but past the 12-hour absolute limit
                    harness.clock.advance(by: 29 * 60)
                    _ = try await client.execute(uri: "/api/v1/me", method: .get, headers: jar2.header) { $0.status }
                }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: jar2.header) { #expect($0.status == .unauthorized) }

                let jar3 = Jar()
                _ = try await Self.signIn(client, jar: jar3, username: "aud", password: "correct horse battery")
                let page = try await client.execute(uri: "/account", method: .get, headers: jar3.header) { $0.text }
                let csrf = try #require(Self.hidden("_csrf", in: page))
                let saved = jar3.header
                try await client.execute(uri: "/logout", method: .post, headers: Self.formHeaders(jar3), body: Self.form(["_csrf": csrf])) {
                    response in
                    #expect(response.status == .seeOther)
                }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: saved) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test func passwordChangeEndsOtherSessions() async throws {
        try await Harness.with { harness in
            try await harness.user(.engineer, username: "eng")
            try await harness.test { client in
                let first = Jar(), second = Jar()
                _ = try await Self.signIn(client, jar: first, username: "eng", password: "correct horse battery")
                _ = try await Self.signIn(client, jar: second, username: "eng", password: "correct horse battery")
                let page = try await client.execute(uri: "/account", method: .get, headers: first.header) { $0.text }
                let csrf = try #require(Self.hidden("_csrf", in: page))
                try await client.execute(
                    uri: "/account/password", method: .post, headers: Self.formHeaders(first),
                    body: Self.form([
                        "_csrf": csrf, "current_password": "correct horse battery",
                        "new_password": "a much longer secret 7", "confirm_password": "a much longer secret 7",
                    ])
                ) { response in
                    #expect(response.status == .seeOther)
                }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: first.header) { #expect($0.status == .ok) }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: second.header) { #expect($0.status == .unauthorized) }
                let old = try await Self.signIn(client, jar: Jar(), username: "eng", password: "correct horse battery")
                #expect(old.status == .unauthorized)
                let new = try await Self.signIn(client, jar: Jar(), username: "eng", password: "a much longer secret 7")
                #expect(new.status == .seeOther)
            }
        }
    }

    @Test func aUserSeesTheirSessionsAndEndsAnother() async throws {
        try await Harness.with { harness in
            try await harness.user(.employee, username: "emp")
            try await harness.test { client in
                let laptop = Jar(), phone = Jar()
                _ = try await Self.signIn(client, jar: laptop, username: "emp", password: "correct horse battery")
                _ = try await Self.signIn(client, jar: phone, username: "emp", password: "correct horse battery")
                let page = try await client.execute(uri: "/account", method: .get, headers: laptop.header) { $0.text }
                #expect(page.contains("this browser"))
                let ends = page.components(separatedBy: "action=\"/account/sessions/").dropFirst().map { $0.prefix { $0 != "/" } }
                #expect(ends.count == 1, "one other session to end")
                let csrf = try #require(Self.hidden("_csrf", in: page))
                try await client.execute(
                    uri: "/account/sessions/\(ends[0])/end", method: .post, headers: Self.formHeaders(laptop),
                    body: Self.form(["_csrf": csrf])
                ) { #expect($0.status == .seeOther) }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: phone.header) { #expect($0.status == .unauthorized) }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: laptop.header) { #expect($0.status == .ok) }
                // The same through the API, for a third session.
                let tablet = Jar()
                _ = try await Self.signIn(client, jar: tablet, username: "emp", password: "correct horse battery")
                let listed = try await client.execute(uri: "/api/v1/me/sessions", method: .get, headers: laptop.header) { response in
                    ((response.json["sessions"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0["current"] as? Bool ?? false) }
                }
                #expect(listed.count == 2)
                #expect(listed.filter(\.1).count == 1)
                let other = try #require(listed.first { !$0.1 }?.0)
                try await client.execute(
                    uri: "/api/v1/me/sessions/\(other)", method: .delete,
                    headers: laptop.header.merging([HTTPField.Name("X-CSRF-Token")!: csrf])
                ) { #expect($0.status == .noContent) }
                try await client.execute(uri: "/api/v1/me", method: .get, headers: tablet.header) { #expect($0.status == .unauthorized) }
            }
            #expect(
                try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "auth.session.end"), page: PageRequest()).items.count == 2)
        }
    }

    @Test func anAdminCreatesATokenForAnotherUserInTheUI() async throws {
        try await Harness.with { harness in
            try await harness.user(.admin, username: "root")
            try await harness.user(.engineer, username: "shipper")
            try await harness.test { client in
                let jar = Jar()
                _ = try await Self.signIn(client, jar: jar, username: "root", password: "correct horse battery")
                let page = try await client.execute(uri: "/admin/tokens", method: .get, headers: jar.header) { $0.text }
                let csrf = try #require(Self.hidden("_csrf", in: page))
                let created = try await client.execute(
                    uri: "/admin/tokens", method: .post, headers: Self.formHeaders(jar),
                    body: Self.form([
                        "_csrf": csrf, "username": "shipper", "name": "vector", "scope": "ingest",
                        "expires_in_days": "30",
                    ])
                ) { $0.text }
                let secret = try #require(created.range(of: "id=\"new-token\">").map { String(created[$0.upperBound...].prefix { $0 != "<" }) })
                let principal = try #require(try await harness.platform.foundation.auth.authenticate(token: secret))
                #expect(principal.username == "shipper")
                #expect(principal.permissions == [.eventsIngest])
            }
        }
    }

    @Test func nextParameterCannotRedirectOffSite() async throws {
        try await Harness.with { harness in
            try await harness.user(.analyst, username: "x1")
            try await harness.test { client in
                let jar = Jar()
                let page = try await client.execute(uri: "/login", method: .get) { response in
                    jar.take(response)
                    return response.text
                }
                try await client.execute(
                    uri: "/login", method: .post, headers: Self.formHeaders(jar),
                    body: Self.form([
                        "_login": Self.hidden("_login", in: page)!, "username": "x1",
                        "password": "correct horse battery", "next": "//evil.example/",
                    ])
                ) { response in
                    #expect(response.headers[.location] == "/")
                }
            }
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var result = self
        for field in other { result[field.name] = field.value }
        return result
    }
}
