// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Why an access-control operation was refused.
public enum AccessError: Error, Sendable, Equatable {
    /// Unknown user, wrong password, or a disabled account: the caller is not told which.
    case invalidCredentials
    /// Too many failures: the account is locked until the given time.
    case locked(until: Date)
    /// Too many failures from this source address; try again after the given number of seconds.
    case throttled(retryAfter: Int)
    /// A wrong or replayed TOTP code.
    case invalidCode
    /// The new password breaks the policy; each string says how.
    case weakPassword([String])
    /// The change would leave no enabled admin.
    case lastAdmin
    /// The session or token is missing, expired or ended.
    case unauthenticated
    /// Authenticated, but not allowed.
    case forbidden(String)
}

extension AccessError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidCredentials: return "wrong username or password"
        case .locked(let until): return "the account is locked until \(until) after repeated failed sign-ins"
        case .throttled: return "too many failed sign-ins from this address"
        case .invalidCode: return "wrong or already used authentication code"
        case .weakPassword(let problems): return "password: " + problems.joined(separator: "; ")
        case .lastAdmin: return "this would leave no enabled admin"
        case .unauthenticated: return "not signed in"
        case .forbidden(let message): return message
        }
    }
}

/// Who did something and from where, for the audit log (BulwarkCore's ``AuditActor``).
public typealias Actor = AuditActor
