// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Testing

@Suite struct PermissionMatrixTests {
    @Test func auditorReadsEverythingAndChangesNothing() {
        let auditor = PermissionMatrix.permissions(of: .auditor)
        for permission in Permission.allCases where permission.isRead { #expect(auditor.contains(permission), "\(permission)") }
        let writes = auditor.filter { !$0.isRead && ![.auditExport, .evidenceExport, .tokensOwn, .selfService].contains($0) }
        #expect(writes.isEmpty, "auditor may change \(writes)")
    }

    @Test func employeeOnlyHasSelfService() {
        #expect(PermissionMatrix.permissions(of: .employee) == [.selfService])
    }

    @Test func onlyAdminManagesUsersAndOnlyAdminAndAuditorReadTheAuditLog() {
        #expect(Role.allCases.filter { PermissionMatrix.allows($0, .usersManage) } == [.admin])
        #expect(Role.allCases.filter { PermissionMatrix.allows($0, .auditRead) } == [.admin, .auditor])
        #expect(Role.allCases.filter { PermissionMatrix.allows($0, .auditExport) } == [.admin, .auditor])
    }

    @Test func tokenScopesNeverWidenTheRole() {
        for role in Role.allCases {
            for scopes in [[TokenScope.read], [.write], [.ingest], [.admin], TokenScope.allCases] {
                #expect(PermissionMatrix.permissions(of: role, scopes: scopes).isSubset(of: PermissionMatrix.permissions(of: role)))
            }
        }
        #expect(PermissionMatrix.permissions(of: .admin, scopes: [.ingest]) == [.eventsIngest])
        #expect(!PermissionMatrix.permissions(of: .admin, scopes: [.read]).contains(.inventoryWrite))
        #expect(!PermissionMatrix.permissions(of: .admin, scopes: [.write]).contains(.usersManage))
    }

    @Test func markdownTableHasARowPerPermission() {
        let lines = PermissionMatrix.markdownTable().split(separator: "\n")
        #expect(lines.count == Permission.allCases.count + 2)
        #expect(lines.contains { $0.hasPrefix("| `users.manage` | ✓ |  |") })
    }
}

@Suite struct PasswordPolicyTests {
    let policy = AuthPolicy()

    @Test func rules() {
        #expect(policy.passwordProblems("correct horse battery", username: "ann").isEmpty)
        #expect(policy.passwordProblems("short", username: "ann").contains { $0.contains("at least 12") })
        #expect(policy.passwordProblems("ann-is-the-best-2026", username: "ann").contains { $0.contains("username") })
        #expect(policy.passwordProblems(String(repeating: "ab", count: 40), username: "x").contains { $0.contains("72 bytes") })
        #expect(policy.passwordProblems("aaaaaaaaaaaaaaaa", username: "x").contains { $0.contains("different characters") })
    }

    @Test func generatedPasswordsPassThePolicyAndDiffer() {
        let passwords = (0..<50).map { _ in Secrets.generatePassword() }
        #expect(Set(passwords).count == 50)
        for password in passwords { #expect(policy.passwordProblems(password, username: "admin").isEmpty) }
    }

    @Test func constantTimeEqual() {
        #expect(Secrets.constantTimeEqual("abc", "abc"))
        #expect(!Secrets.constantTimeEqual("abc", "abd"))
        #expect(!Secrets.constantTimeEqual("abc", "abcd"))
        #expect(Secrets.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
