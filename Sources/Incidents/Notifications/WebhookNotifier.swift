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

/// Sends an HTTP POST; the adapter (URLSession in the app, a fake in tests) answers the status code.
public protocol WebhookTransport: Sendable {
    func post(url: String, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> Int
}

/// Posts new alerts to webhooks as JSON, signed with HMAC-SHA256 over the body (`X-Bulwark-Signature: sha256=<hex>`,
/// as GitHub does), retried with exponential back-off on errors and 5xx/429 answers. Per rule and webhook at most
/// one post per `throttle` interval: the alerts held back are counted and the next post says how many.
public actor WebhookNotifier {
    let webhooks: [WebhookSettings]
    let transport: any WebhookTransport
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

    public init(webhooks: [WebhookSettings], transport: any WebhookTransport, logger: Logger, throttle: TimeInterval = 300,
                attempts: Int = 5, baseDelay: Duration = .seconds(1), baseURL: String? = nil) {
        self.webhooks = webhooks
        self.transport = transport
        self.logger = logger
        self.throttle = throttle
        self.attempts = attempts
        self.baseDelay = baseDelay
        self.baseURL = baseURL
    }

    /// Schedules posts for the new alerts among `results` (grown alerts are not re-sent).
    public func notify(_ results: [(alert: Alert, created: Bool)], now: Date = Date()) {
        for (alert, created) in results where created {
            for webhook in webhooks where alert.severity >= webhook.minimumSeverity {
                let key = webhook.url + "|" + (alert.ruleID ?? alert.id)
                if let last = lastSent[key], now.timeIntervalSince(last) < throttle {
                    heldBack[key, default: 0] += 1
                    continue
                }
                lastSent[key] = now
                let suppressed = heldBack.removeValue(forKey: key) ?? 0
                let body = Self.payload(alert, suppressed: suppressed, baseURL: baseURL)
                let task = Task { await self.deliver(body, to: webhook) }
                inFlight.append(task)
            }
        }
        inFlight.removeAll { $0.isCancelled }
    }

    /// Waits for the posts under way (tests, shutdown).
    public func drain() async {
        let tasks = inFlight
        inFlight = []
        for task in tasks { await task.value }
    }

    private func deliver(_ body: Data, to webhook: WebhookSettings) async {
        var headers = ["Content-Type": "application/json", "User-Agent": "Bulwark", "X-Bulwark-Event": "alert.created",
                       "X-Bulwark-Delivery": Identifier.make()]
        if let secret = webhook.secret {
            headers["X-Bulwark-Signature"] = "sha256=" + Self.signature(body, secret: secret)
        }
        var delay = baseDelay
        for attempt in 1...attempts {
            do {
                let status = try await transport.post(url: webhook.url, body: body, headers: headers, timeout: 10)
                if (200..<300).contains(status) {
                    delivered += 1
                    return
                }
                // 4xx (but 408/429) will not improve by retrying.
                if (400..<500).contains(status), status != 408, status != 429 {
                    logger.warning("webhook refused the alert", metadata: ["url": "\(webhook.url)", "status": "\(status)"])
                    failed += 1
                    return
                }
                logger.warning("webhook answered an error; retrying", metadata: ["url": "\(webhook.url)", "status": "\(status)", "attempt": "\(attempt)"])
            } catch {
                logger.warning("webhook unreachable; retrying", metadata: ["url": "\(webhook.url)", "error": "\(error)", "attempt": "\(attempt)"])
            }
            if attempt < attempts {
                try? await Task.sleep(for: delay)
                delay = delay * 2
            }
        }
        failed += 1
        logger.error("webhook delivery gave up", metadata: ["url": "\(webhook.url)", "attempts": "\(attempts)"])
    }

    public static func signature(_ body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
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
