// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
import Incidents
import Logging
import BulwarkTesting
import Testing

@Suite struct WebhookNotifierTests {
    static func alert(rule: String = "rule-1", severity: Severity = .high) -> Alert {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        return Alert(
            title: "Suspicious thing", source: .sigma, ruleID: rule, severity: severity, tags: ["attack.t1059"], host: "pc-1",
            groupKey: "sigma|\(rule)|pc-1|", eventIDs: [7], firstEventAt: now, lastEventAt: now, createdAt: now)
    }

    static var logger: Logger { var logger = Logger(label: "test"); logger.logLevel = .critical; return logger }

    @Test func postsSignedJSONForNewAlertsAtOrAboveTheSeverity() async throws {
        let transport = RecordingWebhooks([])
        let notifier = WebhookNotifier(
            webhooks: [WebhookSettings(url: "http://hooks.test/a", secret: "s3cret", minimumSeverity: .medium)],
            transport: transport, logger: Self.logger, baseDelay: .milliseconds(1))
        await notifier.notify([
            RaisedAlert(Self.alert(), created: true), RaisedAlert(Self.alert(rule: "low", severity: .low), created: true),
            RaisedAlert(Self.alert(rule: "grown"), created: false),
        ])
        await notifier.drain()
        let requests = await transport.requests
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        // Stripe's scheme: the time is signed with the body, so a recorded delivery cannot be replayed later.
        let timestamp = try #require(request.headers["X-Bulwark-Timestamp"].flatMap { Int($0) })
        #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 60)
        let expected = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + request.body, using: SymmetricKey(data: Data("s3cret".utf8)))
            .map { String(format: "%02x", $0) }.joined()
        #expect(request.headers["X-Bulwark-Signature"] == "t=\(timestamp),v1=" + expected)
        #expect(WebhookNotifier.signature(request.body, secret: "s3cret", timestamp: timestamp + 1) != expected, "another time, another signature")
        let object = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        let alert = try #require(object["alert"] as? [String: Any])
        #expect(alert["rule_id"] as? String == "rule-1")
        #expect(alert["severity"] as? String == "high")
        #expect(object["event"] as? String == "alert.created")
    }

    @Test func retriesWithBackOffThenGivesUp() async throws {
        let transport = RecordingWebhooks([.failure(URLError(.cannotConnectToHost)), .success(503), .success(200)])
        let notifier = WebhookNotifier(
            webhooks: [WebhookSettings(url: "http://hooks.test/a", secret: nil)], transport: transport, logger: Self.logger,
            attempts: 5, baseDelay: .milliseconds(1))
        await notifier.notify([RaisedAlert(Self.alert(), created: true)])
        await notifier.drain()
        #expect(await transport.requests.count == 3)
        #expect(await notifier.delivered == 1)

        let failing = RecordingWebhooks(Array(repeating: .success(500), count: 10))
        let giving = WebhookNotifier(
            webhooks: [WebhookSettings(url: "http://hooks.test/b", secret: nil)], transport: failing, logger: Self.logger,
            attempts: 3, baseDelay: .milliseconds(1))
        await giving.notify([RaisedAlert(Self.alert(), created: true)])
        await giving.drain()
        #expect(await failing.requests.count == 3)
        #expect(await giving.failed == 1)

        // A 4xx other than 408/429 is not retried: the receiver refuses the payload.
        let refusing = RecordingWebhooks([.success(400)])
        let once = WebhookNotifier(
            webhooks: [WebhookSettings(url: "http://hooks.test/c", secret: nil)], transport: refusing, logger: Self.logger,
            baseDelay: .milliseconds(1))
        await once.notify([RaisedAlert(Self.alert(), created: true)])
        await once.drain()
        #expect(await refusing.requests.count == 1)
    }

    @Test func throttlesPerRuleAndCountsWhatItHeldBack() async throws {
        let transport = RecordingWebhooks([])
        let notifier = WebhookNotifier(
            webhooks: [WebhookSettings(url: "http://hooks.test/a", secret: nil)], transport: transport, logger: Self.logger,
            throttle: 300, baseDelay: .milliseconds(1))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        await notifier.notify([RaisedAlert(Self.alert(), created: true)], now: start)
        await notifier.notify([RaisedAlert(Self.alert(), created: true)], now: start.addingTimeInterval(10))
        await notifier.notify([RaisedAlert(Self.alert(), created: true)], now: start.addingTimeInterval(20))
        await notifier.notify([RaisedAlert(Self.alert(rule: "other"), created: true)], now: start.addingTimeInterval(30))
        await notifier.notify([RaisedAlert(Self.alert(), created: true)], now: start.addingTimeInterval(301))
        await notifier.drain()
        let requests = await transport.requests
        #expect(requests.count == 3)
        let last = try #require(requests.last.flatMap { try JSONSerialization.jsonObject(with: $0.body) as? [String: Any] })
        #expect(last["suppressed_since_last"] as? Int == 2)
    }
}

@Suite struct AlertModelTests {
    @Test func suppressionMatchesRuleHostAndUserUntilItExpires() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let signal = AlertSignal(title: "t", source: .sigma, ruleID: "r1", severity: .high, host: "PC-1", user: "bob", firstEventAt: now)
        let byRule = AlertSuppression(
            ruleID: "r1", host: nil, user: nil, reason: "noisy", expiresAt: now.addingTimeInterval(60), createdBy: "a", createdAt: now)
        #expect(byRule.applies(to: signal, at: now))
        #expect(!byRule.applies(to: signal, at: now.addingTimeInterval(61)))
        let byHost = AlertSuppression(ruleID: nil, host: "pc-1", user: nil, reason: "lab", expiresAt: nil, createdBy: "a", createdAt: now)
        #expect(byHost.applies(to: signal, at: now))
        let otherUser = AlertSuppression(ruleID: "r1", host: nil, user: "alice", reason: "x", expiresAt: nil, createdBy: "a", createdAt: now)
        #expect(!otherUser.applies(to: signal, at: now))
    }

    @Test func groupKeyIsRuleHostAndUserCaseInsensitive() {
        let now = Date()
        let a = AlertSignal(title: "t", source: .sigma, ruleID: "r1", severity: .high, host: "PC-1", user: "Bob", firstEventAt: now)
        let b = AlertSignal(title: "t", source: .sigma, ruleID: "r1", severity: .high, host: "pc-1", user: "bob", firstEventAt: now)
        let c = AlertSignal(title: "t", source: .sigma, ruleID: "r1", severity: .high, host: "pc-2", user: "bob", firstEventAt: now)
        #expect(a.groupKey == b.groupKey)
        #expect(a.groupKey != c.groupKey)
    }

    @Test func workflowTransitions() {
        #expect(AlertService.allowedTransitions(from: .new) == [.acknowledged, .closed])
        #expect(AlertService.allowedTransitions(from: .acknowledged) == [.closed])
        #expect(AlertService.allowedTransitions(from: .closed) == [.acknowledged])
    }
}

@Suite struct EmailNotificationTests {
    @Test func mailsHighAlertsWithTheirContextRetryingAndThrottling() async throws {
        let mail = RecordingMail(failures: 1)
        let notifier = WebhookNotifier(
            webhooks: [], transport: RecordingWebhooks([]),
            email: EmailSettings(recipients: ["soc@example.com"], from: "bulwark@example.com", minimumSeverity: .high),
            mail: mail, logger: WebhookNotifierTests.logger, baseDelay: .milliseconds(1), baseURL: "https://bulwark.example")
        var alert = WebhookNotifierTests.alert()
        alert.context = ["indicator": "203.0.113.66"]
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        await notifier.notify(
            [RaisedAlert(alert, created: true), RaisedAlert(WebhookNotifierTests.alert(rule: "quiet", severity: .medium), created: true)], now: start)
        await notifier.notify([RaisedAlert(alert, created: true)], now: start.addingTimeInterval(5))
        await notifier.drain()
        let sent = await mail.sent
        #expect(sent.count == 1, "medium is below the threshold; the second high alert of the rule is held back")
        let message = try #require(sent.first)
        #expect(message.to == ["soc@example.com"] && message.from == "bulwark@example.com")
        #expect(message.subject == "[Bulwark] HIGH: Suspicious thing on pc-1")
        #expect(message.body.contains("indicator: 203.0.113.66"))
        #expect(message.body.contains("https://bulwark.example/alerts/\(alert.id)"))
        #expect(await notifier.delivered == 1)
    }
}
