// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// SCIM 2.0 users (RFC 7643) as a file: a `ListResponse` (`Resources`), an array of users, or one user. `userName`
/// is the login; `displayName` or `name.formatted`; the primary (else first) of `emails`; `active`; `groups[].display`
/// as group entitlements; the enterprise extension's `employeeNumber`; `meta.created`.
public enum SCIMAccounts {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    public static func read(_ data: Data, name: String) -> AccountBatch {
        var batch = AccountBatch()
        guard let root = try? JSONSerialization.jsonObject(with: data) else {
            batch.reject(name, "not JSON: a SCIM ListResponse, an array of users or one user")
            return batch
        }
        let users: [Any]
        if let list = root as? [String: Any], let resources = list["Resources"] as? [Any] {
            users = resources
        } else if let array = root as? [Any] {
            users = array
        } else if let one = root as? [String: Any], one["userName"] != nil {
            users = [one]
        } else {
            batch.reject(name, "no Resources: not a SCIM ListResponse of users")
            return batch
        }
        for (offset, item) in users.enumerated() {
            let place = "\(name): Resources[\(offset)]"
            guard let user = item as? [String: Any], let userName = user["userName"] as? String else {
                batch.reject(place, "a user without a userName")
                continue
            }
            if let problem = AccountText.usernameProblem(userName) {
                batch.reject(place, problem)
                continue
            }
            let emails = (user["emails"] as? [[String: Any]]) ?? []
            let email = (emails.first { $0["primary"] as? Bool == true } ?? emails.first)?["value"] as? String ?? ""
            let display = user["displayName"] as? String ?? ((user["name"] as? [String: Any])?["formatted"] as? String) ?? ""
            var account = ImportedAccount(
                username: userName, displayName: display, email: email.lowercased(),
                employeeID: (user[enterprise] as? [String: Any])?["employeeNumber"] as? String ?? "", enabled: user["active"] as? Bool ?? true,
                createdAt: ((user["meta"] as? [String: Any])?["created"] as? String).flatMap(Timestamp.parse), place: place)
            for group in (user["groups"] as? [[String: Any]]) ?? [] {
                guard let groupName = (group["display"] as? String) ?? (group["value"] as? String) else { continue }
                account.entitlements.append(DirectoryAccounts.groupEntitlement(groupName))
            }
            batch.accounts.append(account)
        }
        return batch
    }
}
