// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import HTTPTypes
import Hummingbird

/// Behind a reverse proxy the connection comes from the proxy: when it is one of `--trusted-proxy`, the client is
/// the address its `X-Forwarded-For` names, so that the audit log, the access log and sign-in throttling see the
/// client. A header from anyone else is ignored (a client could write any address in it).
struct ForwardedForMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let trusted: Set<String>

    static let header = HTTPField.Name("X-Forwarded-For")!

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        guard let client = Self.client(peer: context.remoteAddress, forwarded: request.headers[values: Self.header], trusted: trusted) else {
            return try await next(request, context)
        }
        var context = context
        context.remoteAddress = client
        return try await next(request, context)
    }

    /// The client a trusted proxy names: the rightmost address of the chain that is not itself a trusted proxy
    /// (proxies append the address they received from). Nil when the peer is not trusted or names no address.
    static func client(peer: String, forwarded: [String], trusted: Set<String>) -> String? {
        guard trusted.contains(peer) else { return nil }
        let chain = forwarded.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let client = chain.reversed().first(where: { !trusted.contains($0) }), Validation.isIPAddress(client) else { return nil }
        return client
    }
}
