// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Security settings of sign-in, sessions and passwords; built once by the application from its configuration.
public struct AuthPolicy: Sendable {
    /// bcrypt work factor; 12 in production (about a quarter of a second), lower only in tests.
    public var bcryptCost: UInt8 = 12
    public var minPasswordLength = 12
    /// Consecutive failures that lock an account.
    public var lockoutThreshold = 5
    public var lockoutDuration: TimeInterval = 15 * 60
    /// Failures from one source address for one account within `throttleWindow` after which that pair is answered 429.
    public var throttleFailuresPerAccountAndSource = 20
    /// Failures from one source address across all accounts (a password spray) after which the address is answered 429.
    /// Higher than the per-account bound, so that colleagues' typos behind one NAT do not lock everyone out.
    public var throttleFailuresPerSource = 100
    public var throttleWindow: TimeInterval = 5 * 60
    /// A session unused this long ends.
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in, however active.
    public var sessionAbsoluteTimeout: TimeInterval = 12 * 60 * 60
    /// Admins must set up TOTP before they can do anything else.
    public var requireMFAForAdmins = false
    /// Longest lifetime of an API token, in days.
    public var maxTokenDays = 366

    public init() {}

    /// Every problem with `password` for `username`; empty when acceptable.
    public func passwordProblems(_ password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minPasswordLength { problems.append("must be at least \(minPasswordLength) characters") }
        // bcrypt reads only the first 72 bytes: refuse longer ones rather than ignore their tail.
        if password.utf8.count > 72 { problems.append("must be at most 72 bytes") }
        if password.lowercased().contains(username.lowercased()) && !username.isEmpty { problems.append("must not contain the username") }
        if Set(password).count < 5 { problems.append("must use at least 5 different characters") }
        return problems
    }

    /// A random password this policy accepts for `username`. A random one can happen to contain a short username
    /// ("a2" in about one of 80 passwords): that one is drawn again, so creating or resetting a user never fails on
    /// a password nobody chose.
    public func generatePassword(for username: String) -> String {
        while true {
            let password = Secrets.generatePassword(length: max(20, minPasswordLength))
            if passwordProblems(password, username: username).isEmpty { return password }
        }
    }
}
