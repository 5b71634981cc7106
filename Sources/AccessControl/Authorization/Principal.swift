// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Who is making a request, and what they may do: a signed-in user, or an API token on a user's behalf.
public struct Principal: Sendable, Equatable {
    public var userID: String
    public var username: String
    public var role: Role
    public var permissions: Set<Permission>
    /// How the request authenticated.
    public var method: Method
    /// The session id hash or token id, so that a user can see and end it.
    public var credentialID: String
    /// The user's e-mail: who they are in the people inventory (a reviewer's items, a trainee's courses).
    public var email: String

    public enum Method: String, Sendable, Equatable {
        case session, token
    }

    public init(userID: String, username: String, role: Role, permissions: Set<Permission>, method: Method, credentialID: String, email: String = "")
    {
        self.userID = userID
        self.username = username
        self.role = role
        self.permissions = permissions
        self.method = method
        self.credentialID = credentialID
        self.email = email.lowercased()
    }

    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }
}
