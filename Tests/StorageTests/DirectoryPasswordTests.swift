// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import BulwarkTesting
import Foundation
import Governance
import SQLKit
import Storage
import Testing

/// A directory source's bind password is sealed at rest with the secret key, as TOTP secrets are: the database alone
/// does not give it away, and every way of reading the source opens it.
@Suite struct DirectoryPasswordTests {
    @Test(arguments: TestDatabases.kinds)
    func theBindPasswordIsSealedAtRest(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let box = try SecretBox(keyText: SecretBox.generateKey())
            let store = SQLGovernanceStore(database: database, secrets: box)
            let password = "bind-password-\(UUID().uuidString)"
            let source = IdentitySource(
                name: "corp", kind: .ldap,
                directory: DirectoryConnection(url: "ldaps://dc.example.test", bindDN: "cn=sync", bindPassword: password, baseDN: "dc=x"),
                createdAt: Date(timeIntervalSince1970: 1_800_000_000))
            #expect(try await store.saveSource(source))
            let body = try await database.read { db in
                try await db.select().column("body").from("identity_sources").all().map { try $0.decode(column: "body", as: String.self) }
            }
            #expect(body.count == 1 && !body[0].contains(password) && body[0].contains("v1:"))
            #expect(try await store.source(id: source.id)?.directory?.bindPassword == password)
            #expect(try await store.source(name: "corp")?.directory?.bindPassword == password)
            #expect(try await store.sources().first?.directory?.bindPassword == password)
            // Saved again (an edit of another field): sealed once, not twice.
            var edited = try #require(try await store.source(id: source.id))
            edited.owner = "ops@example.test"
            #expect(try await store.saveSource(edited))
            #expect(try await store.source(id: source.id)?.directory?.bindPassword == password)
            // Another key cannot open it.
            let other = SQLGovernanceStore(database: database, secrets: try SecretBox(keyText: SecretBox.generateKey()))
            await #expect(throws: SecretBox.Failure.cannotOpen) { _ = try await other.source(id: source.id) }
        }
    }
}
