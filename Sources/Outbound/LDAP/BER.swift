// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// The part of ASN.1 BER (X.690) that LDAPv3 uses (RFC 4511 §5.1): one-byte tags, definite lengths, integers,
/// booleans, enumerations, octet strings, and constructed sequences and sets. A value is its tag and its content
/// bytes; a constructed value's content is its children, read with ``children()``.
struct BER: Equatable, Sendable {
    var tag: UInt8
    var content: [UInt8]

    static let boolean: UInt8 = 0x01
    static let integer: UInt8 = 0x02
    static let octetString: UInt8 = 0x04
    static let enumerated: UInt8 = 0x0A
    static let sequence: UInt8 = 0x30
    static let set: UInt8 = 0x31

    /// A value of context or application class: `class` 0x80 (context) or 0x40 (application), constructed or not.
    static func tag(_ number: UInt8, application: Bool = false, constructed: Bool) -> UInt8 {
        (application ? 0x40 : 0x80) | (constructed ? 0x20 : 0) | number
    }

    struct Malformed: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    // MARK: Writing

    init(tag: UInt8, content: [UInt8]) {
        self.tag = tag
        self.content = content
    }

    init(tag: UInt8, children: [BER]) {
        self.init(tag: tag, content: children.flatMap(\.encoded))
    }

    static func string(_ text: String, tag: UInt8 = octetString) -> BER { BER(tag: tag, content: Array(text.utf8)) }
    static func bytes(_ bytes: [UInt8], tag: UInt8 = octetString) -> BER { BER(tag: tag, content: bytes) }
    static func bool(_ value: Bool) -> BER { BER(tag: boolean, content: [value ? 0xFF : 0x00]) }

    /// An integer in the fewest two's-complement bytes.
    static func int(_ value: Int, tag: UInt8 = integer) -> BER {
        var bytes: [UInt8] = []
        var rest = value
        repeat {
            bytes.insert(UInt8(truncatingIfNeeded: rest), at: 0)
            rest >>= 8
        } while !(rest == 0 && bytes[0] & 0x80 == 0) && !(rest == -1 && bytes[0] & 0x80 != 0)
        return BER(tag: tag, content: bytes)
    }

    var encoded: [UInt8] {
        var out: [UInt8] = [tag]
        let count = content.count
        if count < 0x80 {
            out.append(UInt8(count))
        } else {
            var length: [UInt8] = []
            var rest = count
            while rest > 0 {
                length.insert(UInt8(rest & 0xFF), at: 0)
                rest >>= 8
            }
            out.append(0x80 | UInt8(length.count))
            out += length
        }
        return out + content
    }

    // MARK: Reading

    /// The size of the first complete value in `bytes` (header and content), nil while more bytes are needed.
    /// Lengths above `limit` are refused: a peer cannot make us buffer without end.
    static func frameLength(_ bytes: ArraySlice<UInt8>, limit: Int) throws -> Int? {
        guard bytes.count >= 2 else { return nil }
        let start = bytes.startIndex
        if bytes[start] & 0x1F == 0x1F { throw Malformed(description: "multi-byte tags are not LDAP") }
        let first = bytes[start + 1]
        if first < 0x80 { return 2 + Int(first) <= bytes.count ? 2 + Int(first) : nil }
        let octets = Int(first & 0x7F)
        guard octets >= 1, octets <= 4 else { throw Malformed(description: "indefinite or oversized BER length") }
        guard bytes.count >= 2 + octets else { return nil }
        var length = 0
        for index in 0..<octets { length = length << 8 | Int(bytes[start + 2 + index]) }
        guard length <= limit else { throw Malformed(description: "a message of \(length) bytes is over the \(limit)-byte limit") }
        return 2 + octets + length <= bytes.count ? 2 + octets + length : nil
    }

    /// Every value in `bytes`, which must hold whole values and nothing else.
    static func values(_ bytes: ArraySlice<UInt8>) throws -> [BER] {
        var out: [BER] = []
        var rest = bytes
        while !rest.isEmpty {
            guard let length = try frameLength(rest, limit: Int(Int32.max)) else { throw Malformed(description: "a value runs past its end") }
            let header = rest[rest.startIndex + 1] < 0x80 ? 2 : 2 + Int(rest[rest.startIndex + 1] & 0x7F)
            out.append(BER(tag: rest[rest.startIndex], content: Array(rest[(rest.startIndex + header)..<(rest.startIndex + length)])))
            rest = rest.dropFirst(length)
        }
        return out
    }

    /// One whole value.
    static func parse(_ bytes: [UInt8]) throws -> BER {
        let all = try values(bytes[...])
        guard all.count == 1 else { throw Malformed(description: "expected one BER value, found \(all.count)") }
        return all[0]
    }

    func children() throws -> [BER] { try Self.values(content[...]) }

    func intValue() throws -> Int {
        guard !content.isEmpty, content.count <= 8 else { throw Malformed(description: "an integer of \(content.count) bytes") }
        var value = content[0] & 0x80 != 0 ? -1 : 0
        for byte in content { value = value << 8 | Int(byte) }
        return value
    }

    var text: String { String(decoding: content, as: UTF8.self) }
}
