// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// LDAP search filters in their string form (RFC 4515), encoded as RFC 4511 §4.5.1 sends them: `&`, `|`, `!`,
/// equality, presence (`=*`), substrings, `>=`, `<=`, `~=`, with `\XX` escapes in values. Extensible matches (`:=`)
/// are refused by name: a directory sync has no need of them.
enum LDAPFilter {
    struct Problem: Error, CustomStringConvertible, Equatable {
        var description: String
    }

    static func encode(_ text: String) throws -> BER {
        var parser = Parser(characters: Array(text.utf8))
        let filter = try parser.filter(depth: 0)
        guard parser.position == parser.characters.count else {
            throw Problem(description: "filter: unexpected text at character \(parser.position + 1)")
        }
        return filter
    }

    struct Parser {
        let characters: [UInt8]
        var position = 0

        func fail(_ message: String) -> Problem { Problem(description: "filter: \(message) at character \(position + 1)") }

        mutating func expect(_ byte: UInt8) throws {
            guard position < characters.count, characters[position] == byte else {
                throw fail("expected '\(Character(Unicode.Scalar(byte)))'")
            }
            position += 1
        }

        mutating func filter(depth: Int) throws -> BER {
            guard depth < 32 else { throw fail("nested too deeply") }
            try expect(UInt8(ascii: "("))
            guard position < characters.count else { throw fail("the filter ends early") }
            let result: BER
            switch characters[position] {
            case UInt8(ascii: "&"), UInt8(ascii: "|"):
                let tag: UInt8 = characters[position] == UInt8(ascii: "&") ? 0xA0 : 0xA1
                position += 1
                var parts: [BER] = []
                while position < characters.count, characters[position] == UInt8(ascii: "(") { parts.append(try filter(depth: depth + 1)) }
                guard !parts.isEmpty else { throw fail("'&' and '|' need at least one filter") }
                result = BER(tag: tag, children: parts)
            case UInt8(ascii: "!"):
                position += 1
                result = BER(tag: 0xA2, children: [try filter(depth: depth + 1)])
            default:
                result = try item()
            }
            try expect(UInt8(ascii: ")"))
            return result
        }

        /// `attr=value`, `attr=*`, `attr=a*b*c`, `attr>=value`, `attr<=value`, `attr~=value`.
        mutating func item() throws -> BER {
            let start = position
            while position < characters.count, isAttributeCharacter(characters[position]) { position += 1 }
            let attribute = String(decoding: characters[start..<position], as: UTF8.self)
            guard !attribute.isEmpty else { throw fail("an attribute name") }
            guard position < characters.count else { throw fail("the filter ends early") }
            var tag: UInt8 = 0xA3
            switch characters[position] {
            case UInt8(ascii: ">"): tag = 0xA5
            case UInt8(ascii: "<"): tag = 0xA6
            case UInt8(ascii: "~"): tag = 0xA8
            case UInt8(ascii: ":"): throw fail("extensible matches (:=) are not supported")
            case UInt8(ascii: "="): break
            default: throw fail("'=', '>=', '<=' or '~='")
            }
            if tag != 0xA3 { position += 1 }
            try expect(UInt8(ascii: "="))
            // The raw value up to ')', split on unescaped '*'.
            var pieces: [[UInt8]] = [[]]
            while position < characters.count, characters[position] != UInt8(ascii: ")") {
                let byte = characters[position]
                if byte == UInt8(ascii: "(") { throw fail("'(' must be escaped as \\28") }
                if byte == UInt8(ascii: "*") {
                    pieces.append([])
                    position += 1
                } else if byte == UInt8(ascii: "\\") {
                    guard position + 2 < characters.count, let high = hex(characters[position + 1]), let low = hex(characters[position + 2]) else {
                        throw fail("'\\' is followed by two hex digits")
                    }
                    pieces[pieces.count - 1].append(high << 4 | low)
                    position += 3
                } else {
                    pieces[pieces.count - 1].append(byte)
                    position += 1
                }
            }
            let name = BER.string(attribute)
            if pieces.count == 1 { return BER(tag: tag, children: [name, .bytes(pieces[0])]) }
            guard tag == 0xA3 else { throw fail("'*' is a wildcard only with '='") }
            if pieces.count == 2 && pieces[0].isEmpty && pieces[1].isEmpty { return BER(tag: 0x87, content: Array(attribute.utf8)) }
            var parts: [BER] = []
            for (index, piece) in pieces.enumerated() where !piece.isEmpty {
                let kind: UInt8 = index == 0 ? 0x80 : index == pieces.count - 1 ? 0x82 : 0x81
                parts.append(.bytes(piece, tag: kind))
            }
            return BER(tag: 0xA4, children: [name, BER(tag: BER.sequence, children: parts)])
        }

        func isAttributeCharacter(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ";")
        }

        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x37
            case 0x61...0x66: byte - 0x57
            default: nil
            }
        }
    }
}
