// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The first middleware every request meets: request id, error rendering and security headers, so that
/// even an error answer carries them.
struct FrontMiddleware: RouterMiddleware {
    typealias Context = WebContext
    static let requestIDHeader = HTTPField.Name("X-Request-ID")!

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = request.headers[Self.requestIDHeader].flatMap(Self.sanitize) ?? Secrets.base64URL(Secrets.randomBytes(12))
        context.logger[metadataKey: "request_id"] = .string(requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = render(error, request: request, context: context, requestID: requestID)
        }
        // One access-log line per request; the path only, since query strings may carry search terms or cursors.
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(String(request.uri.path.prefix(200))),
                "status": .stringConvertible(response.status.code), "remote": .string(context.remoteAddress),
                "ms": .string(String(format: "%.1f", Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)),
            ])
        response.headers[Self.requestIDHeader] = requestID
        Self.addSecurityHeaders(&response.headers)
        return response
    }

    static func addSecurityHeaders(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=()"
        if headers[.cacheControl] == nil { headers[.cacheControl] = "no-store" }
    }

    /// A client's request id is kept when it is short and plain, so that it can be followed across systems.
    static func sanitize(_ value: String) -> String? {
        guard (1...64).contains(value.count),
            value.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) })
        else { return nil }
        return value
    }

    func render(_ error: any Error, request: Request, context: WebContext, requestID: String) -> Response {
        let apiError = APIError.from(error)
        if apiError.status.code >= 500 {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
        } else {
            context.logger.debug("request refused", metadata: ["status": "\(apiError.status.code)", "error": "\(apiError.message)"])
        }
        if Self.wantsHTML(request) {
            if apiError.status == .unauthorized && request.method == .get {
                return Response.redirect(
                    to: "/login?next="
                        + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_")))
                            ?? "/"))
            }
            return HTML.response(ErrorPage.render(apiError, requestID: requestID), status: apiError.status)
        }
        var response = JSONResponse.make(apiError.body, status: apiError.status)
        if let retryAfter = apiError.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        if apiError.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"bulwark\"" }
        return response
    }

    /// Browser pages get HTML errors; the API and machine clients get JSON.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        if MachinePaths.contains(path) { return false }
        return (request.headers[.accept] ?? "").contains("text/html") || request.method == .post
    }
}

/// Builds JSON responses from the API's bodies.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONCoding.encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An error's answer, which must not fail itself.
    static func make(_ error: ErrorBody, status: HTTPResponse.Status) -> Response {
        let data = (try? JSONCoding.encoder.encode(error)) ?? Data(#"{"error":{"code":"internal","message":"internal error"}}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Paths for programs rather than browsers: the JSON API, operations endpoints and the shippers' ingest endpoints.
/// They answer errors in JSON and, with a session cookie, need the CSRF header for changes.
public enum MachinePaths {
    public static func contains(_ rawPath: String) -> Bool {
        // As the router reads it: empty segments (`//`) do not count.
        let path = rawPath.contains("//") ? "/" + rawPath.split(separator: "/").joined(separator: "/") + (rawPath.hasSuffix("/") ? "/" : "") : rawPath
        return path.hasPrefix("/api/") || path == "/metrics" || path == "/healthz" || path == "/readyz"
            || path == "/_bulk" || path.hasSuffix("/_bulk") || path.hasPrefix("/services/collector")
    }
}
