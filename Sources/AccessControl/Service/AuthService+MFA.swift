import BulwarkCore
import Foundation
import HummingbirdBcrypt

extension AuthService {
    /// A new random TOTP secret (160 bits, as RFC 4226 recommends), base32 for authenticator apps.
    public func newMFASecret() -> String { Base32.encode(Secrets.randomBytes(20)) }

    /// Turns on MFA for a user once they prove their app computes the right code for `secret`.
    public func enableMFA(userID: String, secret: String, code: String, by actor: Actor) async throws {
        var user = try await requireUser(id: userID)
        guard let bytes = Base32.decode(secret), bytes.count >= 10,
            let counter = TOTP(secret: bytes).verify(code, at: clock.now())
        else {
            try await record(actor, "user.mfa.enable", target: "user:\(user.username)", outcome: .failure, detail: "wrong code")
            throw AccessError.invalidCode
        }
        user.mfaSecret = Base32.encode(bytes)
        user.mfaLastCounter = Int(counter)
        user.updatedAt = clock.now()
        try await users.update(user)
        try await record(actor, "user.mfa.enable", target: "user:\(user.username)")
    }

    /// Completes an enrolment that the policy forced at sign-in: enables MFA and upgrades the session (with a new id).
    public func completeEnrollment(session: Session, secret: String, code: String, source: String, userAgent: String) async throws -> SessionGrant {
        guard session.stage == .mfaEnrollment else { throw AccessError.unauthenticated }
        var user = try await requireUser(id: session.userID)
        try await enableMFA(userID: user.id, secret: secret, code: code, by: Actor(username: user.username, source: source))
        user = try await requireUser(id: session.userID)
        user.lastLoginAt = clock.now()
        try await users.update(user)
        try await sessions.delete(id: session.id)
        let grant = try await newSession(for: user, stage: .active, source: source, userAgent: userAgent)
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
        user.updatedAt = clock.now()
        try await users.update(user)
        try await record(actor, "user.mfa.disable", target: "user:\(user.username)")
    }
}
