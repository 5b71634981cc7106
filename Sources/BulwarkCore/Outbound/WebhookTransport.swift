// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Sends an HTTP POST; the adapter (URLSession in `Outbound`, a fake in tests) answers the status code.
public protocol WebhookTransport: Sendable {
    func post(url: String, body: Data, headers: [String: String], timeout: TimeInterval) async throws -> Int
}
