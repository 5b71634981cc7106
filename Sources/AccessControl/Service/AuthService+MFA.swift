// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import HummingbirdBcrypt

extension AuthService {
    /// A new random TOTP secret (160 bits, as RFC 4226 recommends), base32 for authenticator apps.
    public func newMFASecret() -> String { Base32.encode(Secrets.randomBytes(20)) }

    /// How many recovery codes a user gets, each usable once in place of a TOTP code.
    public static let recoveryCodeCount = 10

    /// `xxxxx-xxxxx`: ten lowercase letters and digits without look-alikes (32 symbols: 50 bits). Lowercasing the
    /// password alphabet instead would bring `l` back and fold the capitals onto the small letters.
    static func newRecoveryCode() -> String {
        let text = Secrets.randomString(length: 10, alphabet: "abcdefghijkmnpqrstuvwxyz23456789")
        return String(text.prefix(5)) + "-" + String(text.suffix(5))
    }

    /// A typed recovery code as it is hashed: case, spaces and dashes do not matter.
    static func normalisedRecoveryCode(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }

    /// Turns on MFA for a user once they prove their app computes the right code for `secret`; returns the new
    /// recovery codes, to be shown once (only their hashes are kept).
    @discardableResult
    public func enableMFA(userID: String, secret: String, code: String, by actor: Actor) async throws -> [String] {
        var user = try await requireUser(id: userID)
        guard let bytes = Base32.decode(secret), bytes.count >= 10,
            let counter = TOTP(secret: bytes).verify(code, at: clock.now())
        else {
            try await record(actor, "user.mfa.enable", target: "user:\(user.username)", outcome: .failure, detail: "wrong code")
            throw AccessError.invalidCode
        }
        user.mfaSecret = Base32.encode(bytes)
        user.mfaLastCounter = Int(counter)
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.newRecoveryCode() }
        user.mfaRecoveryHashes = codes.map { Secrets.sha256Hex(Self.normalisedRecoveryCode($0)) }
        user.updatedAt = clock.now()
        try await users.update(user)
        try await record(actor, "user.mfa.enable", target: "user:\(user.username)", detail: "\(codes.count) recovery codes")
        return codes
    }

    /// Replaces a user's recovery codes with new ones (the old stop working); the user gives their password.
    public func regenerateRecoveryCodes(userID: String, password: String, by actor: Actor) async throws -> [String] {
        var user = try await requireUser(id: userID)
        guard user.mfaEnabled else { throw CoreError.conflict("turn on two-factor authentication first: recovery codes stand in for its codes") }
        guard Bcrypt.verify(password, hash: user.passwordHash) else {
            try await record(actor, "user.mfa.recovery_codes", target: "user:\(user.username)", outcome: .failure, detail: "password wrong")
            throw AccessError.invalidCredentials
        }
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.newRecoveryCode() }
        user.mfaRecoveryHashes = codes.map { Secrets.sha256Hex(Self.normalisedRecoveryCode($0)) }
        user.updatedAt = clock.now()
        try await users.update(user)
        try await record(
            actor, "user.mfa.recovery_codes", target: "user:\(user.username)", detail: "\(codes.count) new codes; the old ones no longer work")
        return codes
    }

    /// Completes an enrolment that the policy forced at sign-in: enables MFA and upgrades the session (with a new id).
    public func completeEnrollment(session: Session, secret: String, code: String, source: String, userAgent: String) async throws -> SessionGrant {
        guard session.stage == .mfaEnrollment else { throw AccessError.unauthenticated }
        var user = try await requireUser(id: session.userID)
        let codes = try await enableMFA(userID: user.id, secret: secret, code: code, by: Actor(username: user.username, source: source))
        user = try await requireUser(id: session.userID)
        user.lastLoginAt = clock.now()
        try await users.update(user)
        try await sessions.delete(id: session.id)
        var grant = try await newSession(for: user, stage: .active, source: source, userAgent: userAgent)
        grant.recoveryCodes = codes
        try await record(Actor(username: user.username, source: source), "auth.login", target: "user:\(user.username)", detail: "after MFA enrolment")
        return grant
    }

    /// Turns MFA off. A user doing it for themselves must give their password; an admin (`password` nil) need not.
    public func disableMFA(userID: String, password: String?, by actor: Actor) async throws {
        var user = try await requireUser(id: userID)
        if let password, !Bcrypt.verify(password, hash: user.passwordHash) {
            try await record(actor, "user.mfa.disable", target: "user:\(user.username)", outcome: .failure, detail: "password wrong")
            throw AccessError.invalidCredentials
        }
        if user.role == .admin && policy.requireMFAForAdmins && password != nil {
            throw AccessError.forbidden("MFA is required for admins by policy")
        }
        user.mfaSecret = nil
        user.mfaLastCounter = nil
        user.mfaRecoveryHashes = []
        user.updatedAt = clock.now()
        try await users.update(user)
        try await record(actor, "user.mfa.disable", target: "user:\(user.username)")
    }
}
