// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A person who signs in to Bulwark itself.
public struct User: Sendable, Equatable {
    public var id: String
    /// Unique, lowercase: letters, digits, `.`, `_`, `-`.
    public var username: String
    public var displayName: String
    public var email: String
    public var role: Role
    public var disabled: Bool
    /// bcrypt hash; the password itself is never stored.
    public var passwordHash: String
    /// Base32 TOTP secret once MFA is confirmed; nil without MFA.
    public var mfaSecret: String?
    /// The TOTP time step last accepted, so that a code cannot be replayed.
    public var mfaLastCounter: Int?
    /// SHA-256 (hex) of each recovery code not used yet: one stands in for a TOTP code, once.
    public var mfaRecoveryHashes: [String] = []
    /// Consecutive failed logins since the last success.
    public var failedLogins: Int
    public var lockedUntil: Date?
    public var lastLoginAt: Date?
    public var passwordChangedAt: Date
    public var createdAt: Date
    public var updatedAt: Date

    public var mfaEnabled: Bool { mfaSecret != nil }

    public init(
        id: String = Identifier.make(), username: String, displayName: String = "", email: String = "",
        role: Role, disabled: Bool = false, passwordHash: String, mfaSecret: String? = nil,
        failedLogins: Int = 0, lockedUntil: Date? = nil, lastLoginAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.email = email
        self.role = role
        self.disabled = disabled
        self.passwordHash = passwordHash
        self.mfaSecret = mfaSecret
        self.mfaLastCounter = nil
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.lastLoginAt = lastLoginAt
        self.passwordChangedAt = createdAt
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }

    /// Whether `name` is an acceptable username.
    public static func isValidUsername(_ name: String) -> Bool {
        (2...64).contains(name.count)
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
    }
}

/// Where users live. Usernames are unique.
public protocol UserStore: Sendable {
    /// Inserts a user; `CoreError.conflict` if the username is taken.
    func create(_ user: User) async throws
    func get(id: String) async throws -> User?
    func get(username: String) async throws -> User?
    /// Replaces a stored user; `CoreError.notFound` if gone.
    func update(_ user: User) async throws
    /// Users ordered by username.
    func list(page: PageRequest) async throws -> Page<User>
    func count() async throws -> Int
    /// Number of enabled admins: the last one may not be disabled or demoted.
    func countEnabledAdmins() async throws -> Int
}
