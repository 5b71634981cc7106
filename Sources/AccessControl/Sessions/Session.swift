// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A signed-in browser. The cookie carries a random secret; the store keeps only its SHA-256 as the id.
public struct Session: Sendable, Equatable {
    /// Hex SHA-256 of the cookie secret.
    public var id: String
    public var userID: String
    /// Sent back in every form; compared in constant time.
    public var csrfToken: String
    public var stage: Stage
    public var createdAt: Date
    public var lastSeenAt: Date
    public var source: String
    public var userAgent: String

    /// How far the sign-in has got.
    public enum Stage: String, Sendable, Codable {
        /// Password accepted, TOTP code still needed.
        case mfaPending = "mfa_pending"
        /// Password accepted, but policy requires MFA and the user has none yet: only enrolment is open.
        case mfaEnrollment = "mfa_enrollment"
        /// Fully signed in.
        case active
    }

    public init(id: String, userID: String, csrfToken: String, stage: Stage, createdAt: Date, source: String, userAgent: String) {
        self.id = id
        self.userID = userID
        self.csrfToken = csrfToken
        self.stage = stage
        self.createdAt = createdAt
        self.lastSeenAt = createdAt
        self.source = source
        self.userAgent = userAgent
    }
}

/// Where sessions live.
public protocol SessionStore: Sendable {
    func create(_ session: Session) async throws
    func get(id: String) async throws -> Session?
    func update(_ session: Session) async throws
    func delete(id: String) async throws
    /// A user's sessions, most recently used first.
    func list(userID: String) async throws -> [Session]
    /// Ends every session of a user but `except` (password change, disable); returns how many.
    @discardableResult func deleteAll(userID: String, except: String?) async throws -> Int
    /// Removes sessions created before `createdBefore` or idle since `idleBefore`.
    @discardableResult func deleteExpired(createdBefore: Date, idleBefore: Date) async throws -> Int
}
