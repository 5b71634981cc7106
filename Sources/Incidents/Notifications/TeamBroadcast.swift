// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// The team's notification channels for notices other areas raise (a patch job that failed): every webhook gets the
/// JSON signed as alert webhooks are (`X-Bulwark-Event` names the event), and the alert mail recipients a mail.
/// Deliveries run in the background and are retried three times with back-off, as alerts' and cases' are.
public actor TeamBroadcast {
    let webhooks: [WebhookSettings]
    let transport: any WebhookTransport
    let mail: (any MailTransport)?
    let from: String
    let recipients: [String]
    let logger: Logger
    let baseDelay: Duration
    private var inFlight: [Task<Void, Never>] = []

    public init(
        webhooks: [WebhookSettings], transport: any WebhookTransport, mail: (any MailTransport)?, from: String, recipients: [String],
        logger: Logger, baseDelay: Duration = .seconds(1)
    ) {
        self.webhooks = webhooks
        self.transport = transport
        self.mail = mail
        self.from = from
        self.recipients = recipients
        self.logger = logger
        self.baseDelay = baseDelay
    }

    public func send(event: String, body: Data, subject: String, text: String) {
        for webhook in webhooks {
            inFlight.append(
                Task { [transport, logger, baseDelay] in
                    _ = await Delivery.post(body, event: event, to: webhook, transport: transport, attempts: 3, baseDelay: baseDelay, logger: logger)
                })
        }
        if let mail, !recipients.isEmpty {
            inFlight.append(
                Task { [from, recipients, logger, baseDelay] in
                    _ = await Delivery.retrying("email to \(recipients.joined(separator: ", "))", attempts: 3, baseDelay: baseDelay, logger: logger) {
                        try await mail.send(from: from, to: recipients, subject: subject, body: text)
                        return true
                    }
                })
        }
        inFlight.removeAll { $0.isCancelled }
    }

    /// Waits for deliveries under way (tests, shutdown).
    public func drain() async {
        let tasks = inFlight
        inFlight = []
        for task in tasks { await task.value }
    }
}
