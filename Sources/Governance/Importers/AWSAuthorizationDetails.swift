// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// `aws iam get-account-authorization-details` JSON: users with their groups, the managed policies attached to them
/// or their groups, and their inline policies; roles as system accounts. Privileged: `AdministratorAccess`,
/// `IAMFullAccess`, and any policy (managed, from `Policies`, or inline) with an `Allow` of every action (`*`) or
/// of every IAM action (`iam:*`, enough to grant oneself the rest) on every resource. Policy documents are read
/// as objects (the CLI decodes them) or as the URL-encoded strings the API returns.
public enum AWSAuthorizationDetails {
    static let administratorPolicies = ["AdministratorAccess": "full access to every service", "IAMFullAccess": "may grant itself any access"]

    public static func read(_ data: Data, name: String) -> AccountBatch {
        var batch = AccountBatch()
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            batch.reject(name, "not a JSON object as aws iam get-account-authorization-details prints it")
            return batch
        }
        guard root["UserDetailList"] is [Any] || root["RoleDetailList"] is [Any] else {
            batch.reject(name, "no UserDetailList or RoleDetailList: not get-account-authorization-details output")
            return batch
        }
        // Managed policies by ARN: whether their default version allows everything.
        var managed: [String: String] = [:]
        for (offset, item) in ((root["Policies"] as? [Any]) ?? []).enumerated() {
            guard let policy = item as? [String: Any], let arn = policy["Arn"] as? String else {
                batch.reject("\(name): Policies[\(offset)]", "a policy without an Arn")
                continue
            }
            let versions = (policy["PolicyVersionList"] as? [[String: Any]]) ?? []
            if let version = versions.first(where: { $0["IsDefaultVersion"] as? Bool == true }), let why = everything(version["Document"]) {
                managed[arn] = why
            }
        }
        func attached(_ list: Any?) -> [Entitlement] {
            ((list as? [[String: Any]]) ?? []).compactMap { policy in
                guard let policyName = policy["PolicyName"] as? String, let arn = policy["PolicyArn"] as? String else { return nil }
                let why =
                    arn.hasPrefix("arn:aws:iam::aws:policy/") ? administratorPolicies[policyName] ?? managed[arn] : managed[arn]
                return Entitlement(kind: .policy, name: arn, privileged: why != nil, reason: why ?? "")
            }
        }
        func inline(_ list: Any?, owner: String) -> [Entitlement] {
            ((list as? [[String: Any]]) ?? []).compactMap { policy in
                guard let policyName = policy["PolicyName"] as? String else { return nil }
                let why = everything(policy["PolicyDocument"])
                return Entitlement(kind: .policy, name: "inline \(owner)/\(policyName)", privileged: why != nil, reason: why ?? "")
            }
        }
        var groups: [String: [Entitlement]] = [:]
        for item in (root["GroupDetailList"] as? [[String: Any]]) ?? [] {
            guard let group = item["GroupName"] as? String else { continue }
            groups[group] = attached(item["AttachedManagedPolicies"]) + inline(item["GroupPolicyList"], owner: group)
        }
        for (offset, item) in ((root["UserDetailList"] as? [Any]) ?? []).enumerated() {
            let place = "\(name): UserDetailList[\(offset)]"
            guard let user = item as? [String: Any], let userName = user["UserName"] as? String else {
                batch.reject(place, "a user without a UserName")
                continue
            }
            var account = ImportedAccount(
                username: userName, displayName: user["Arn"] as? String ?? "", createdAt: (user["CreateDate"] as? String).flatMap(Timestamp.parse),
                place: place)
            for group in (user["GroupList"] as? [String]) ?? [] {
                let granted = groups[group] ?? []
                let via = granted.filter(\.privileged).map { "via \($0.name): \($0.reason)" }
                account.entitlements.append(Entitlement(kind: .group, name: group, privileged: !via.isEmpty, reason: via.joined(separator: "; ")))
            }
            account.entitlements += attached(user["AttachedManagedPolicies"]) + inline(user["UserPolicyList"], owner: userName)
            batch.accounts.append(account)
        }
        for (offset, item) in ((root["RoleDetailList"] as? [Any]) ?? []).enumerated() {
            guard let role = item as? [String: Any], let roleName = role["RoleName"] as? String else {
                batch.reject("\(name): RoleDetailList[\(offset)]", "a role without a RoleName")
                continue
            }
            var account = ImportedAccount(
                username: "role/\(roleName)", displayName: role["Arn"] as? String ?? "",
                lastLoginAt: ((role["RoleLastUsed"] as? [String: Any])?["LastUsedDate"] as? String).flatMap(Timestamp.parse), isSystem: true,
                place: "\(name): RoleDetailList[\(offset)]")
            account.entitlements = attached(role["AttachedManagedPolicies"]) + inline(role["RolePolicyList"], owner: roleName)
            batch.accounts.append(account)
        }
        return batch
    }

    /// Why a policy document grants everything (`*` or `iam:*` on `*`), or nil.
    static func everything(_ document: Any?) -> String? {
        var object = document
        if let text = document as? String {
            let decoded = text.removingPercentEncoding ?? text
            object = try? JSONSerialization.jsonObject(with: Data(decoded.utf8))
        }
        guard let policy = object as? [String: Any] else { return nil }
        let statements: [[String: Any]] = (policy["Statement"] as? [[String: Any]]) ?? ((policy["Statement"] as? [String: Any]).map { [$0] } ?? [])
        func values(_ value: Any?) -> [String] { (value as? [String]) ?? ((value as? String).map { [$0] } ?? []) }
        for statement in statements where statement["Effect"] as? String == "Allow" && values(statement["Resource"]).contains("*") {
            let actions = values(statement["Action"])
            if actions.contains("*") || actions.contains("*:*") { return "allows every action on every resource (*:*)" }
            if actions.contains("iam:*") { return "allows every IAM action: may grant itself anything" }
        }
        return nil
    }
}
