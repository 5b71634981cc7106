// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A bearer credential for scripts and log shippers. The secret is shown once; only its SHA-256 is kept.
public struct APIToken: Sendable, Equatable {
    public var id: String
    public var userID: String
    public var name: String
    /// The first characters of the secret, so that a user can tell tokens apart.
    public var prefix: String
    /// Hex SHA-256 of the whole token string.
    public var secretHash: String
    public var scopes: [TokenScope]
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?
    /// The token this one was made with, if it was made by a token-authenticated request: it ends with its parent.
    public var parentID: String?

    public init(
        id: String = Identifier.make(), userID: String, name: String, prefix: String, secretHash: String,
        scopes: [TokenScope], createdAt: Date, expiresAt: Date?, revokedAt: Date? = nil, lastUsedAt: Date? = nil, parentID: String? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.prefix = prefix
        self.secretHash = secretHash
        self.scopes = scopes
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.parentID = parentID
    }

    /// Whether the token may be used at `time`.
    public func isUsable(at time: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { time < $0 } ?? true)
    }

    /// `active`, `expired` or `revoked`.
    public func state(at time: Date) -> String {
        if revokedAt != nil { return "revoked" }
        return isUsable(at: time) ? "active" : "expired"
    }
}

/// Where API tokens live.
public protocol TokenStore: Sendable {
    func create(_ token: APIToken) async throws
    func get(id: String) async throws -> APIToken?
    /// The token whose secret hashes to `secretHash`.
    func find(secretHash: String) async throws -> APIToken?
    /// Tokens of one user (or of all users when nil), newest first.
    func list(userID: String?) async throws -> [APIToken]
    func update(_ token: APIToken) async throws
}
