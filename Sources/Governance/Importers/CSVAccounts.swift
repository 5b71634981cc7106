// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The account lists that come as CSV: an application's (`accounts_csv`), the AWS IAM credential report as AWS writes
/// it, and `Get-ADUser -Properties * | Export-Csv` from Active Directory. Columns are found by their header names, in
/// any order; a file without a required column is refused whole, a row that cannot be read is left out with its line.
public enum CSVAccounts {
    /// `account,display_name,email,roles,last_login,enabled`: roles separated by `;`, `last_login` RFC 3339 or a
    /// date, `enabled` true/false. A role whose name says administrator (`admin`, `root`, `superuser`, `owner`) is
    /// privileged.
    public static func accounts(_ text: String, name: String) -> AccountBatch {
        read(text, name: name, required: ["account"]) { row, place, batch in
            let enabledText = row["enabled"]?.lowercased() ?? "true"
            guard let enabled = ["true": true, "yes": true, "1": true, "false": false, "no": false, "0": false][enabledText] else {
                batch.reject(place, "enabled: '\(enabledText.prefix(20))' is not true or false")
                return nil
            }
            var lastLogin: Date?
            if let text = row["last_login"]?.nonEmptyValue {
                guard let date = Timestamp.parse(text) ?? Timestamp.parse(text + "T00:00:00Z") else {
                    batch.reject(place, "last_login: '\(text.prefix(40))' is not an RFC 3339 time or YYYY-MM-DD")
                    return nil
                }
                lastLogin = date
            }
            let roles = (row["roles"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return ImportedAccount(
                username: row["account"] ?? "", displayName: row["display_name"] ?? "", email: (row["email"] ?? "").lowercased(), enabled: enabled,
                lastLoginAt: lastLogin,
                entitlements: roles.map { role in
                    let admin = ["admin", "administrator", "root", "superuser", "owner", "sysadmin"].contains { role.lowercased().contains($0) }
                    return Entitlement(kind: .role, name: role, privileged: admin, reason: admin ? "an administrator role" : "")
                }, place: place)
        }
    }

    /// The IAM credential report (`aws iam get-credential-report`, decoded): password and MFA state, access keys
    /// with their rotation and last use. `<root_account>` is the account's root user: privileged, and a system
    /// account (no person should use it).
    public static func awsCredentialReport(_ text: String, name: String) -> AccountBatch {
        read(text, name: name, required: ["user", "arn", "password_enabled", "mfa_active"]) { row, place, _ in
            func date(_ column: String) -> Date? { row[column].flatMap { Timestamp.parse($0) } }
            let user = row["user"] ?? ""
            let root = user == "<root_account>"
            var account = ImportedAccount(
                username: user, displayName: row["arn"] ?? "", createdAt: date("user_creation_time"), mfa: row["mfa_active"] == "true",
                isSystem: root, place: place)
            account.lastLoginAt = [date("password_last_used"), date("access_key_1_last_used_date"), date("access_key_2_last_used_date")]
                .compactMap { $0 }.max()
            if root {
                account.entitlements.append(Entitlement(kind: .role, name: "root user", privileged: true, reason: "the AWS account's root user"))
            }
            if row["password_enabled"] == "true" || root {
                account.credentials.append(
                    Credential(kind: .password, createdAt: date("password_last_changed"), lastUsedAt: date("password_last_used")))
            }
            for number in 1...2 where row["access_key_\(number)_active"] == "true" {
                account.credentials.append(
                    Credential(
                        kind: .accessKey, identifier: "access key \(number)", createdAt: date("access_key_\(number)_last_rotated"),
                        lastUsedAt: date("access_key_\(number)_last_used_date")))
            }
            return account
        }
    }

    /// `Get-ADUser -Filter * -Properties * | Export-Csv`: Windows PowerShell's `#TYPE` first line is skipped;
    /// `Enabled`, `SamAccountName`, `UserPrincipalName`, `mail`, `EmployeeID`, `DisplayName`, `lastLogonTimestamp`
    /// (a FILETIME), `pwdLastSet`, `adminCount`, `MemberOf` (distinguished names joined by `;` — exported as is it
    /// reads `Microsoft.ActiveDirectory.Management.ADPropertyValueCollection`, which is refused with a hint).
    public static func activeDirectory(_ text: String, name: String) -> AccountBatch {
        var body = text
        if body.hasPrefix("\u{FEFF}") { body.removeFirst() }
        if body.hasPrefix("#TYPE") {
            // Up to the first line end (CR LF is one Character in Swift, so look for any newline).
            body = body.firstIndex(where: \.isNewline).map { String(body[body.index(after: $0)...]) } ?? ""
        }
        return read(body, name: name, required: ["samaccountname"], lineOffset: body.count == text.count ? 0 : 1) { row, place, batch in
            func filetime(_ column: String) -> Date? { DirectoryAccounts.filetime(row[column]) }
            var account = ImportedAccount(
                username: row["samaccountname"] ?? "", displayName: row["displayname"] ?? row["name"] ?? "",
                email: (row["mail"] ?? row["userprincipalname"] ?? "").lowercased(), employeeID: row["employeeid"] ?? "",
                enabled: (row["enabled"] ?? "True").lowercased() == "true", lastLoginAt: filetime("lastlogontimestamp"), place: place)
            if let set = filetime("pwdlastset") { account.credentials.append(Credential(kind: .password, createdAt: set)) }
            if row["admincount"] == "1" {
                account.entitlements.append(
                    Entitlement(kind: .role, name: "adminCount=1", privileged: true, reason: "protected by AdminSDHolder: a member of an admin group")
                )
            }
            let memberOf = row["memberof"] ?? ""
            if memberOf.contains("ADPropertyValueCollection") {
                batch.reject(place, "MemberOf was exported as a collection: export it joined, @{n='MemberOf';e={$_.MemberOf -join ';'}}")
                return nil
            }
            for dn in memberOf.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !dn.isEmpty {
                let cn = dn.split(separator: ",").first.map { String($0.dropFirst(3)) } ?? dn
                let admin = ["Domain Admins", "Enterprise Admins", "Schema Admins", "Administrators", "Account Operators", "Backup Operators"]
                    .contains(cn)
                account.entitlements.append(
                    Entitlement(kind: .group, name: cn, privileged: admin, reason: admin ? "\(cn) administers the domain" : ""))
            }
            return account
        }
    }

    /// Reads the header (names compared without case) and each row; `make` answers the account or nil (rejected).
    static func read(
        _ text: String, name: String, required: [String], lineOffset: Int = 0,
        make: ([String: String], String, inout AccountBatch) -> ImportedAccount?
    ) -> AccountBatch {
        var batch = AccountBatch()
        let records: [CSV.Record]
        do { records = try CSV.parse(text, maximumFields: 500) } catch {
            batch.reject("\(name):\(error.line + lineOffset)", error.message)
            return batch
        }
        guard let header = records.first else {
            batch.reject(name, "the file is empty")
            return batch
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = required.filter { !columns.contains($0) }
        guard missing.isEmpty else {
            batch.reject("\(name):\(header.line + lineOffset)", "the header has no \(missing.joined(separator: ", ")) column")
            return batch
        }
        var seen = Set<String>()
        for record in records.dropFirst() {
            let place = "\(name):\(record.line + lineOffset)"
            var row: [String: String] = [:]
            for (column, value) in zip(columns, record.fields) { row[column] = value.trimmingCharacters(in: .whitespaces) }
            for (key, value) in row where ["N/A", "no_information", "not_supported", ""].contains(value) { row[key] = nil }
            guard let account = make(row, place, &batch) else { continue }
            if let problem = AccountText.usernameProblem(account.username) {
                batch.reject(place, problem)
                continue
            }
            guard seen.insert(account.username.lowercased()).inserted else {
                batch.reject(place, "\(account.username.prefix(64)) is listed twice")
                continue
            }
            batch.accounts.append(account)
        }
        return batch
    }
}
