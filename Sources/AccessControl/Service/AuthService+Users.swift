// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import HummingbirdBcrypt

/// What an administrator fills in to create a user.
public struct NewUser: Sendable {
    public var username: String
    public var role: Role
    public var displayName: String
    public var email: String
    /// nil: a password is generated and returned once.
    public var password: String?

    public init(username: String, role: Role, displayName: String = "", email: String = "", password: String? = nil) {
        self.username = username
        self.role = role
        self.displayName = displayName
        self.email = email
        self.password = password
    }
}

extension AuthService {
    /// Creates a user. Returns the user and the generated password when none was given (shown once, never stored).
    public func createUser(_ new: NewUser, by actor: Actor) async throws -> (user: User, generatedPassword: String?) {
        let username = new.username.lowercased()
        var errors: [FieldError] = []
        if !User.isValidUsername(username) {
            errors.append(FieldError(field: "username", message: "must be 2–64 of a–z, 0–9, '.', '_', '-'"))
        }
        if !new.email.isEmpty && !Validation.isEmail(new.email) {
            errors.append(FieldError(field: "email", message: "'\(new.email)' is not a valid email address"))
        }
        if new.displayName.count > Validation.maxNameLength {
            errors.append(FieldError(field: "display_name", message: "is longer than \(Validation.maxNameLength) characters"))
        }
        let password = new.password ?? policy.generatePassword(for: username)
        for problem in policy.passwordProblems(password, username: username) {
            errors.append(FieldError(field: "password", message: problem))
        }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let user = User(
            username: username, displayName: new.displayName, email: new.email.lowercased(), role: new.role,
            passwordHash: hash(password), createdAt: clock.now())
        try await users.create(user)
        try await record(actor, "user.create", target: "user:\(username)", detail: "role=\(new.role.rawValue)")
        return (user, new.password == nil ? password : nil)
    }

    /// Changes a user's role, name, email or disabled flag. Disabling ends the user's sessions.
    public func updateUser(id: String, role: Role?, displayName: String?, email: String?, disabled: Bool?, by actor: Actor) async throws -> User {
        var user = try await requireUser(id: id)
        var changed: [String] = []
        let wasEnabledAdmin = user.role == .admin && !user.disabled
        if let role, role != user.role { user.role = role; changed.append("role=\(role.rawValue)") }
        if let displayName, displayName != user.displayName {
            guard displayName.count <= Validation.maxNameLength else {
                throw CoreError.invalid([FieldError(field: "display_name", message: "is longer than \(Validation.maxNameLength) characters")])
            }
            user.displayName = displayName
            changed.append("display_name")
        }
        if let email, email.lowercased() != user.email {
            guard email.isEmpty || Validation.isEmail(email) else {
                throw CoreError.invalid([FieldError(field: "email", message: "'\(email)' is not a valid email address")])
            }
            user.email = email.lowercased()
            changed.append("email")
        }
        if let disabled, disabled != user.disabled { user.disabled = disabled; changed.append("disabled=\(disabled)") }
        if changed.isEmpty { return user }
        if wasEnabledAdmin && (user.role != .admin || user.disabled) {
            let admins = try await users.countEnabledAdmins()
            if admins <= 1 { throw AccessError.lastAdmin }
        }
        user.updatedAt = clock.now()
        try await users.update(user)
        if user.disabled {
            try await sessions.deleteAll(userID: user.id, except: nil)
            try await revokeAllTokens(userID: user.id, by: actor)
        }
        try await record(actor, "user.update", target: "user:\(user.username)", detail: changed.joined(separator: " "))
        return user
    }

    /// Sets a new password for a user without asking the old one (admin or CLI); ends the user's sessions and unlocks.
    /// Returns the generated password when none was given.
    public func resetPassword(userID: String, to password: String?, by actor: Actor) async throws -> String? {
        var user = try await requireUser(id: userID)
        let newPassword = password ?? policy.generatePassword(for: user.username)
        let problems = policy.passwordProblems(newPassword, username: user.username)
        if !problems.isEmpty { throw AccessError.weakPassword(problems) }
        user.passwordHash = hash(newPassword)
        user.passwordChangedAt = clock.now()
        user.failedLogins = 0
        user.lockedUntil = nil
        user.updatedAt = clock.now()
        try await users.update(user)
        try await sessions.deleteAll(userID: user.id, except: nil)
        try await record(actor, "user.password.reset", target: "user:\(user.username)")
        return password == nil ? newPassword : nil
    }

    /// A user changes their own password; the current one must be right. Other sessions of the user end.
    public func changePassword(userID: String, current: String, new: String, keepSession: String?, by actor: Actor) async throws {
        var user = try await requireUser(id: userID)
        guard Bcrypt.verify(current, hash: user.passwordHash) else {
            try await record(actor, "user.password.change", target: "user:\(user.username)", outcome: .failure, detail: "current password wrong")
            throw AccessError.invalidCredentials
        }
        let problems = policy.passwordProblems(new, username: user.username)
        if !problems.isEmpty { throw AccessError.weakPassword(problems) }
        user.passwordHash = hash(new)
        user.passwordChangedAt = clock.now()
        user.updatedAt = clock.now()
        try await users.update(user)
        try await sessions.deleteAll(userID: user.id, except: keepSession)
        try await record(actor, "user.password.change", target: "user:\(user.username)")
    }
}
