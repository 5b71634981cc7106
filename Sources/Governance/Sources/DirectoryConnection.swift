// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// How a directory source (`ldap` or `ad`) is read live: an LDAPv3 server, bound with a simple bind over LDAPS or
/// StartTLS, searched below `baseDN` in pages. The bind password is sealed at rest by the store and never given back
/// by the API (``isPasswordSet`` says whether one is kept).
public struct DirectoryConnection: Sendable, Equatable, Codable {
    /// `ldap://host[:389]` or `ldaps://host[:636]`.
    public var url: String
    /// Upgrade an `ldap://` connection to TLS before binding (RFC 4511 §4.14).
    public var startTLS: Bool
    /// The DN to bind as; empty: an anonymous bind.
    public var bindDN: String
    public var bindPassword: String
    /// Where the search starts (whole subtree).
    public var baseDN: String
    /// The search filter (RFC 4515); ``defaultFilter`` when empty: people and groups.
    public var filter: String
    /// Entries per page of the paged search (RFC 2696).
    public var pageSize: Int
    /// The PEM certificates that sign the server's (a private CA); empty: the system's trusted roots.
    public var caCertificate: String
    /// Sync on a schedule: every this many minutes (0: only when asked).
    public var syncMinutes: Int

    public init(
        url: String, startTLS: Bool = false, bindDN: String = "", bindPassword: String = "", baseDN: String, filter: String = "",
        pageSize: Int = 500, caCertificate: String = "", syncMinutes: Int = 0
    ) {
        self.url = url
        self.startTLS = startTLS
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        self.baseDN = baseDN
        self.filter = filter
        self.pageSize = pageSize
        self.caCertificate = caCertificate
        self.syncMinutes = syncMinutes
    }

    /// People (OpenLDAP `inetOrgPerson`/`posixAccount`, AD `user`) and the groups that list their members.
    public static let defaultFilter =
        "(|(objectClass=person)(objectClass=posixAccount)(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)"
        + "(objectClass=posixGroup)(objectClass=group))"

    /// What ``DirectoryAccounts`` reads, asked for by name (so that the operational ones come too).
    public static let attributes = [
        "objectClass", "uid", "sAMAccountName", "cn", "displayName", "mail", "userPrincipalName", "employeeID", "employeeNumber",
        "userAccountControl", "pwdAccountLockedTime", "lastLogonTimestamp", "authTimestamp", "whenCreated", "createTimestamp", "pwdLastSet",
        "pwdChangedTime", "adminCount", "uidNumber", "memberOf", "member", "uniqueMember", "memberUid",
    ]

    public var isPasswordSet: Bool { !bindPassword.isEmpty }

    /// These settings as an edit of `existing`: a password left empty keeps the stored one, for the same bind DN (a
    /// password is never shown again, so a form or an update cannot send it back).
    public func keepingPassword(of existing: DirectoryConnection?) -> DirectoryConnection {
        var merged = self
        if merged.bindPassword.isEmpty, let existing, existing.bindDN == bindDN { merged.bindPassword = existing.bindPassword }
        return merged
    }
    public var effectiveFilter: String { filter.isEmpty ? Self.defaultFilter : filter }

    /// `(tls, host, port)` of the URL, or nil when it is not an ldap:// or ldaps:// URL with a host.
    public var endpoint: (tls: Bool, host: String, port: Int)? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), ["ldap", "ldaps"].contains(scheme),
            let host = parts.host, !host.isEmpty, parts.path.isEmpty || parts.path == "/", parts.user == nil, parts.query == nil
        else { return nil }
        return (scheme == "ldaps", host, parts.port ?? (scheme == "ldaps" ? 636 : 389))
    }

    /// Whether a password would cross the network in clear: a plain `ldap://` to another host without StartTLS.
    public var passwordInClear: Bool {
        guard let endpoint, !endpoint.tls, !startTLS, isPasswordSet else { return false }
        return !Validation.isLoopback(host: endpoint.host)
    }

    /// The problems of the settings as given, each naming its field (`directory.url`, …).
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        func bad(_ field: String, _ message: String) { problems.append(FieldError(field: "directory.\(field)", message: message)) }
        if url.count > 2000 || endpoint == nil { bad("url", "an ldap://host[:port] or ldaps://host[:port] URL without a path") }
        if startTLS, endpoint?.tls == true { bad("start_tls", "StartTLS is for ldap:// URLs; ldaps:// is TLS already") }
        if passwordInClear { bad("start_tls", "the bind password would travel in clear: use ldaps:// or StartTLS") }
        for (field, value) in [("bind_dn", bindDN), ("base_dn", baseDN)] where value.count > 1000 || Validation.hasControlOrBidi(value) {
            bad(field, "at most 1000 characters, without control characters")
        }
        if baseDN.trimmingCharacters(in: .whitespaces).isEmpty { bad("base_dn", "required: where the search starts (dc=example,dc=com)") }
        if bindPassword.count > 1000 { bad("bind_password", "at most 1000 characters") }
        if !bindDN.isEmpty && bindPassword.isEmpty { bad("bind_password", "required with bind_dn (an anonymous bind has neither)") }
        let trimmed = filter.trimmingCharacters(in: .whitespaces)
        if filter.count > 4000 || (!filter.isEmpty && !(trimmed.hasPrefix("(") && trimmed.hasSuffix(")"))) || Validation.hasControlOrBidi(filter) {
            bad("filter", "an RFC 4515 filter in parentheses, at most 4000 characters (empty: people and groups)")
        }
        if !(1...5000).contains(pageSize) { bad("page_size", "from 1 to 5000 entries per page") }
        if caCertificate.count > 100_000 || (!caCertificate.isEmpty && !caCertificate.contains("-----BEGIN CERTIFICATE-----")) {
            bad("ca_certificate", "PEM certificates (-----BEGIN CERTIFICATE-----), at most 100 kB")
        }
        if !(0...10080).contains(syncMinutes) { bad("sync_minutes", "from 0 (by hand) to 10080 (a week)") }
        return problems
    }
}

/// Reads a directory live; Outbound's LDAP client is the real one. Errors describe what failed, for the user
/// (`bind as cn=sync,…: invalidCredentials (49)`).
public protocol DirectoryReader: Sendable {
    func entries(_ connection: DirectoryConnection) async throws -> [DirectoryEntry]
}
