// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// The one permission matrix: which role may do what, and what an API token's scopes allow.
/// The README's table is generated from it (`bulwark admin permissions`), and the HTTP tests check every route against it.
public enum PermissionMatrix {
    /// Every read permission: the auditor's baseline and the `read` scope.
    static let allReads = Set(Permission.allCases.filter(\.isRead))

    /// The permissions of `role`.
    public static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .admin:
            return Set(Permission.allCases)
        case .manager:
            return allReads.subtracting([.auditRead]).union([
                .inventoryWrite, .alertsWrite, .incidentsWrite, .vulnerabilitiesWrite, .vulnerabilitiesAccept, .patchingApprove,
                .accessWrite, .awarenessManage, .evidenceExport, .detectionWrite, .tokensOwn, .selfService,
            ])
        case .analyst:
            return allReads.subtracting([.auditRead]).union([
                .alertsWrite, .incidentsWrite, .detectionWrite, .tokensOwn, .selfService,
            ])
        case .engineer:
            return allReads.subtracting([.auditRead]).union([
                .inventoryWrite, .eventsIngest, .vulnerabilitiesWrite, .patchingWrite, .tokensOwn, .selfService,
            ])
        case .auditor:
            return allReads.union([.auditExport, .evidenceExport, .tokensOwn, .selfService])
        case .employee:
            return [.selfService]
        }
    }

    /// Whether `role` may do `permission`.
    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permissions(of: role).contains(permission)
    }

    /// What a token with `scope` may do at most; the token's owner's role narrows it further.
    public static func permissions(of scope: TokenScope) -> Set<Permission> {
        switch scope {
        case .read:
            return allReads.union([.selfService])
        case .write:
            return Set(Permission.allCases).subtracting([.usersManage, .tokensManage, .auditExport, .eventsIngest])
        case .ingest:
            return [.eventsIngest]
        case .admin:
            return Set(Permission.allCases)
        }
    }

    /// The permissions of a token: its owner's role intersected with the union of its scopes.
    public static func permissions(of role: Role, scopes: [TokenScope]) -> Set<Permission> {
        let granted = scopes.reduce(into: Set<Permission>()) { $0.formUnion(permissions(of: $1)) }
        return permissions(of: role).intersection(granted)
    }

    /// The matrix as a Markdown table (roles as columns), for the README and `bulwark admin permissions`.
    public static func markdownTable() -> String {
        var lines = ["| permission | " + Role.allCases.map(\.rawValue).joined(separator: " | ") + " |"]
        lines.append("|---|" + Role.allCases.map { _ in "---" }.joined(separator: "|") + "|")
        for permission in Permission.allCases {
            let cells = Role.allCases.map { allows($0, permission) ? "✓" : "" }
            lines.append("| `\(permission.rawValue)` | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
