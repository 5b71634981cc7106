// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import NIOCore

/// The context of every request: who is asking (if anyone yet) and from where.
public struct WebContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address, or `unknown`.
    public var remoteAddress: String
    /// Set by ``AuthenticationMiddleware`` when a valid token or fully signed-in session came with the request.
    public var principal: Principal?
    /// The browser session, in whatever stage, when a valid session cookie came with the request.
    public var session: Session?
    /// The session's user.
    public var sessionUser: User?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Request bodies are read with explicit limits per route; this bounds anything else.
    public var maxUploadSize: Int { 1024 * 1024 }
    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }
}

/// The context of routes that need a signed-in principal: it is never optional here.
public struct AuthedContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let principal: Principal
    public let remoteAddress: String
    public let session: Session?

    public init(context: WebContext) throws {
        guard let principal = context.principal else { throw APIError.unauthenticated }
        self.coreContext = context.coreContext
        self.principal = principal
        self.remoteAddress = context.remoteAddress
        self.session = context.session
    }

    public var maxUploadSize: Int { 1024 * 1024 }
    public var requestDecoder: JSONDecoder { JSONCoding.decoder }
    public var responseEncoder: JSONEncoder { JSONCoding.encoder }

    /// Throws 403 unless the principal has `permission`.
    public func require(_ permission: Permission) throws {
        guard principal.can(permission) else {
            throw APIError(
                status: .forbidden, code: "forbidden",
                message:
                    "this needs the '\(permission.rawValue)' permission, which role '\(principal.role.rawValue)'\(principal.method == .token ? " with this token's scopes" : "") does not have"
            )
        }
    }

    /// The actor for audit entries.
    public var actor: Actor { Actor(username: principal.username, source: remoteAddress) }
}

extension WebContext {
    /// The actor for audit entries of a page's form.
    func auditActor(_ principal: Principal) -> AuditActor { AuditActor(username: principal.username, source: remoteAddress) }

    /// The `{id}` route parameter, checked to be an identifier (404 otherwise).
    func identifier(_ kind: String, parameter: String = "id") throws -> String {
        guard let id = parameters.get(parameter), Identifier.isValid(id) else {
            throw CoreError.notFound(kind: kind, id: parameters.get(parameter) ?? "")
        }
        return id
    }
}
