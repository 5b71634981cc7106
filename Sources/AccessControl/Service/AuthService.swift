// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import HummingbirdBcrypt

/// The platform's own access control: users, passwords, sign-in with lockout and MFA, sessions, API tokens.
/// Every state change and every sign-in attempt is written to the audit log.
public struct AuthService: Sendable {
    let users: any UserStore
    let tokens: any TokenStore
    let sessions: any SessionStore
    let audit: any AuditLog
    public let clock: any WallClock
    public let policy: AuthPolicy
    let throttle: LoginThrottle

    public init(
        users: any UserStore, tokens: any TokenStore, sessions: any SessionStore, audit: any AuditLog,
        clock: any WallClock = SystemClock(), policy: AuthPolicy = AuthPolicy()
    ) {
        self.users = users
        self.tokens = tokens
        self.sessions = sessions
        self.audit = audit
        self.clock = clock
        self.policy = policy
        self.throttle = LoginThrottle(
            perAccountAndSource: policy.throttleFailuresPerAccountAndSource, perSource: policy.throttleFailuresPerSource,
            window: policy.throttleWindow)
    }

    func record(_ actor: Actor, _ action: String, target: String, outcome: AuditEntry.Outcome = .success, detail: String = "") async throws {
        try await audit.record(
            AuditEntry(
                time: clock.now(), actor: actor.username, action: action, target: target,
                source: actor.source, outcome: outcome, detail: detail))
    }

    func hash(_ password: String) -> String { Bcrypt.hash(password, cost: policy.bcryptCost) }

    func requireUser(id: String) async throws -> User {
        guard let user = try await users.get(id: id) else { throw CoreError.notFound(kind: "user", id: id) }
        return user
    }

    /// The user named `username` (any case), or `CoreError.notFound`.
    public func requireUser(username: String) async throws -> User {
        guard let user = try await users.get(username: username.lowercased()) else {
            throw CoreError.notFound(kind: "user", id: username)
        }
        return user
    }
}
