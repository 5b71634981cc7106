// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Governance
import Testing

@testable import Outbound

/// The LDAP client's encoding, byte for byte against the examples of X.690 and RFC 4511/4515, and its reading of
/// what a server sends, bad input included.
@Suite struct LDAPProtocolTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined(separator: " ") }

    @Test func integersInTheFewestTwosComplementBytes() throws {
        let cases: [(Int, String)] = [
            (0, "02 01 00"), (127, "02 01 7f"), (128, "02 02 00 80"), (256, "02 02 01 00"), (-1, "02 01 ff"), (-128, "02 01 80"),
            (-129, "02 02 ff 7f"), (2_147_483_647, "02 04 7f ff ff ff"),
        ]
        for (value, expected) in cases {
            let encoded = BER.int(value).encoded
            #expect(hex(encoded) == expected, "\(value)")
            #expect(try BER.parse(encoded).intValue() == value)
        }
    }

    @Test func longLengthsAndFraming() throws {
        let value = BER.bytes([UInt8](repeating: 0x41, count: 300))
        let encoded = value.encoded
        #expect(hex(Array(encoded.prefix(4))) == "04 82 01 2c")
        #expect(try BER.frameLength(encoded.prefix(100), limit: 1000) == nil)  // more bytes needed
        #expect(try BER.frameLength(encoded[...], limit: 1000) == 304)
        #expect(throws: BER.Malformed.self) { try BER.frameLength(encoded[...], limit: 200) }  // over the limit
        #expect(throws: BER.Malformed.self) { try BER.frameLength([0x30, 0x80][...], limit: 200) }  // indefinite length
        #expect(throws: BER.Malformed.self) { try BER.parse([0x30, 0x05, 0x04, 0x01]) }  // runs past its end
        #expect(try BER.parse(encoded) == value)
    }

    @Test func filtersAsRFC4511EncodesThem() throws {
        // (cn=Babs): equalityMatch [3] { "cn", "Babs" }
        #expect(hex(try LDAPFilter.encode("(cn=Babs)").encoded) == "a3 0a 04 02 63 6e 04 04 42 61 62 73")
        // (uid=*): present [7] "uid"
        #expect(hex(try LDAPFilter.encode("(uid=*)").encoded) == "87 03 75 69 64")
        // (cn=a*b*c): substrings [4] { "cn", { initial "a", any "b", final "c" } }
        #expect(hex(try LDAPFilter.encode("(cn=a*b*c)").encoded) == "a4 0f 04 02 63 6e 30 09 80 01 61 81 01 62 82 01 63")
        // (cn=*x): only a final part
        #expect(hex(try LDAPFilter.encode("(cn=*x)").encoded) == "a4 09 04 02 63 6e 30 03 82 01 78")
        // escapes: \2a is a literal '*', \28 '('
        #expect(hex(try LDAPFilter.encode("(cn=a\\2a\\28)").encoded) == "a3 09 04 02 63 6e 04 03 61 2a 28")
        // (&(!(x>=5))(|(a~=b)(c<=d)))
        let nested = try LDAPFilter.encode("(&(!(x>=5))(|(a~=b)(c<=d)))")
        #expect(nested.tag == 0xA0)
        let parts = try nested.children()
        #expect(parts.map(\.tag) == [0xA2, 0xA1])
        #expect(try parts[0].children().map(\.tag) == [0xA5])
        #expect(try parts[1].children().map(\.tag) == [0xA8, 0xA6])
    }

    @Test func badFiltersNameTheCharacter() {
        let cases: [(String, String)] = [
            ("(cn=a", "expected ')' at character 6"), ("cn=a", "expected '(' at character 1"), ("(cn:dn:=x)", "extensible matches"),
            ("(&)", "at least one filter"), ("(cn=\\zz)", "two hex digits"), ("(cn>=a*)", "wildcard only with '='"), ("(cn=a))", "character 7"),
            ("(=x)", "an attribute name"),
        ]
        for (filter, message) in cases {
            #expect(throws: LDAPFilter.Problem.self, "\(filter)") { try LDAPFilter.encode(filter) }
            do {
                _ = try LDAPFilter.encode(filter)
            } catch {
                #expect("\(error)".contains(message), "\(filter): \(error)")
            }
        }
        #expect(throws: LDAPFilter.Problem.self) {
            try LDAPFilter.encode(String(repeating: "(!", count: 40) + "(a=b)" + String(repeating: ")", count: 40))
        }
    }

    @Test func requestsAndAnswers() throws {
        // A bind request of RFC 4511 shape: SEQUENCE { id 1, [APPLICATION 0] { 3, dn, [0] password } }.
        let bind = LDAPMessage.envelope(id: 1, LDAPMessage.bind(dn: "cn=a", password: "pw"))
        #expect(hex(bind) == "30 12 02 01 01 60 0d 02 01 03 04 04 63 6e 3d 61 80 02 70 77")

        // A search entry with two attributes (names lowercased, options dropped) and a done with a paged cookie.
        let entry = BER(
            tag: 0x64,
            children: [
                .string("uid=a,dc=x"),
                BER(
                    tag: BER.sequence,
                    children: [
                        BER(tag: BER.sequence, children: [.string("UID"), BER(tag: BER.set, children: [.string("a")])]),
                        BER(tag: BER.sequence, children: [.string("memberOf;x"), BER(tag: BER.set, children: [.string("g1"), .string("g2")])]),
                    ]),
            ])
        let read = try LDAPMessage.entry(try LDAPMessage.response(LDAPMessage.envelope(id: 2, entry)).operation)
        #expect(read.dn == "uid=a,dc=x" && read.first("uid") == "a" && read.all("memberOf") == ["g1", "g2"])

        let done = BER(tag: 0x65, children: [.int(0, tag: BER.enumerated), .string(""), .string("")])
        let cookie = LDAPMessage.paged(size: 0, cookie: [9, 8, 7])
        let answer = try LDAPMessage.response(LDAPMessage.envelope(id: 2, done, controls: [cookie]))
        #expect(answer.id == 2)
        #expect(try LDAPMessage.result(answer.operation).code == 0)
        #expect(try LDAPMessage.cookie(answer.controls) == [9, 8, 7])

        let refused = BER(tag: 0x61, children: [.int(49, tag: BER.enumerated), .string(""), .string("bad password")])
        #expect(try LDAPMessage.result(refused).summary == "invalidCredentials (49): bad password")
        #expect(throws: BER.Malformed.self) { try LDAPMessage.response(BER.string("x").encoded) }
    }
}
