// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Reading users and tokens: the service is the only door to its stores.
extension AuthService {
    public func findUser(id: String) async throws -> User? { try await users.get(id: id) }
    /// The user with this username (any case), or nil.
    public func findUser(username: String) async throws -> User? { try await users.get(username: username.lowercased()) }
    public func listUsers(page: PageRequest) async throws -> Page<User> { try await users.list(page: page) }
    public func userCount() async throws -> Int { try await users.count() }

    /// The tokens of one user, or of everybody when `userID` is nil.
    public func listTokens(userID: String?) async throws -> [APIToken] { try await tokens.list(userID: userID) }
}
