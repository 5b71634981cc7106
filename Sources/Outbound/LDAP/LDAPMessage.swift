// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Governance

/// The LDAPv3 messages a directory sync exchanges (RFC 4511): bind, search with the paged-results control
/// (RFC 2696), StartTLS, unbind; and the answers to them.
enum LDAPMessage {
    static let startTLS = "1.3.6.1.4.1.1466.20037"
    static let pagedResults = "1.2.840.113556.1.4.319"

    // MARK: Requests

    static func envelope(id: Int, _ operation: BER, controls: [BER] = []) -> [UInt8] {
        var children = [BER.int(id), operation]
        if !controls.isEmpty { children.append(BER(tag: 0xA0, children: controls)) }
        return BER(tag: BER.sequence, children: children).encoded
    }

    /// BindRequest [APPLICATION 0]: version 3, the DN, simple authentication [0].
    static func bind(dn: String, password: String) -> BER {
        BER(tag: 0x60, children: [.int(3), .string(dn), .string(password, tag: 0x80)])
    }

    static let unbind = BER(tag: 0x42, content: [])

    /// ExtendedRequest [APPLICATION 23] with its OID in [0].
    static func extended(_ oid: String) -> BER { BER(tag: 0x77, children: [.string(oid, tag: 0x80)]) }

    /// SearchRequest [APPLICATION 3]: the whole subtree, aliases never dereferenced, no size or time limit of ours.
    static func search(base: String, filter: BER, attributes: [String]) -> BER {
        BER(
            tag: 0x63,
            children: [
                .string(base), .int(2, tag: BER.enumerated), .int(0, tag: BER.enumerated), .int(0), .int(0), .bool(false), filter,
                BER(tag: BER.sequence, children: attributes.map { .string($0) }),
            ])
    }

    /// The paged-results control: the page size and the cookie of the page before (empty for the first).
    static func paged(size: Int, cookie: [UInt8]) -> BER {
        BER(
            tag: BER.sequence,
            children: [.string(pagedResults), .bool(false), .bytes(BER(tag: BER.sequence, children: [.int(size), .bytes(cookie)]).encoded)])
    }

    // MARK: Responses

    struct Response {
        var id: Int
        var operation: BER
        var controls: [BER]
    }

    static func response(_ bytes: [UInt8]) throws -> Response {
        let message = try BER.parse(bytes)
        guard message.tag == BER.sequence else { throw BER.Malformed(description: "an LDAP message is a SEQUENCE") }
        let parts = try message.children()
        guard parts.count >= 2, parts[0].tag == BER.integer else { throw BER.Malformed(description: "an LDAP message without its id") }
        let controls = try parts.count > 2 && parts[2].tag == 0xA0 ? parts[2].children() : []
        return Response(id: try parts[0].intValue(), operation: parts[1], controls: controls)
    }

    struct Result {
        var code: Int
        var diagnostic: String

        var name: String { Self.names[code] ?? "result \(code)" }
        var summary: String { "\(name) (\(code))" + (diagnostic.isEmpty ? "" : ": \(diagnostic.prefix(300))") }

        static let names: [Int: String] = [
            0: "success", 1: "operationsError", 2: "protocolError", 3: "timeLimitExceeded", 4: "sizeLimitExceeded", 7: "authMethodNotSupported",
            8: "strongerAuthRequired", 10: "referral", 11: "adminLimitExceeded", 12: "unavailableCriticalExtension", 13: "confidentialityRequired",
            32: "noSuchObject", 34: "invalidDNSyntax", 48: "inappropriateAuthentication", 49: "invalidCredentials",
            50: "insufficientAccessRights", 51: "busy", 52: "unavailable", 53: "unwillingToPerform", 80: "other",
        ]
    }

    /// The LDAPResult of a BindResponse, SearchResultDone or ExtendedResponse.
    static func result(_ operation: BER) throws -> Result {
        let parts = try operation.children()
        guard parts.count >= 3, parts[0].tag == BER.enumerated else { throw BER.Malformed(description: "an LDAP result without its code") }
        return Result(code: try parts[0].intValue(), diagnostic: parts[2].text)
    }

    /// A SearchResultEntry [APPLICATION 4]: its DN and attributes, names lowercased and options (`;binary`) dropped.
    static func entry(_ operation: BER) throws -> DirectoryEntry {
        let parts = try operation.children()
        guard parts.count == 2, parts[0].tag == BER.octetString, parts[1].tag == BER.sequence else {
            throw BER.Malformed(description: "a search entry is a DN and its attributes")
        }
        var attributes: [String: [String]] = [:]
        for attribute in try parts[1].children() {
            let pair = try attribute.children()
            guard pair.count == 2, pair[0].tag == BER.octetString else { throw BER.Malformed(description: "an attribute is a name and its values") }
            let name = pair[0].text.lowercased().split(separator: ";").first.map(String.init) ?? ""
            attributes[name, default: []] += try pair[1].children().map(\.text)
        }
        let dn = parts[0].text
        return DirectoryEntry(dn: dn, attributes: attributes, place: dn)
    }

    /// The cookie of a SearchResultDone's paged-results control; empty when the search is complete.
    static func cookie(_ controls: [BER]) throws -> [UInt8]? {
        for control in controls {
            let parts = try control.children()
            guard parts.first?.text == pagedResults, let value = parts.last, value.tag == BER.octetString, parts.count >= 2 else { continue }
            let inner = try BER.parse(value.content).children()
            guard inner.count == 2 else { throw BER.Malformed(description: "a paged-results control is a size and a cookie") }
            return inner[1].content
        }
        return nil
    }
}
