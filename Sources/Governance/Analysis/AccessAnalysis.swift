// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A person as governance reads the people inventory (through a protocol the application implements).
public struct GovernancePerson: Sendable, Equatable {
    public var id: String
    public var name: String
    public var email: String
    public var employeeID: String
    public var department: String
    /// Still with the organisation: not terminated and not past the end date.
    public var active: Bool
    /// When they left (the end date, or the termination), nil while employed.
    public var leftAt: Date?
    /// The e-mail of their manager, empty when none.
    public var manager: String

    public init(
        id: String, name: String, email: String, employeeID: String = "", department: String = "", active: Bool = true, leftAt: Date? = nil,
        manager: String = ""
    ) {
        self.id = id
        self.name = name
        self.email = email.lowercased()
        self.employeeID = employeeID
        self.department = department
        self.active = active
        self.leftAt = leftAt
        self.manager = manager.lowercased()
    }
}

/// How much a system matters (a source's own, or the criticality of the asset it belongs to).
public enum SystemCriticality: String, Sendable, Codable, CaseIterable, Comparable {
    case low, medium, high, critical
    public static func < (a: Self, b: Self) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// The kinds of risky access.
public enum AccessFindingType: String, Sendable, Codable, CaseIterable {
    case orphaned, leaver, dormant, privileged, shared, sod
    case noMFA = "no_mfa"
    case staleCredentials = "stale_credentials"
}

/// One risky access of one account, with its severity and the reasons in words.
public struct AccessFindingDraft: Sendable, Equatable {
    public var type: AccessFindingType
    public var username: String
    public var severity: Severity
    public var reasons: [String]
}

/// Matches accounts to people: the same e-mail, the same employee id, or a login name that is the e-mail's local
/// part (`avogel` for `avogel@example.com`) or the person's first and last names joined by `.`, `_` or nothing.
/// A manual link (kept by the service across imports) wins over every rule.
public enum AccountLinking {
    public static func person(for account: ImportedAccount, in people: [GovernancePerson]) -> GovernancePerson? {
        Index(people).person(for: account)
    }

    /// The people by e-mail, employee id and the login names the rules derive from them, for many accounts.
    public struct Index: Sendable {
        var byEmail: [String: GovernancePerson] = [:]
        var byEmployeeID: [String: GovernancePerson] = [:]
        var byLogin: [String: GovernancePerson] = [:]

        public init(_ people: [GovernancePerson]) {
            for person in people.reversed() {
                // Reversed, so that the first person of the list wins a name two share.
                byEmail[person.email] = person
                if !person.employeeID.isEmpty { byEmployeeID[person.employeeID] = person }
                var logins: [String] = []
                if let local = person.email.split(separator: "@").first { logins.append(String(local)) }
                let names = person.name.lowercased().split(separator: " ").map(String.init)
                if let first = names.first, let last = names.last, names.count > 1 {
                    logins += [first + "." + last, first + "_" + last, first + last, String(first.prefix(1)) + last]
                }
                for login in logins { byLogin[login] = person }
            }
        }

        public func person(for account: ImportedAccount) -> GovernancePerson? {
            let email = account.email.lowercased()
            if !email.isEmpty, let found = byEmail[email] { return found }
            if !account.employeeID.isEmpty, let found = byEmployeeID[account.employeeID] { return found }
            return byLogin[account.username.lowercased()]
        }
    }
}

/// The findings of one account: orphaned (no person and not a system account or declared service account), leaver
/// still enabled (after the person left, with the hours since), dormant (no login in the source's threshold),
/// privileged (each privileged entitlement), shared or generic (a name like `admin`, `test`, `shared` with no
/// owner), no MFA (where the source says), stale credentials (a password or key older than the limit, or a key not
/// used within the dormancy threshold). Severity rises with privilege and with the system's criticality.
public enum AccessAnalysis {
    public struct Settings: Sendable, Equatable {
        public var dormantDays: Int
        /// A password or key older than this is stale.
        public var credentialMaxAgeDays: Int

        public init(dormantDays: Int = 90, credentialMaxAgeDays: Int = 365) {
            self.dormantDays = dormantDays
            self.credentialMaxAgeDays = credentialMaxAgeDays
        }
    }

    static let genericNames: Set<String> = [
        "admin", "administrator", "test", "testuser", "shared", "guest", "temp", "demo", "user", "support", "ops",
    ]

    /// A name nobody in particular answers to: `admin`, `test`, … or such a word joined to another (`shared-sales`,
    /// `temp.admin`, `test_user`).
    static func isGeneric(_ username: String) -> Bool {
        let name = username.lowercased()
        if genericNames.contains(name) { return true }
        let words = name.split { "-_.".contains($0) }.map(String.init)
        return words.count > 1 && ["shared", "generic", "guest", "temp", "test"].contains { words.first == $0 || words.last == $0 }
    }

    public static func findings(
        _ account: ImportedAccount, person: GovernancePerson?, serviceOwner: String? = nil, criticality: SystemCriticality, settings: Settings,
        now: Date
    ) -> [AccessFindingDraft] {
        var found: [AccessFindingDraft] = []
        func add(_ type: AccessFindingType, _ base: Severity, _ reasons: [String]) {
            var level = Severity.allCases.firstIndex(of: base)!
            if account.isPrivileged && type != .privileged { level += 1 }
            if criticality == .critical { level += 1 } else if criticality == .low { level -= 1 }
            let severity = Severity.allCases[max(1, min(Severity.allCases.count - 1, level))]
            found.append(AccessFindingDraft(type: type, username: account.username, severity: severity, reasons: reasons))
        }
        let service = account.isSystem || serviceOwner != nil
        let generic = isGeneric(account.username)
        if account.enabled {
            if let person, !person.active {
                let since = person.leftAt.map { Int(now.timeIntervalSince($0) / 3600) }
                add(.leaver, .high, ["\(person.name) has left" + (since.map { " (\($0) hours ago)" } ?? "") + " and the account is still enabled"])
            } else if person == nil && !service && !generic {
                add(.orphaned, .medium, ["no person in the people inventory matches this account"])
            }
            if generic && serviceOwner == nil && !account.isSystem {
                add(.shared, .medium, ["'\(account.username)' is a generic name with no declared owner: nobody answers for it"])
            }
            let dormantSince = now.addingTimeInterval(-Double(settings.dormantDays) * 86400)
            if !account.isSystem {
                if let last = account.lastLoginAt {
                    if last < dormantSince {
                        add(.dormant, .low, ["no login for \(Int(now.timeIntervalSince(last) / 86400)) days (threshold \(settings.dormantDays))"])
                    }
                } else if let created = account.createdAt, created < dormantSince {
                    add(.dormant, .low, ["never used since it was made \(Int(now.timeIntervalSince(created) / 86400)) days ago"])
                }
            }
            if account.mfa == false && !account.credentials.filter({ $0.kind == .password && $0.active }).isEmpty {
                add(.noMFA, .medium, ["signs in with a password and no second factor"])
            }
            let maxAge = now.addingTimeInterval(-Double(settings.credentialMaxAgeDays) * 86400)
            let stale = account.credentials.filter { $0.active }.compactMap { credential -> String? in
                let what = credential.identifier.isEmpty ? credential.kind.rawValue.replacingOccurrences(of: "_", with: " ") : credential.identifier
                if let created = credential.createdAt, created < maxAge {
                    return "\(what) last changed \(Int(now.timeIntervalSince(created) / 86400)) days ago (limit \(settings.credentialMaxAgeDays))"
                }
                if credential.kind == .accessKey, (credential.lastUsedAt ?? credential.createdAt ?? now) < dormantSince {
                    return "\(what) unused for \(settings.dormantDays) days or more"
                }
                return nil
            }
            if !stale.isEmpty { add(.staleCredentials, .low, stale) }
        }
        let privileged = account.entitlements.filter(\.privileged)
        if !privileged.isEmpty {
            add(.privileged, .medium, privileged.map { "\($0.name): \($0.reason)" })
        }
        return found
    }
}
