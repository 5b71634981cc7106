// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation

/// The signed-in user's own page: profile, password, two-factor authentication, sessions, API tokens.
struct AccountPage: Sendable {
    var user: User
    var tokens: [APIToken]
    var sessions: [Session]
    var canOwnTokens: Bool
    /// The session of this browser (it cannot end itself from the list).
    var currentSessionID: String?
    var minPasswordLength: Int
    /// A one-time message above the page: a new token's secret, shown once.
    var secret: String?
    var csrf: String
    var now: Date

    static func load(_ auth: AuthService, principal: Principal, currentSessionID: String?, csrf: String, secret: String? = nil) async throws
        -> AccountPage
    {
        guard let user = try await auth.findUser(id: principal.userID) else { throw APIError.unauthenticated }
        let canOwnTokens = principal.can(.tokensOwn)
        return AccountPage(
            user: user, tokens: canOwnTokens ? try await auth.listTokens(userID: user.id) : [],
            sessions: try await auth.activeSessions(userID: user.id),
            canOwnTokens: canOwnTokens, currentSessionID: currentSessionID, minPasswordLength: auth.policy.minPasswordLength, secret: secret,
            csrf: csrf, now: auth.clock.now())
    }
}
