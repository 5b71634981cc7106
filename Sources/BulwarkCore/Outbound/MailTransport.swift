// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Sends one mail; the adapter (SMTP in `Outbound`, a fake in tests) throws when the server refuses it. Declared
/// here, once, because every area sends mail: alert and case notices, training reminders, phishing simulations.
public protocol MailTransport: Sendable {
    func send(from: String, to recipients: [String], subject: String, body: String) async throws
}
