// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Hummingbird

/// An error as the API reports it: `{"error":{"code":"…","message":"…","details":[…]}}` with an HTTP status.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    /// Stable, machine-readable: `invalid`, `not_found`, `forbidden`, …
    public var code: String
    /// For a person: what went wrong and where.
    public var message: String
    /// Per-field problems, for 422.
    public var details: [FieldError]
    /// Seconds, for 429 and 503.
    public var retryAfter: Int?

    public init(status: HTTPResponse.Status, code: String, message: String, details: [FieldError] = [], retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
    }

    public static let unauthenticated = APIError(
        status: .unauthorized, code: "unauthenticated",
        message: "sign in, or send 'Authorization: Bearer <token>'")

    public static func badRequest(_ message: String) -> APIError { APIError(status: .badRequest, code: "bad_request", message: message) }

    /// The JSON body (schema `Error`).
    var body: ErrorBody { ErrorBody(self) }
}

/// `{"error":{"code":"…","message":"…","details":[…]}}`: `details` only when there are per-field problems, and a
/// detail's `line` only when the problem is on a line of a file.
struct ErrorBody: ResponseBody {
    struct Detail: Encodable, Sendable {
        var field: String
        var message: String
        var line: Int?
    }
    struct Failure: Encodable, Sendable {
        var code: String
        var message: String
        var details: [Detail]?
    }

    var error: Failure

    init(_ error: APIError) {
        self.error = Failure(
            code: error.code, message: error.message,
            details: error.details.isEmpty ? nil : error.details.map { Detail(field: $0.field, message: $0.message, line: $0.line) })
    }
}
