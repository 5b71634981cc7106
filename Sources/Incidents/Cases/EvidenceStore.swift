// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Crypto
import Foundation

/// Where evidence files are kept: written once, never overwritten, and readable by every node of one database.
/// Storage implements it (in the database by default, or in a directory given with `--evidence-dir`).
public protocol EvidenceStore: Sendable {
    /// Keeps the bytes under `id`; an `id` kept already is a conflict (``CoreError/conflict(_:)``).
    func write(_ data: Data, id: String) async throws
    /// The bytes kept under `id`; nil when there are none.
    func read(id: String) async throws -> Data?
}

extension Evidence {
    /// SHA-256 in lower-case hex: what a file's integrity is checked against.
    public static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }
}
