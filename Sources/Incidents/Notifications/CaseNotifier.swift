// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Logging

/// Something about a case that people should hear of.
public struct CaseNotice: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case opened = "case.opened", assigned = "case.assigned", mentioned = "case.mentioned", status = "case.status", slaBreach = "case.sla_breach",
            regulatory = "case.regulatory"
    }

    public var kind: Kind
    public var caseID: String
    public var reference: String
    public var title: String
    public var severity: Severity
    public var status: CaseStatus
    /// Usernames it is for (mail goes to their addresses); webhooks get every notice.
    public var recipients: [String]
    public var text: String
    public var at: Date
}

/// Sends case notices: every webhook gets JSON signed like alert webhooks (`X-Bulwark-Event: case.assigned` …),
/// each recipient with an email address a mail; cases opened by automation, SLA breaches and regulatory warnings also go to the alert mail
/// recipients. Failed deliveries are retried three times with back-off.
public actor CaseNotifier {
    let webhooks: [WebhookSettings]
    let transport: any WebhookTransport
    let mail: (any MailTransport)?
    let from: String
    let teamRecipients: [String]
    let addressOf: @Sendable (String) async -> String?
    let baseURL: String?
    let logger: Logger
    let baseDelay: Duration
    private var inFlight: [Task<Void, Never>] = []
    public private(set) var sent: [CaseNotice] = []

    public init(
        webhooks: [WebhookSettings], transport: any WebhookTransport, mail: (any MailTransport)?, from: String, teamRecipients: [String],
        addressOf: @escaping @Sendable (String) async -> String?, baseURL: String? = nil, logger: Logger, baseDelay: Duration = .seconds(1)
    ) {
        self.webhooks = webhooks
        self.transport = transport
        self.mail = mail
        self.from = from
        self.teamRecipients = teamRecipients
        self.addressOf = addressOf
        self.baseURL = baseURL
        self.logger = logger
        self.baseDelay = baseDelay
    }

    public func send(_ notice: CaseNotice) async {
        sent.append(notice)
        if sent.count > 1000 { sent.removeFirst(sent.count - 1000) }
        let body = Self.payload(notice, baseURL: baseURL)
        for webhook in webhooks {
            inFlight.append(
                Task { [transport, logger, baseDelay] in
                    _ = await Delivery.post(
                        body, event: notice.kind.rawValue, to: webhook, transport: transport, attempts: 3, baseDelay: baseDelay, logger: logger)
                })
        }
        guard let mail else { return }
        var addresses: [String] = []
        for user in notice.recipients { if let address = await addressOf(user), !address.isEmpty { addresses.append(address) } }
        if [.slaBreach, .regulatory, .opened].contains(notice.kind) { addresses += teamRecipients }
        addresses = Array(Set(addresses)).sorted()
        guard !addresses.isEmpty else { return }
        let subject =
            "[Bulwark] \(notice.reference) \(notice.title): \(notice.kind.rawValue.replacingOccurrences(of: "case.", with: "").replacingOccurrences(of: "_", with: " "))"
        let text = [
            notice.text, "", "Case \(notice.reference): \(notice.title)", "Severity: \(notice.severity.rawValue)",
            "Status: \(notice.status.rawValue)",
            baseURL.map { "\($0)/incidents/\(notice.caseID)" } ?? "",
        ].joined(separator: "\n")
        inFlight.append(
            Task { [from, logger, baseDelay] in
                _ = await Delivery.retrying("email to \(addresses.joined(separator: ", "))", attempts: 3, baseDelay: baseDelay, logger: logger) {
                    try await mail.send(from: from, to: addresses, subject: subject, body: text)
                    return true
                }
            })
        inFlight.removeAll { $0.isCancelled }
    }

    /// Waits for deliveries under way (tests, shutdown).
    public func drain() async {
        let tasks = inFlight
        inFlight = []
        for task in tasks { await task.value }
    }

    static func payload(_ notice: CaseNotice, baseURL: String?) -> Data {
        var object: [String: Any] = [
            "event": notice.kind.rawValue, "text": notice.text, "recipients": notice.recipients, "at": Timestamp.format(notice.at),
            "case": [
                "id": notice.caseID, "reference": notice.reference, "title": notice.title, "severity": notice.severity.rawValue,
                "status": notice.status.rawValue,
            ] as [String: Any],
        ]
        if let baseURL { object["url"] = "\(baseURL)/incidents/\(notice.caseID)" }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}
