// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// The signed-in user's own page: profile, password, two-factor authentication, API tokens.
struct AccountPages {
    let auth: AuthService

    func register(_ router: Router<WebContext>) {
        router.get("/account") { request, context in
            let principal = try context.require(.selfService)
            return try await page(principal, context: context, notice: request.notice, error: nil)
        }
        router.post("/account/password") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            guard form["new_password"] == form["confirm_password"] else {
                return try await page(
                    principal, context: context, notice: nil, error: "The new passwords do not match.", status: .unprocessableContent)
            }
            do {
                try await auth.changePassword(
                    userID: principal.userID, current: form["current_password"] ?? "", new: form["new_password"] ?? "",
                    keepSession: context.session?.id, by: context.actor)
                return redirect("/account", notice: "Password changed. Your other sessions have ended.")
            } catch let error as AccessError {
                // A wrong current password is a wrong field of a signed-in user's form, not a failed sign-in.
                let message = error == .invalidCredentials ? "The current password is wrong." : APIError.from(error).message
                return try await page(principal, context: context, notice: nil, error: message, status: .unprocessableContent)
            }
        }
        router.get("/account/mfa") { _, context in
            let principal = try context.require(.selfService)
            return HTML.response(
                Layout.page(
                    title: "Two-factor authentication", area: nil, principal: principal, csrf: context.csrf,
                    body: MFASetup.form(
                        action: "/account/mfa", csrf: context.csrf, account: principal.username,
                        secret: auth.newMFASecret(), intro: "Sign-in will ask for a code from your app as well as your password.")))
        }
        router.post("/account/mfa") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            do {
                let codes = try await auth.enableMFA(
                    userID: principal.userID, secret: form.text("secret"), code: form.text("code"), by: context.actor)
                return HTML.response(
                    Layout.page(
                        title: "Two-factor authentication is on", area: nil, principal: principal, csrf: context.csrf,
                        body: MFASetup.recoveryCodes(codes, next: "/account")))
            } catch AccessError.invalidCode {
                return HTML.response(
                    Layout.page(
                        title: "Two-factor authentication", area: nil, principal: principal, csrf: context.csrf,
                        error: "That code is not right. Check the clock of your device and try the next code.",
                        body: MFASetup.form(
                            action: "/account/mfa", csrf: context.csrf, account: principal.username,
                            secret: form.text("secret"), intro: "")), status: .unprocessableContent)
            }
        }
        router.post("/account/mfa/recovery-codes") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            do {
                let codes = try await auth.regenerateRecoveryCodes(
                    userID: principal.userID, password: form.text("recovery_password"), by: context.actor)
                return HTML.response(
                    Layout.page(
                        title: "New recovery codes", area: nil, principal: principal, csrf: context.csrf,
                        body: MFASetup.recoveryCodes(codes, next: "/account")))
            } catch let error as AccessError {
                return try await page(
                    principal, context: context, notice: nil,
                    error: error == .invalidCredentials ? "The password is wrong." : APIError.from(error).message,
                    status: error == .invalidCredentials ? .unprocessableContent : APIError.from(error).status)
            } catch let error as CoreError {
                return try await page(principal, context: context, notice: nil, error: error.description, status: .conflict)
            }
        }
        router.post("/account/mfa/disable") { request, context in
            let principal = try context.require(.selfService)
            let form = try await Form.read(request, session: context.session)
            do {
                try await auth.disableMFA(userID: principal.userID, password: form["password"] ?? "", by: context.actor)
                return redirect("/account", notice: "Two-factor authentication is off.")
            } catch let error as AccessError {
                return try await page(
                    principal, context: context, notice: nil,
                    error: error == .invalidCredentials ? "The password is wrong." : APIError.from(error).message,
                    status: error == .invalidCredentials ? .unprocessableContent : APIError.from(error).status)
            }
        }
        router.post("/account/tokens") { request, context in
            let principal = try context.require(.tokensOwn)
            let form = try await Form.read(request, session: context.session)
            let scopes = form.all("scope").compactMap(TokenScope.init(rawValue:))
            do {
                let (_, secret) = try await auth.createToken(
                    username: principal.username, name: form.text("name"), scopes: scopes,
                    expiresInDays: Int(form.text("expires_in_days")), by: context.actor)
                return try await page(principal, context: context, notice: nil, error: nil, secret: secret)
            } catch let error as CoreError {
                return try await page(principal, context: context, notice: nil, error: error.description, status: .unprocessableContent)
            }
        }
        router.post("/account/sessions/{id}/end") { request, context in
            let principal = try context.require(.selfService)
            _ = try await Form.read(request, session: context.session)
            try await auth.endSession(id: context.parameters.get("id") ?? "", userID: principal.userID, by: context.actor)
            return redirect("/account", notice: "The session has ended.")
        }
        router.post("/account/tokens/{id}/revoke") { request, context in
            let principal = try context.require(.tokensOwn)
            _ = try await Form.read(request, session: context.session)
            _ = try await auth.revokeToken(id: context.parameters.get("id") ?? "", ownerID: principal.userID, by: context.actor)
            return redirect("/account", notice: "Token revoked.")
        }
    }

    func page(
        _ principal: Principal, context: WebContext, notice: String?, error: String?, secret: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = try await AccountPage.load(auth, principal: principal, currentSessionID: context.session?.id, csrf: context.csrf, secret: secret)
        return HTML.response(
            Layout.page(
                title: "Your account", area: nil, principal: principal, csrf: context.csrf, notice: notice, error: error, body: page.render()),
            status: status)
    }
}
