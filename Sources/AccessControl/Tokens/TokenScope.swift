// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// What an API token may be used for. A token has one or more scopes.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    /// Read any data its owner may read.
    case read
    /// Read and change data (not users, tokens or the audit export).
    case write
    /// Only send events to the ingest endpoints: for log shippers.
    case ingest
    /// Everything its owner may do, including administration.
    case admin
}
