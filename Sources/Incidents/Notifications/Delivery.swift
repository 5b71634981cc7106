// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// How Bulwark delivers a notification, for alerts and cases alike: attempts with exponential back-off, and a
/// webhook POST whose 4xx answers (but 408 and 429) are final, signed as Stripe signs its webhooks:
/// `X-Bulwark-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The time is inside the signature, so a
/// receiver that refuses a `t` more than a few minutes old cannot be fed a recorded delivery again. Each attempt is
/// signed anew.
enum Delivery {
    enum Outcome: Equatable {
        case delivered, refused, gaveUp
    }

    struct RetryableStatus: Error, CustomStringConvertible {
        var status: Int
        var description: String { "HTTP \(status)" }
    }

    /// Runs `attempt` until it succeeds (true), refuses for good (false) or has failed `attempts` times.
    static func retrying(_ what: String, attempts: Int, baseDelay: Duration, logger: Logger, _ attempt: () async throws -> Bool) async -> Outcome {
        var delay = baseDelay
        for number in 1...attempts {
            do {
                return try await attempt() ? .delivered : .refused
            } catch {
                logger.warning("notification failed; retrying", metadata: ["to": "\(what)", "error": "\(error)", "attempt": "\(number)"])
            }
            if number < attempts {
                try? await Task.sleep(for: delay)
                delay = delay * 2
            }
        }
        logger.error("notification gave up", metadata: ["to": "\(what)", "attempts": "\(attempts)"])
        return .gaveUp
    }

    /// POSTs a JSON body to a webhook as event `event`, signed when the webhook has a secret.
    static func post(
        _ body: Data, event: String, to webhook: WebhookSettings, transport: any WebhookTransport, attempts: Int, baseDelay: Duration,
        logger: Logger, now: @Sendable () -> Date = { Date() }
    ) async -> Outcome {
        var headers = [
            "Content-Type": "application/json", "User-Agent": "Bulwark", "X-Bulwark-Event": event, "X-Bulwark-Delivery": Identifier.make(),
        ]
        return await retrying(webhook.url, attempts: attempts, baseDelay: baseDelay, logger: logger) {
            if let secret = webhook.secret {
                let timestamp = Int(now().timeIntervalSince1970)
                headers["X-Bulwark-Timestamp"] = String(timestamp)
                headers["X-Bulwark-Signature"] = WebhookNotifier.signatureHeader(body, secret: secret, timestamp: timestamp)
            }
            let status = try await transport.post(url: webhook.url, body: body, headers: headers, timeout: 10)
            if (200..<300).contains(status) { return true }
            if (400..<500).contains(status), status != 408, status != 429 {
                logger.warning("webhook refused the notification", metadata: ["url": "\(webhook.url)", "event": "\(event)", "status": "\(status)"])
                return false
            }
            throw RetryableStatus(status: status)
        }
    }
}
