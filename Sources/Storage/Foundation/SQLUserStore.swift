// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import SQLKit

/// Users in the `users` table. With a ``SecretBox``, TOTP secrets are sealed at rest.
public struct SQLUserStore: UserStore {
    let database: Database
    let secrets: SecretBox?

    public init(database: Database, secrets: SecretBox? = nil) {
        self.database = database
        self.secrets = secrets
    }

    /// Seals TOTP secrets stored before sealing was on (once, at start); returns how many.
    @discardableResult
    public func sealStoredSecrets() async throws -> Int {
        guard let secrets else { return 0 }
        return try await database.transaction { db in
            let rows = try await db.select().columns("id", "mfa_secret").from("users").where(SQLColumn("mfa_secret"), .isNot, SQLLiteral.null).all()
            var sealed = 0
            for row in rows {
                let stored = try row.decode(column: "mfa_secret", as: String.self)
                // A sealed one must open: a wrong key file is said at start, not at someone's next sign-in.
                guard !SecretBox.isSealed(stored) else { _ = try secrets.open(stored); continue }
                try await db.update("users").set("mfa_secret", to: secrets.seal(stored)).where(
                    "id", .equal, try row.decode(column: "id", as: String.self)
                ).run()
                sealed += 1
            }
            return sealed
        }
    }

    public func create(_ user: User) async throws {
        do {
            try await database.transaction { db in
                try await db.insert(into: "users").columns(Self.columns).values(values(user)).run()
            }
        } catch  where error.isUniqueViolation {
            throw CoreError.conflict("username '\(user.username)' is taken")
        }
    }

    public func get(id: String) async throws -> User? {
        try await database.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("users").where("id", .equal, id).first().map(decode)
        }
    }

    public func get(username: String) async throws -> User? {
        try await database.read { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("users").where("username", .equal, username).first().map(decode)
        }
    }

    public func update(_ user: User) async throws {
        let values = values(user)
        let updated = try await database.transaction { db in
            var query = db.update("users")
            for (column, value) in zip(Self.columns, values) where column != "id" { query = query.set(SQLIdentifier(column), to: value) }
            try await query.where("id", .equal, user.id).run()
            return try await db.select().column("id").from("users").where("id", .equal, user.id).first() != nil
        }
        if !updated { throw CoreError.notFound(kind: "user", id: user.id) }
    }

    public func list(page: PageRequest) async throws -> Page<User> {
        let cursor = try Cursor.decode(page.cursor)
        let rows = try await database.read { db in
            let query = db.select().columns(Self.columns.map { SQLColumn($0) }).from("users")
            return try await Cursor.after(query, column: "username", cursor: cursor)
                .orderBy("username").orderBy("id").limit(page.limit + 1).all().map(decode)
        }
        return Cursor.page(rows, limit: page.limit, key: \.username, id: \.id)
    }

    public func count() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users").first()!.decode(column: "n", as: Int.self)
        }
    }

    public func countEnabledAdmins() async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
                .where("role", .equal, Role.admin.rawValue).where("disabled", .equal, 0)
                .first()!.decode(column: "n", as: Int.self)
        }
    }

    static let columns = [
        "id", "username", "display_name", "email", "role", "disabled", "password_hash", "mfa_secret",
        "mfa_last_counter", "failed_logins", "locked_until", "last_login_at", "password_changed_at",
        "created_at", "updated_at", "mfa_recovery",
    ]

    func values(_ user: User) -> [any SQLExpression] {
        [
            SQLBind(user.id), SQLBind(user.username), SQLBind(user.displayName), SQLBind(user.email), SQLBind(user.role.rawValue),
            SQLBind(user.disabled ? 1 : 0), SQLBind(user.passwordHash), SQLBind(user.mfaSecret.map { secrets?.seal($0) ?? $0 }),
            SQLBind(user.mfaLastCounter),
            SQLBind(user.failedLogins), SQLBind(SQLValues.millis(user.lockedUntil)), SQLBind(SQLValues.millis(user.lastLoginAt)),
            SQLBind(SQLValues.millis(user.passwordChangedAt)), SQLBind(SQLValues.millis(user.createdAt)), SQLBind(SQLValues.millis(user.updatedAt)),
            // Hex digests only, so the JSON array is written as text without an encoder that could throw.
            SQLBind(user.mfaRecoveryHashes.isEmpty ? nil : "[" + user.mfaRecoveryHashes.map { "\"\($0)\"" }.joined(separator: ",") + "]"),
        ]
    }

    func decode(_ row: any SQLRow) throws -> User {
        var user = User(
            id: try row.decode(column: "id", as: String.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            email: try row.decode(column: "email", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .employee,
            disabled: try row.decode(column: "disabled", as: Int.self) != 0,
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            mfaSecret: try row.decode(column: "mfa_secret", as: String?.self).map { try secrets?.open($0) ?? $0 },
            failedLogins: try row.decode(column: "failed_logins", as: Int.self),
            lockedUntil: SQLValues.date(try row.decode(column: "locked_until", as: Int?.self)),
            lastLoginAt: SQLValues.date(try row.decode(column: "last_login_at", as: Int?.self)),
            createdAt: SQLValues.date(try row.decode(column: "created_at", as: Int.self)))
        user.mfaLastCounter = try row.decode(column: "mfa_last_counter", as: Int?.self)
        user.passwordChangedAt = SQLValues.date(try row.decode(column: "password_changed_at", as: Int.self))
        user.updatedAt = SQLValues.date(try row.decode(column: "updated_at", as: Int.self))
        if let recovery = try row.decode(column: "mfa_recovery", as: String?.self) {
            user.mfaRecoveryHashes = (try? JSONDecoder().decode([String].self, from: Data(recovery.utf8))) ?? []
        }
        return user
    }
}
