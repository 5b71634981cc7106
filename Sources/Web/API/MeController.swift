import AccessControl
import BulwarkCore
import Hummingbird

/// `/api/v1/me`: who the caller is and what they may do; their own password.
struct MeController {
    let auth: AuthService

    struct MeBody: Encodable {
        var user: UserBody
        var authenticatedBy: String
        var permissions: [String]
    }

    struct PasswordInput: APIInput {
        static let fields: Set<String> = ["current_password", "new_password"]
        var currentPassword: String
        var newPassword: String
    }

    func register(_ routes: APIRoutes) {
        routes.add(.init(method: .get, path: "/api/v1/me", operationID: "getMe", summary: "The caller, how they authenticated, and their permissions",
                         tag: "Account", access: .permission(.selfService), responseSchema: "Me")) { _, context in
            guard let user = try await auth.users.get(id: context.principal.userID) else { throw APIError.unauthenticated }
            return try JSONResponse.make(MeBody(user: UserBody(user, now: auth.clock.now()), authenticatedBy: context.principal.method.rawValue,
                                                permissions: context.principal.permissions.sorted().map(\.rawValue)))
        }
        routes.add(.init(method: .post, path: "/api/v1/me/password", operationID: "changeMyPassword",
                         summary: "Change your own password (your other sessions end)", tag: "Account",
                         access: .permission(.selfService), requestSchema: "PasswordChange", successStatus: 204)) { request, context in
            let input = try await request.json(PasswordInput.self)
            do {
                try await auth.changePassword(userID: context.principal.userID, current: input.currentPassword, new: input.newPassword,
                                              keepSession: context.session?.id, by: context.actor)
            } catch AccessError.invalidCredentials {
                throw CoreError.invalid([FieldError(field: "current_password", message: "is wrong")])
            }
            return Response(status: .noContent)
        }
    }
}
