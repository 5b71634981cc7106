// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Governance

/// A directory source's live connection as the API takes it (`directory` of a source's input or update). The bind
/// password is write-only: an update without it keeps the one stored.
struct DirectoryInput: Decodable, Sendable {
    static let fields: Set<String> = [
        "url", "start_tls", "bind_dn", "bind_password", "base_dn", "filter", "page_size", "ca_certificate", "sync_minutes",
    ]
    var url: String
    var startTls: Bool?
    var bindDn: String?
    var bindPassword: String?
    var baseDn: String
    var filter: String?
    var pageSize: Int?
    var caCertificate: String?
    var syncMinutes: Int?

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    enum CodingKeys: String, CodingKey { case url, startTls, bindDn, bindPassword, baseDn, filter, pageSize, caCertificate, syncMinutes }

    init(from decoder: any Decoder) throws {
        // The request decoder turns snake_case into camelCase; its keys are compared back in snake_case.
        let names = try decoder.container(keyedBy: AnyKey.self).allKeys.map { key in
            key.stringValue.reduce(into: "") { out, character in
                if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
            }
        }
        let unknown = names.filter { !Self.fields.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw CoreError.invalid(
                unknown.map {
                    FieldError(
                        field: "directory.\($0)", message: "is not a field of directory (known: \(Self.fields.sorted().joined(separator: ", ")))")
                })
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        url = try container.decode(String.self, forKey: .url)
        startTls = try container.decodeIfPresent(Bool.self, forKey: .startTls)
        bindDn = try container.decodeIfPresent(String.self, forKey: .bindDn)
        bindPassword = try container.decodeIfPresent(String.self, forKey: .bindPassword)
        baseDn = try container.decode(String.self, forKey: .baseDn)
        filter = try container.decodeIfPresent(String.self, forKey: .filter)
        pageSize = try container.decodeIfPresent(Int.self, forKey: .pageSize)
        caCertificate = try container.decodeIfPresent(String.self, forKey: .caCertificate)
        syncMinutes = try container.decodeIfPresent(Int.self, forKey: .syncMinutes)
    }

    /// The connection, keeping `existing`'s password when none is given (and the bind DN is the same).
    func connection(keeping existing: DirectoryConnection?) -> DirectoryConnection {
        DirectoryConnection(
            url: url, startTLS: startTls ?? false, bindDN: bindDn ?? "", bindPassword: bindPassword ?? "", baseDN: baseDn, filter: filter ?? "",
            pageSize: pageSize ?? 500, caCertificate: caCertificate ?? "", syncMinutes: syncMinutes ?? 0
        ).keepingPassword(of: existing)
    }
}

/// A directory connection as the API shows it: everything but the password, and whether one is kept.
struct DirectoryConnectionBody: Encodable, Sendable {
    var url: String
    var startTls: Bool
    var bindDn: String
    var bindPasswordSet: Bool
    var baseDn: String
    var filter: String
    var pageSize: Int
    var caCertificate: String
    var syncMinutes: Int

    init(_ connection: DirectoryConnection) {
        url = connection.url
        startTls = connection.startTLS
        bindDn = connection.bindDN
        bindPasswordSet = connection.isPasswordSet
        baseDn = connection.baseDN
        filter = connection.effectiveFilter
        pageSize = connection.pageSize
        caCertificate = connection.caCertificate
        syncMinutes = connection.syncMinutes
    }
}

extension OpenAPISchemas {
    static var directoryConnection: [String: Any] {
        let integer: [String: Any] = ["type": "integer"]
        let shown: [String: Any] = [
            "url": string, "start_tls": boolean, "bind_dn": string, "bind_password_set": boolean, "base_dn": string, "filter": string,
            "page_size": integer, "ca_certificate": string, "sync_minutes": integer,
        ]
        return [
            "DirectoryConnection": object(shown, required: Array(shown.keys)),
            "DirectoryConnectionInput": object(
                [
                    "url": ["type": "string", "description": "ldap://host[:389] or ldaps://host[:636]"],
                    "start_tls": ["type": "boolean", "description": "upgrade ldap:// to TLS before binding (default false)"],
                    "bind_dn": ["type": "string", "description": "the DN to bind as; empty: anonymous"],
                    "bind_password": [
                        "type": "string", "writeOnly": true,
                        "description": "sealed at rest and never shown; omitted in an update: the stored one is kept (for the same bind_dn)",
                    ],
                    "base_dn": ["type": "string", "minLength": 1, "description": "where the search starts (whole subtree)"],
                    "filter": ["type": "string", "description": "an RFC 4515 filter; default: people and groups"],
                    "page_size": ["type": "integer", "minimum": 1, "maximum": 5000, "description": "entries per page (RFC 2696), default 500"],
                    "ca_certificate": ["type": "string", "description": "PEM certificates of a private CA; empty: the system's roots"],
                    "sync_minutes": ["type": "integer", "minimum": 0, "maximum": 10080, "description": "sync every this many minutes; 0: by hand"],
                ], required: ["url", "base_dn"]),
        ]
    }
}
