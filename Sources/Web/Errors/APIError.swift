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

    /// The JSON body.
    var body: [String: Any] {
        var error: [String: Any] = ["code": code, "message": message]
        if !details.isEmpty {
            error["details"] = details.map { detail -> [String: Any] in
                var item: [String: Any] = ["field": detail.field, "message": detail.message]
                if let line = detail.line { item["line"] = line }
                return item
            }
        }
        return ["error": error]
    }
}
