// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// `/api/v1/me`: who the caller is and what they may do; their own password.
struct MeController {
    let auth: AuthService

    struct MeBody: ResponseBody {
        var user: UserBody
        var authenticatedBy: String
        var permissions: [String]
    }

    struct SessionBody: ResponseBody {
        var id: String
        var createdAt: Date
        var lastSeenAt: Date
        var source: String
        var userAgent: String
        var current: Bool
    }

    struct PasswordInput: APIInput {
        static let fields: Set<String> = ["current_password", "new_password"]
        var currentPassword: String
        var newPassword: String
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/me", operationID: "getMe", summary: "The caller, how they authenticated, and their permissions",
                tag: "Account", access: .permission(.selfService), responseSchema: "Me")
        ) { _, context in
            guard let user = try await auth.findUser(id: context.principal.userID) else { throw APIError.unauthenticated }
            return try JSONResponse.make(
                MeBody(
                    user: UserBody(user, now: auth.clock.now()), authenticatedBy: context.principal.method.rawValue,
                    permissions: context.principal.permissions.sorted().map(\.rawValue)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/me/sessions", operationID: "listMySessions",
                summary: "Your signed-in browser sessions, most recently used first", tag: "Account",
                access: .permission(.selfService), responseSchema: "SessionList")
        ) { _, context in
            let sessions = try await auth.activeSessions(userID: context.principal.userID).map {
                SessionBody(
                    id: $0.id, createdAt: $0.createdAt, lastSeenAt: $0.lastSeenAt, source: $0.source, userAgent: $0.userAgent,
                    current: $0.id == context.session?.id)
            }
            return try JSONResponse.make(PageBody(key: "sessions", page: Page(items: sessions, next: nil)))
        }
        routes.add(
            .init(
                method: .delete, path: "/api/v1/me/sessions/{id}", operationID: "endMySession",
                summary: "End one of your sessions (sign out a lost or shared device)", tag: "Account",
                access: .permission(.selfService), successStatus: 204)
        ) { _, context in
            guard let id = context.parameters.get("id"), id.count == 64, id.allSatisfy(\.isHexDigit) else {
                throw CoreError.notFound(kind: "session", id: context.parameters.get("id") ?? "")
            }
            try await auth.endSession(id: id, userID: context.principal.userID, by: context.actor)
            return Response(status: .noContent)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/me/password", operationID: "changeMyPassword",
                summary: "Change your own password (your other sessions end)", tag: "Account",
                access: .permission(.selfService), requestSchema: "PasswordChange", successStatus: 204)
        ) { request, context in
            let input = try await request.json(PasswordInput.self)
            do {
                try await auth.changePassword(
                    userID: context.principal.userID, current: input.currentPassword, new: input.newPassword,
                    keepSession: context.session?.id, by: context.actor)
            } catch AccessError.invalidCredentials {
                throw CoreError.invalid([FieldError(field: "current_password", message: "is wrong")])
            }
            return Response(status: .noContent)
        }
    }
}
