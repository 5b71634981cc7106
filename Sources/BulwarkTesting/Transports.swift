// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents

/// Webhook deliveries that never leave the process: answered from a script (then 200), and recorded.
public actor RecordingWebhooks: WebhookTransport {
    public var answers: [Result<Int, URLError>]
    public private(set) var requests: [(url: String, body: Data, headers: [String: String])] = []

    public init(_ answers: [Result<Int, URLError>] = []) { self.answers = answers }

    public func post(url: String, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> Int {
        requests.append((url, body, headers))
        let answer = answers.isEmpty ? .success(200) : answers.removeFirst()
        return try answer.get()
    }
}

/// Mail that never leaves the process: the first `failures` sends fail (as a timed-out server would), the rest
/// are recorded.
public actor RecordingMail: MailTransport {
    public var failures: Int
    public private(set) var sent: [(from: String, to: [String], subject: String, body: String)] = []

    public init(failures: Int = 0) { self.failures = failures }

    public func send(from: String, to recipients: [String], subject: String, body: String) async throws {
        if failures > 0 {
            failures -= 1
            throw URLError(.timedOut)
        }
        sent.append((from, recipients, subject, body))
    }
}

/// Response actions that never leave the process: each request is recorded and answered with `answer`.
public actor RecordingActions: ResponseActionTransport {
    public var answer: Result<(status: Int, body: String), URLError>
    public private(set) var requests: [ResponseActionRequest] = []

    public init(answer: Result<(status: Int, body: String), URLError> = .success((200, #"{"ok":true}"#))) { self.answer = answer }

    public func setAnswer(_ answer: Result<(status: Int, body: String), URLError>) { self.answer = answer }

    public func send(_ request: ResponseActionRequest) async throws -> (status: Int, body: String) {
        requests.append(request)
        return try answer.get()
    }
}
