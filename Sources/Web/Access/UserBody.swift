import AccessControl
import Foundation

/// A user as the API shows it: never the password hash or TOTP secret.
struct UserBody: Encodable {
    var id: String
    var username: String
    var displayName: String
    var email: String
    var role: String
    var disabled: Bool
    var mfaEnabled: Bool
    var locked: Bool
    var lastLoginAt: Date?
    var createdAt: Date

    init(_ user: User, now: Date) {
        id = user.id
        username = user.username
        displayName = user.displayName
        email = user.email
        role = user.role.rawValue
        disabled = user.disabled
        mfaEnabled = user.mfaEnabled
        locked = (user.lockedUntil ?? .distantPast) > now
        lastLoginAt = user.lastLoginAt
        createdAt = user.createdAt
    }
}

/// A token as listed: without its secret.
struct TokenBody: Encodable {
    var id: String
    var userId: String
    var name: String
    var prefix: String
    var scopes: [String]
    var state: String
    var createdAt: Date
    var expiresAt: Date?
    var revokedAt: Date?
    var lastUsedAt: Date?

    init(_ token: APIToken, now: Date) {
        id = token.id
        userId = token.userID
        name = token.name
        prefix = token.prefix
        scopes = token.scopes.map(\.rawValue)
        state = token.state(at: now)
        createdAt = token.createdAt
        expiresAt = token.expiresAt
        revokedAt = token.revokedAt
        lastUsedAt = token.lastUsedAt
    }
}
