// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import HummingbirdBcrypt

/// A new session and the secret to put in the browser's cookie (never stored on the server).
public struct SessionGrant: Sendable {
    public var session: Session
    public var cookieSecret: String
    /// Recovery codes made by an MFA enrolment completed with this sign-in, to be shown once.
    public var recoveryCodes: [String] = []
}

extension AuthService {
    /// Checks a username and password. On success returns a session whose stage says whether a TOTP code
    /// (or MFA enrolment) is still needed. Failures count towards the account's lockout and the source's throttle.
    public func login(username rawUsername: String, password: String, source: String, userAgent: String) async throws -> SessionGrant {
        let username = String(rawUsername.lowercased().prefix(64))
        let now = clock.now()
        let actor = Actor(username: username, source: source)
        if await throttle.isThrottled(source, account: username, now: now) {
            try await record(actor, "auth.login", target: "user:\(username)", outcome: .failure, detail: "source throttled")
            throw AccessError.throttled(retryAfter: Int(policy.throttleWindow))
        }
        guard var user = try await users.get(username: username) else {
            // Spend what a verify would (bcrypt's cost is its key setup), so timing does not tell which usernames exist.
            _ = Bcrypt.hash(password, cost: policy.bcryptCost)
            await throttle.recordFailure(source, account: username, now: now)
            try await record(actor, "auth.login", target: "user:\(username)", outcome: .failure, detail: "unknown user")
            throw AccessError.invalidCredentials
        }
        if let until = user.lockedUntil, until > now {
            await throttle.recordFailure(source, account: username, now: now)
            try await record(actor, "auth.login", target: "user:\(username)", outcome: .failure, detail: "account locked")
            throw AccessError.locked(until: until)
        }
        guard Bcrypt.verify(password, hash: user.passwordHash) else {
            try await registerFailure(&user, actor: actor, reason: "wrong password", now: now)
            throw AccessError.invalidCredentials
        }
        if user.disabled {
            await throttle.recordFailure(source, account: username, now: now)
            try await record(actor, "auth.login", target: "user:\(username)", outcome: .failure, detail: "account disabled")
            throw AccessError.invalidCredentials
        }
        let stage: Session.Stage
        if user.mfaEnabled {
            stage = .mfaPending
        } else if user.role == .admin && policy.requireMFAForAdmins {
            stage = .mfaEnrollment
        } else {
            stage = .active
        }
        user.failedLogins = 0
        user.lockedUntil = nil
        if stage == .active { user.lastLoginAt = now }
        user.updatedAt = now
        try await users.update(user)
        let grant = try await newSession(for: user, stage: stage, source: source, userAgent: userAgent)
        let action = stage == .active ? "auth.login" : "auth.login.password"
        try await record(actor, action, target: "user:\(username)", detail: stage == .active ? "" : "next: \(stage.rawValue)")
        return grant
    }

    /// Completes a sign-in that waits for a TOTP code. Returns a fresh session (the old id is dropped, so a
    /// session fixed before sign-in is useless).
    public func verifyMFA(session: Session, code: String, source: String, userAgent: String) async throws -> SessionGrant {
        guard session.stage == .mfaPending else { throw AccessError.unauthenticated }
        var user = try await requireUser(id: session.userID)
        let now = clock.now()
        let actor = Actor(username: user.username, source: source)
        if let until = user.lockedUntil, until > now { throw AccessError.locked(until: until) }
        var method = "with TOTP"
        if let secret = user.mfaSecret.flatMap(Base32.decode), let counter = TOTP(secret: secret).verify(code, at: now),
            Int(counter) > (user.mfaLastCounter ?? -1)
        {
            user.mfaLastCounter = Int(counter)
        } else if let used = Self.recoveryCodeIndex(code, in: user.mfaRecoveryHashes) {
            // A recovery code works once: its hash is removed with this sign-in.
            user.mfaRecoveryHashes.remove(at: used)
            method = "with a recovery code (\(user.mfaRecoveryHashes.count) left)"
        } else {
            try await registerFailure(&user, actor: actor, reason: "wrong or replayed TOTP or recovery code", now: now)
            if user.lockedUntil != nil { try await sessions.delete(id: session.id) }
            throw AccessError.invalidCode
        }
        user.failedLogins = 0
        user.lastLoginAt = now
        user.updatedAt = now
        try await users.update(user)
        try await sessions.delete(id: session.id)
        let grant = try await newSession(for: user, stage: .active, source: source, userAgent: userAgent)
        try await record(actor, "auth.login", target: "user:\(user.username)", detail: method)
        return grant
    }

    /// Which stored recovery code `code` is, if any (compared in constant time; six-digit TOTP codes never match).
    static func recoveryCodeIndex(_ code: String, in hashes: [String]) -> Int? {
        let typed = normalisedRecoveryCode(code)
        guard typed.count == 10 else { return nil }
        let digest = Secrets.sha256Hex(typed)
        var found: Int?
        for (index, hash) in hashes.enumerated() where Secrets.constantTimeEqual(hash, digest) { found = index }
        return found
    }

    /// The session and its user for a cookie secret, if the session is still valid. Ends expired sessions.
    /// Marks the session used (at most once a minute, to spare the database).
    public func resolveSession(cookieSecret: String) async throws -> (session: Session, user: User)? {
        let id = Secrets.sha256Hex(cookieSecret)
        guard var session = try await sessions.get(id: id) else { return nil }
        let now = clock.now()
        if now.timeIntervalSince(session.createdAt) >= policy.sessionAbsoluteTimeout
            || now.timeIntervalSince(session.lastSeenAt) >= policy.sessionIdleTimeout
        {
            try await sessions.delete(id: id)
            return nil
        }
        guard let user = try await users.get(id: session.userID), !user.disabled else {
            try await sessions.delete(id: id)
            return nil
        }
        if now.timeIntervalSince(session.lastSeenAt) >= 60 {
            session.lastSeenAt = now
            try await sessions.update(session)
        }
        return (session, user)
    }

    /// The principal of a fully signed-in session.
    public func principal(user: User, session: Session) -> Principal {
        Principal(
            userID: user.id, username: user.username, role: user.role,
            permissions: PermissionMatrix.permissions(of: user.role), method: .session, credentialID: session.id,
            email: user.email)
    }

    /// The principal of a bearer token, if the token is valid and its owner enabled.
    public func authenticate(token: String) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix), token.utf8.count < 200 else { return nil }
        guard var stored = try await tokens.find(secretHash: Secrets.sha256Hex(token)) else { return nil }
        let now = clock.now()
        guard try await chainUsable(stored, at: now), let user = try await users.get(id: stored.userID), !user.disabled else { return nil }
        // --require-admin-mfa covers an admin's tokens too: a stolen password must not be enough to mint and use one.
        if user.role == .admin && policy.requireMFAForAdmins && !user.mfaEnabled {
            throw AccessError.forbidden("admins must set up two-factor authentication before their API tokens work (the server requires it)")
        }
        if now.timeIntervalSince(stored.lastUsedAt ?? .distantPast) >= 60 {
            stored.lastUsedAt = now
            try await tokens.update(stored)
        }
        return Principal(
            userID: user.id, username: user.username, role: user.role,
            permissions: PermissionMatrix.permissions(of: user.role, scopes: stored.scopes),
            method: .token, credentialID: stored.id, email: user.email)
    }

    /// Ends a session.
    public func logout(session: Session, username: String, source: String) async throws {
        try await sessions.delete(id: session.id)
        try await record(Actor(username: username, source: source), "auth.logout", target: "user:\(username)")
    }

    /// A user's signed-in sessions that have not timed out, most recently used first.
    public func activeSessions(userID: String) async throws -> [Session] {
        let now = clock.now()
        return try await sessions.list(userID: userID).filter {
            $0.stage == .active && now.timeIntervalSince($0.createdAt) < policy.sessionAbsoluteTimeout
                && now.timeIntervalSince($0.lastSeenAt) < policy.sessionIdleTimeout
        }
    }

    /// Ends one of a user's sessions (signing out a lost or shared device).
    public func endSession(id: String, userID: String, by actor: Actor) async throws {
        guard let session = try await sessions.get(id: id), session.userID == userID else { throw CoreError.notFound(kind: "session", id: id) }
        try await sessions.delete(id: session.id)
        try await record(actor, "auth.session.end", target: "session:\(session.id.prefix(12))", detail: "source=\(session.source)")
    }

    /// Removes sessions past their timeouts; run periodically.
    @discardableResult
    public func purgeExpiredSessions() async throws -> Int {
        let now = clock.now()
        return try await sessions.deleteExpired(
            createdBefore: now - policy.sessionAbsoluteTimeout,
            idleBefore: now - policy.sessionIdleTimeout)
    }

    func newSession(for user: User, stage: Session.Stage, source: String, userAgent: String) async throws -> SessionGrant {
        let secret = Secrets.token()
        let session = Session(
            id: Secrets.sha256Hex(secret), userID: user.id, csrfToken: Secrets.token(), stage: stage,
            createdAt: clock.now(), source: source, userAgent: String(userAgent.prefix(256)))
        try await sessions.create(session)
        return SessionGrant(session: session, cookieSecret: secret)
    }

    func registerFailure(_ user: inout User, actor: Actor, reason: String, now: Date) async throws {
        await throttle.recordFailure(actor.source, account: actor.username, now: now)
        user.failedLogins += 1
        let locks = user.failedLogins >= policy.lockoutThreshold
        if locks {
            user.lockedUntil = now + policy.lockoutDuration
            user.failedLogins = 0
        }
        user.updatedAt = now
        try await users.update(user)
        try await record(actor, "auth.login", target: "user:\(user.username)", outcome: .failure, detail: reason)
        if locks {
            try await record(
                Actor(username: "system", source: actor.source), "auth.lockout", target: "user:\(user.username)",
                detail: "locked for \(Int(policy.lockoutDuration / 60)) minutes after \(policy.lockoutThreshold) failures")
        }
    }
}
