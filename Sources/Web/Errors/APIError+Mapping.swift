// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Monitoring

extension APIError {
    /// Maps any error to what the client is told. Unknown errors become 500 without internals.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as CoreError:
            switch error {
            case .invalid(let fields):
                return APIError(
                    status: .unprocessableContent, code: "invalid", message: fields.map(\.description).joined(separator: "; "), details: fields)
            case .notFound(let kind, let id):
                return APIError(status: .notFound, code: "not_found", message: "\(kind) '\(id)' does not exist")
            case .conflict(let message):
                return APIError(status: .conflict, code: "conflict", message: message)
            case .forbidden(let message):
                return APIError(status: .forbidden, code: "forbidden", message: message)
            case .upstream(let message):
                return APIError(status: .badGateway, code: "upstream", message: message)
            }
        case let error as AccessError:
            switch error {
            case .invalidCredentials:
                return APIError(status: .unauthorized, code: "invalid_credentials", message: "wrong username or password")
            case .locked(let until):
                let seconds = max(1, Int(until.timeIntervalSinceNow.rounded(.up)))
                return APIError(
                    status: .tooManyRequests, code: "locked",
                    message: "too many failed sign-ins; the account is locked for \(seconds / 60 + 1) minutes", retryAfter: seconds)
            case .throttled(let retryAfter):
                return APIError(
                    status: .tooManyRequests, code: "throttled", message: "too many failed sign-ins from this address; try again later",
                    retryAfter: retryAfter)
            case .invalidCode:
                return APIError(status: .unauthorized, code: "invalid_code", message: "wrong or already used authentication code")
            case .weakPassword(let problems):
                return APIError(
                    status: .unprocessableContent, code: "invalid", message: "password: " + problems.joined(separator: "; "),
                    details: problems.map { FieldError(field: "password", message: $0) })
            case .lastAdmin:
                return APIError(status: .conflict, code: "last_admin", message: "this would leave no enabled admin")
            case .unauthenticated:
                return .unauthenticated
            case .forbidden(let message):
                return APIError(status: .forbidden, code: "forbidden", message: message)
            }
        case let error as EventSearchTimedOut:
            return APIError(status: .serviceUnavailable, code: "search_timeout", message: error.description, retryAfter: 1)
        case let error as DecodingError:
            return APIError(status: .badRequest, code: "bad_request", message: describe(error))
        case let error as any HTTPResponseError:
            let status = error.status
            let code: String
            switch status.code {
            case 404: code = "not_found"
            case 405: code = "method_not_allowed"
            case 413: code = "payload_too_large"
            case 400: code = "bad_request"
            case 401: code = "unauthenticated"
            case 403: code = "forbidden"
            default: code = status.code >= 500 ? "internal" : "error"
            }
            let message = (error as? HTTPError)?.body ?? status.reasonPhrase
            return APIError(status: status, code: code, message: status.code == 404 ? "no such route or object" : message)
        default:
            return APIError(
                status: .internalServerError, code: "internal", message: "internal error; the server log has the details (search for the request id)")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? snake(key.stringValue) }
            return keys.isEmpty ? "body" : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "body" ? "" : parent + ".")\(snake(key.stringValue)): is required"
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(typeName(type)), got null"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return "body: not valid JSON" }
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "body: cannot be read"
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Double.Type: return "a number"
        case is [String].Type, is [Any].Type: return "an array"
        default: return "a value of another type"
        }
    }

    static func snake(_ key: String) -> String {
        var out = ""
        for char in key {
            if char.isUppercase { out += "_" + char.lowercased() } else { out.append(char) }
        }
        return out
    }
}
