// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation

/// A user as the API shows it: never the password hash or TOTP secret (schema `User` below).
struct UserBody: ResponseBody {
    var id: String
    var username: String
    var displayName: String
    var email: String
    var role: String
    var disabled: Bool
    var mfaEnabled: Bool
    var locked: Bool
    @Nullable var lastLoginAt: Date?
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

/// A token as listed: without its secret (schema `Token`).
struct TokenBody: ResponseBody {
    var id: String
    var userId: String
    var name: String
    var prefix: String
    var scopes: [String]
    var state: String
    var createdAt: Date
    @Nullable var expiresAt: Date?
    @Nullable var revokedAt: Date?
    @Nullable var lastUsedAt: Date?

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

/// A password set by an administrator: the generated one, shown this once, or null when they gave it (schema
/// `PasswordResult`).
struct PasswordResultBody: ResponseBody {
    @Nullable var password: String?
}

extension OpenAPISchemas {
    /// The platform's own users, tokens, sessions and audit log.
    static var access: [String: Any] {
        let roles = enumeration(Role.allCases.map(\.rawValue))
        return [
            "User": object([
                "id": string, "username": string, "display_name": string, "email": string, "role": roles, "disabled": boolean,
                "mfa_enabled": boolean, "locked": boolean, "last_login_at": nullableTime, "created_at": time,
            ]),
            "UserInput": object(
                [
                    "username": string, "role": roles, "display_name": string, "email": string,
                    "password": ["type": "string", "description": "omit to have one generated"],
                ], required: ["username", "role"]),
            "UserPatch": object(["role": roles, "display_name": string, "email": string, "disabled": boolean]),
            "UserCreated": object(["user": ref("User"), "password": ["type": "string", "description": "only when generated"]]),
            "UserPage": page("users", "User"),
            "PasswordReset": object(["password": ["type": "string", "description": "omit to have one generated"]]),
            "PasswordResult": object(["password": ["type": ["string", "null"]]]),
            "PasswordChange": object(["current_password": string, "new_password": string], required: ["current_password", "new_password"]),
            "Token": object([
                "id": string, "user_id": string, "name": string, "prefix": string, "scopes": strings,
                "state": enumeration(["active", "expired", "revoked"]), "created_at": time, "expires_at": nullableTime,
                "revoked_at": nullableTime, "last_used_at": nullableTime,
            ]),
            "TokenInput": object(
                [
                    "name": string, "scopes": ["type": "array", "items": enumeration(TokenScope.allCases.map(\.rawValue))],
                    "expires_in_days": ["type": "integer", "minimum": 1, "maximum": 366],
                    "username": ["type": "string", "description": "for another user; needs tokens.manage"],
                ], required: ["scopes"]),
            "TokenCreated": object(["token": ref("Token"), "secret": string]),
            "TokenList": page("tokens", "Token"),
            "AuditEntry": object([
                "id": string, "time": time, "actor": string, "action": string, "target": string, "source": string,
                "outcome": enumeration(["success", "failure"]), "detail": string,
            ]),
            "AuditPage": page("entries", "AuditEntry"),
            "AuditExport": ["type": "array", "items": ref("AuditEntry")],
            "Me": object(["user": ref("User"), "authenticated_by": enumeration(["session", "token"]), "permissions": strings]),
            "Session": object(["id": string, "created_at": time, "last_seen_at": time, "source": string, "user_agent": string, "current": boolean]),
            "SessionList": page("sessions", "Session"),
        ]
    }
}
