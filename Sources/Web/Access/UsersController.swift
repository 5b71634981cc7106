// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import AccessControl
import BulwarkCore
import Hummingbird

/// `/api/v1/users`: the platform's own users (admin only).
struct UsersController {
    let auth: AuthService

    struct CreateInput: APIInput {
        static let fields: Set<String> = ["username", "role", "display_name", "email", "password"]
        var username: String
        var role: String
        var displayName: String?
        var email: String?
        var password: String?
    }

    struct UpdateInput: APIInput {
        static let fields: Set<String> = ["role", "display_name", "email", "disabled"]
        var role: String?
        var displayName: String?
        var email: String?
        var disabled: Bool?
    }

    struct PasswordInput: APIInput {
        static let fields: Set<String> = ["password"]
        var password: String?
    }

    struct Created: ResponseBody {
        var user: UserBody
        /// Present only when the server generated the password; shown this once.
        var password: String?
    }

    static func role(_ text: String?) throws -> Role? {
        guard let text else { return nil }
        guard let role = Role(rawValue: text) else {
            throw CoreError.invalid([
                FieldError(field: "role", message: "'\(text)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            ])
        }
        return role
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/users", operationID: "listUsers", summary: "List users",
                tag: "Users", access: .permission(.usersManage),
                query: [.limit, .cursor],
                responseSchema: "UserPage")
        ) { request, _ in
            let page = try await auth.listUsers(page: try request.pageRequest())
            let now = auth.clock.now()
            return try JSONResponse.make(PageBody(key: "users", page: Page(items: page.items.map { UserBody($0, now: now) }, next: page.next)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/users", operationID: "createUser",
                summary: "Create a user (a password is generated and returned once when none is given)",
                tag: "Users", access: .permission(.usersManage), requestSchema: "UserInput", responseSchema: "UserCreated",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(CreateInput.self)
            let new = NewUser(
                username: input.username, role: try Self.role(input.role)!, displayName: input.displayName ?? "",
                email: input.email ?? "", password: input.password)
            let (user, generated) = try await auth.createUser(new, by: context.actor)
            return try JSONResponse.make(Created(user: UserBody(user, now: auth.clock.now()), password: generated), status: .created)
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/users/{id}", operationID: "getUser", summary: "Get a user",
                tag: "Users", access: .permission(.usersManage), responseSchema: "User")
        ) { _, context in
            let id = try context.id("user")
            guard let user = try await auth.findUser(id: id) else { throw CoreError.notFound(kind: "user", id: id) }
            return try JSONResponse.make(UserBody(user, now: auth.clock.now()))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/users/{id}", operationID: "updateUser",
                summary: "Change a user's role, name, email or disabled flag (disabling ends their sessions)",
                tag: "Users", access: .permission(.usersManage), requestSchema: "UserPatch", responseSchema: "User")
        ) { request, context in
            let input = try await request.json(UpdateInput.self)
            let user = try await auth.updateUser(
                id: try context.id("user"), role: try Self.role(input.role), displayName: input.displayName,
                email: input.email, disabled: input.disabled, by: context.actor)
            return try JSONResponse.make(UserBody(user, now: auth.clock.now()))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/users/{id}/password", operationID: "resetUserPassword",
                summary: "Set a user's password (generated and returned once when none is given); unlocks and ends their sessions",
                tag: "Users", access: .permission(.usersManage), requestSchema: "PasswordReset", responseSchema: "PasswordResult")
        ) { request, context in
            let input = try await request.json(PasswordInput.self)
            let generated = try await auth.resetPassword(userID: try context.id("user"), to: input.password, by: context.actor)
            return try JSONResponse.make(PasswordResultBody(password: generated))
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/users/{id}/mfa", operationID: "resetUserMFA",
                summary: "Turn off a user's MFA (when they lost their authenticator)", tag: "Users",
                access: .permission(.usersManage), successStatus: 204)
        ) { _, context in
            try await auth.disableMFA(userID: try context.id("user"), password: nil, by: context.actor)
            return Response(status: .noContent)
        }
    }
}
