// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation
import Logging

/// A webhook: where new alerts are posted, the secret that signs them, and the lowest severity sent.
public struct WebhookSettings: Sendable, Hashable {
    public var url: String
    public var secret: String?
    public var minimumSeverity: Severity

    public init(url: String, secret: String?, minimumSeverity: Severity = .medium) {
        self.url = url
        self.secret = secret
        self.minimumSeverity = minimumSeverity
    }
}

/// Who gets new alerts by email, from which address, and the lowest severity sent.
public struct EmailSettings: Sendable, Hashable {
    public var recipients: [String]
    public var from: String
    public var minimumSeverity: Severity

    public init(recipients: [String], from: String, minimumSeverity: Severity = .high) {
        self.recipients = recipients
        self.from = from
        self.minimumSeverity = minimumSeverity
    }
}

/// Tells people of new alerts: webhooks get JSON signed with HMAC-SHA256 over the body
/// (`X-Bulwark-Signature: t=<unix>,v1=<hex>` over the time and the body, as Stripe does), email recipients a plain-text mail. Deliveries are retried
/// with exponential back-off on errors (and on 5xx/408/429 answers). Per rule and channel at most one notification per
/// `throttle` interval: the alerts held back are counted and the next notification says how many.
public actor WebhookNotifier {
    let webhooks: [WebhookSettings]
    let transport: any WebhookTransport
    let email: EmailSettings?
    let mail: (any MailTransport)?
    let logger: Logger
    let throttle: TimeInterval
    let attempts: Int
    let baseDelay: Duration
    let baseURL: String?
    private var lastSent: [String: Date] = [:]
    private var heldBack: [String: Int] = [:]
    private var inFlight: [Task<Void, Never>] = []
    public private(set) var delivered = 0
    public private(set) var failed = 0

    public init(
        webhooks: [WebhookSettings], transport: any WebhookTransport, email: EmailSettings? = nil, mail: (any MailTransport)? = nil,
        logger: Logger, throttle: TimeInterval = 300, attempts: Int = 5, baseDelay: Duration = .seconds(1), baseURL: String? = nil
    ) {
        self.webhooks = webhooks
        self.transport = transport
        self.email = email
        self.mail = mail
        self.logger = logger
        self.throttle = throttle
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.baseURL = baseURL
    }

    /// Schedules notifications for the new alerts among `results` (grown alerts are not re-sent).
    public func notify(_ results: [RaisedAlert], now: Date = Date()) {
        for raised in results where raised.created {
            let alert = raised.alert
            for webhook in webhooks where alert.severity >= webhook.minimumSeverity {
                guard let suppressed = admit(channel: webhook.url, alert, now: now) else { continue }
                let body = Self.payload(alert, suppressed: suppressed, baseURL: baseURL)
                inFlight.append(Task { await self.deliver(body, to: webhook) })
            }
            if let email, let mail, alert.severity >= email.minimumSeverity {
                guard let suppressed = admit(channel: "mailto:" + email.recipients.joined(separator: ","), alert, now: now) else { continue }
                let (subject, body) = Self.mail(alert, suppressed: suppressed, baseURL: baseURL)
                inFlight.append(
                    Task {
                        await self.count(
                            await Delivery.retrying(
                                "email to \(email.recipients.joined(separator: ", "))", attempts: self.attempts,
                                baseDelay: self.baseDelay, logger: self.logger
                            ) {
                                try await mail.send(from: email.from, to: email.recipients, subject: subject, body: body)
                                return true
                            })
                    })
            }
        }
        inFlight.removeAll { $0.isCancelled }
    }

    /// nil when the channel heard of this rule within the throttle interval; else the number held back since.
    private func admit(channel: String, _ alert: Alert, now: Date) -> Int? {
        let key = channel + "|" + (alert.ruleID ?? alert.id)
        if let last = lastSent[key], now.timeIntervalSince(last) < throttle {
            heldBack[key, default: 0] += 1
            return nil
        }
        lastSent[key] = now
        return heldBack.removeValue(forKey: key) ?? 0
    }

    /// Counts an outcome of ``Delivery``.
    private func count(_ outcome: Delivery.Outcome) {
        if outcome == .delivered { delivered += 1 } else { failed += 1 }
    }

    /// Waits for the posts under way (tests, shutdown).
    public func drain() async {
        let tasks = inFlight
        inFlight = []
        for task in tasks { await task.value }
    }

    private func deliver(_ body: Data, to webhook: WebhookSettings) async {
        count(
            await Delivery.post(
                body, event: "alert.created", to: webhook, transport: transport, attempts: attempts, baseDelay: baseDelay, logger: logger))
    }

    static func mail(_ alert: Alert, suppressed: Int, baseURL: String?) -> (subject: String, body: String) {
        let subject = "[Bulwark] \(alert.severity.rawValue.uppercased()): \(alert.title)\(alert.host.isEmpty ? "" : " on \(alert.host)")"
        var lines = [
            alert.title, "",
            "Severity: \(alert.severity.rawValue)", "Host: \(alert.host.isEmpty ? "-" : alert.host)",
            "User: \(alert.user.isEmpty ? "-" : alert.user)",
            "Rule: \(alert.ruleID ?? "-")", "ATT&CK: \(alert.tags.filter { $0.hasPrefix("attack.") }.joined(separator: ", "))",
            "First event: \(Timestamp.format(alert.firstEventAt))", "Raised: \(Timestamp.format(alert.createdAt))",
        ]
        for (key, value) in alert.context.sorted(by: { $0.key < $1.key }) { lines.append("\(key): \(value)") }
        if !alert.description.isEmpty { lines += ["", alert.description] }
        if suppressed > 0 { lines += ["", "\(suppressed) more alerts of this rule were not mailed since the last mail."] }
        if let baseURL { lines += ["", "\(baseURL)/alerts/\(alert.id)"] }
        return (subject, lines.joined(separator: "\n"))
    }

    /// Hex HMAC-SHA256 of `<timestamp>.<body>` with the webhook's secret.
    public static func signature(_ body: Data, secret: String, timestamp: Int) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The `X-Bulwark-Signature` value: `t=<timestamp>,v1=<signature>`.
    public static func signatureHeader(_ body: Data, secret: String, timestamp: Int) -> String {
        "t=\(timestamp),v1=" + signature(body, secret: secret, timestamp: timestamp)
    }

    static func payload(_ alert: Alert, suppressed: Int, baseURL: String?) -> Data {
        var object: [String: Any] = [
            "event": "alert.created",
            "alert": [
                "id": alert.id, "title": alert.title, "severity": alert.severity.rawValue, "source": alert.source.rawValue,
                "rule_id": alert.ruleID ?? NSNull(), "host": alert.host, "user": alert.user, "count": alert.count, "tags": alert.tags,
                "first_event_at": Timestamp.format(alert.firstEventAt), "created_at": Timestamp.format(alert.createdAt),
                "context": alert.context, "event_ids": alert.eventIDs,
            ] as [String: Any],
            "suppressed_since_last": suppressed,
        ]
        if let baseURL { object["url"] = "\(baseURL)/alerts/\(alert.id)" }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
