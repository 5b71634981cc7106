// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Hummingbird

/// `/api/v1/tokens`: API tokens. Everyone manages their own; `tokens.manage` sees and revokes all, and creates for others.
struct TokensController {
    let auth: AuthService

    struct CreateInput: APIInput {
        static let fields: Set<String> = ["name", "scopes", "expires_in_days", "username"]
        var name: String?
        var scopes: [String]
        var expiresInDays: Int?
        /// Create for another user (needs `tokens.manage`).
        var username: String?
    }

    struct Created: ResponseBody {
        var token: TokenBody
        /// The secret, shown this once.
        var secret: String
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/tokens", operationID: "listTokens",
                summary: "List your tokens (`all=true` lists everyone's, with tokens.manage)", tag: "Tokens",
                access: .permission(.tokensOwn), query: [.init("all", "true for every user's tokens", .boolean)],
                responseSchema: "TokenList")
        ) { request, context in
            let all = try request.queryBool("all") ?? false
            if all { try context.require(.tokensManage) }
            let tokens = try await auth.listTokens(userID: all ? nil : context.principal.userID)
            let now = auth.clock.now()
            return try JSONResponse.make(PageBody(key: "tokens", page: Page(items: tokens.map { TokenBody($0, now: now) }, next: nil)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/tokens", operationID: "createToken",
                summary: "Create a token; its secret is in the answer and never again", tag: "Tokens",
                access: .permission(.tokensOwn), requestSchema: "TokenInput", responseSchema: "TokenCreated",
                successStatus: 201)
        ) { request, context in
            let input = try await request.json(CreateInput.self)
            var scopes: [TokenScope] = []
            for text in input.scopes {
                guard let scope = TokenScope(rawValue: text) else {
                    throw CoreError.invalid([
                        FieldError(field: "scopes", message: "'\(text)' is not one of \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))")
                    ])
                }
                scopes.append(scope)
            }
            var username = context.principal.username
            if let other = input.username?.lowercased(), other != username {
                try context.require(.tokensManage)
                username = other
            }
            // Nobody mints a token wider than their own role, except an admin for another user.
            if username == context.principal.username, context.principal.method == .token, scopes.contains(.admin) {
                try context.require(.tokensManage)
            }
            // A token-authenticated request makes a child of its token: no wider, no longer-lived, ending with it.
            let parent = context.principal.method == .token ? context.principal.credentialID : nil
            let (token, secret) = try await auth.createToken(
                username: username, name: input.name ?? "", scopes: scopes,
                expiresInDays: input.expiresInDays, parentTokenID: parent, by: context.actor)
            return try JSONResponse.make(Created(token: TokenBody(token, now: auth.clock.now()), secret: secret), status: .created)
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/tokens/{id}", operationID: "revokeToken",
                summary: "Revoke a token (yours, or any with tokens.manage)", tag: "Tokens",
                access: .permission(.tokensOwn), successStatus: 204)
        ) { _, context in
            let owner = context.principal.can(.tokensManage) ? nil : context.principal.userID
            _ = try await auth.revokeToken(id: try context.id("token"), ownerID: owner, by: context.actor)
            return Response(status: .noContent)
        }
    }
}
