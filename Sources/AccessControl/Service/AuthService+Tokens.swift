// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension AuthService {
    /// Every API token starts with this, so that secret scanners can recognise a leaked one.
    public static let tokenPrefix = "bwk_"
    /// Lifetime of a token when none is asked for.
    public static let defaultTokenDays = 90

    /// Creates a token for `username`. Returns the stored token and its secret, shown once.
    /// `parentTokenID`: the token of the request that asks, when it came with one. Such a token cannot mint a wider or
    /// longer-lived one: the new token's scopes must be among the parent's, it expires no later than the parent
    /// (by default, with it), and it ends when the parent is revoked or expires.
    public func createToken(
        username: String, name: String, scopes: [TokenScope], expiresInDays: Int?, parentTokenID: String? = nil,
        by actor: Actor
    ) async throws -> (token: APIToken, secret: String) {
        let user = try await requireUser(username: username)
        let now = clock.now()
        var parent: APIToken?
        if let parentTokenID {
            guard let found = try await tokens.get(id: parentTokenID), try await chainUsable(found, at: now) else {
                throw AccessError.unauthenticated
            }
            parent = found
        }
        var days = expiresInDays ?? Self.defaultTokenDays
        var errors: [FieldError] = []
        var expiresAt = now + TimeInterval(days) * 86_400
        if let parent {
            let parentEnd = parent.expiresAt ?? .distantFuture
            if expiresInDays == nil && parentEnd < expiresAt {
                expiresAt = parentEnd
                days = max(1, Int((parentEnd.timeIntervalSince(now) / 86_400).rounded(.up)))
            } else if parentEnd < expiresAt {
                errors.append(
                    FieldError(
                        field: "expires_in_days",
                        message: "must not outlive the token making this request, which expires \(Timestamp.format(parentEnd))"))
            }
            let wider = Set(scopes).subtracting(parent.scopes)
            if !wider.isEmpty && !parent.scopes.contains(.admin) {
                throw AccessError.forbidden(
                    "a token can only make tokens with its own scopes (\(parent.scopes.map(\.rawValue).joined(separator: ", "))); asked for \(wider.map(\.rawValue).sorted().joined(separator: ", "))"
                )
            }
        }
        if !(1...policy.maxTokenDays).contains(days) {
            errors.append(FieldError(field: "expires_in_days", message: "must be between 1 and \(policy.maxTokenDays)"))
        }
        if scopes.isEmpty {
            errors.append(
                FieldError(field: "scopes", message: "needs at least one of \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        if name.count > 100 { errors.append(FieldError(field: "name", message: "is longer than 100 characters")) }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let secret = Self.tokenPrefix + Secrets.token()
        let token = APIToken(
            userID: user.id, name: name.isEmpty ? "token" : name, prefix: String(secret.prefix(10)),
            secretHash: Secrets.sha256Hex(secret), scopes: Array(Set(scopes)).sorted { $0.rawValue < $1.rawValue },
            createdAt: now, expiresAt: expiresAt, parentID: parent?.id)
        try await tokens.create(token)
        try await record(
            actor, "token.create", target: "token:\(token.id)",
            detail: "user=\(user.username) scopes=\(token.scopes.map(\.rawValue).joined(separator: ",")) days=\(days)"
                + (parent.map { " parent=\($0.id)" } ?? ""))
        return (token, secret)
    }

    /// Revokes a token. `ownerID` restricts the revocation to that user's tokens (nil: any token).
    public func revokeToken(id: String, ownerID: String?, by actor: Actor) async throws -> APIToken {
        guard var token = try await tokens.get(id: id), ownerID == nil || token.userID == ownerID else {
            throw CoreError.notFound(kind: "token", id: id)
        }
        if token.revokedAt == nil {
            token.revokedAt = clock.now()
            try await tokens.update(token)
            try await record(actor, "token.revoke", target: "token:\(token.id)")
        }
        // Tokens made with this one end with it (they would be refused anyway; this shows it in the lists).
        for child in try await tokens.list(userID: token.userID) where child.parentID == token.id && child.revokedAt == nil {
            _ = try await revokeToken(id: child.id, ownerID: nil, by: actor)
        }
        return token
    }

    /// Revokes every token of a user (when the user is disabled: re-enabling must not bring them back).
    func revokeAllTokens(userID: String, by actor: Actor) async throws {
        for token in try await tokens.list(userID: userID) where token.revokedAt == nil {
            var token = token
            token.revokedAt = clock.now()
            try await tokens.update(token)
            try await record(actor, "token.revoke", target: "token:\(token.id)", detail: "user disabled")
        }
    }

    /// Whether a token and every token it was made with may be used at `time`.
    func chainUsable(_ token: APIToken, at time: Date) async throws -> Bool {
        var current = token
        for _ in 0..<16 {
            guard current.isUsable(at: time) else { return false }
            guard let parentID = current.parentID else { return true }
            guard let parent = try await tokens.get(id: parentID) else { return false }
            current = parent
        }
        return false
    }
}
