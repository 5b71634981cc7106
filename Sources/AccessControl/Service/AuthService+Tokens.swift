import BulwarkCore
import Foundation

extension AuthService {
    /// Every API token starts with this, so that secret scanners can recognise a leaked one.
    public static let tokenPrefix = "bwk_"
    /// Lifetime of a token when none is asked for.
    public static let defaultTokenDays = 90

    /// Creates a token for `username`. Returns the stored token and its secret, shown once.
    public func createToken(username: String, name: String, scopes: [TokenScope], expiresInDays: Int?,
                            by actor: Actor) async throws -> (token: APIToken, secret: String) {
        let user = try await requireUser(username: username)
        let days = expiresInDays ?? Self.defaultTokenDays
        var errors: [FieldError] = []
        if !(1...policy.maxTokenDays).contains(days) {
            errors.append(FieldError(field: "expires_in_days", message: "must be between 1 and \(policy.maxTokenDays)"))
        }
        if scopes.isEmpty { errors.append(FieldError(field: "scopes", message: "needs at least one of \(TokenScope.allCases.map(\.rawValue).joined(separator: ", "))")) }
        if name.count > 100 { errors.append(FieldError(field: "name", message: "is longer than 100 characters")) }
        if !errors.isEmpty { throw CoreError.invalid(errors) }
        let secret = Self.tokenPrefix + Secrets.token()
        let now = clock.now()
        let token = APIToken(userID: user.id, name: name.isEmpty ? "token" : name, prefix: String(secret.prefix(10)),
                             secretHash: Secrets.sha256Hex(secret), scopes: Array(Set(scopes)).sorted { $0.rawValue < $1.rawValue },
                             createdAt: now, expiresAt: now + TimeInterval(days) * 86_400)
        try await tokens.create(token)
        try await record(actor, "token.create", target: "token:\(token.id)",
                         detail: "user=\(user.username) scopes=\(token.scopes.map(\.rawValue).joined(separator: ",")) days=\(days)")
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
        return token
    }
}
