// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A message template such as `Accepted {method} for {user} from {ip} port {port}`: literal text matched exactly,
/// `{name}` capturing up to the next literal (or to the end). Works on UTF-8 bytes: faster than regular expressions
/// (and than Foundation's string search), and easier to read.
struct TextPattern: Sendable {
    private enum Part: Sendable { case literal([UInt8]), capture(String) }
    private let parts: [Part]

    init(_ template: String) {
        var parts: [Part] = []
        var rest = Substring(template)
        while !rest.isEmpty {
            if rest.first == "{", let close = rest.firstIndex(of: "}") {
                parts.append(.capture(String(rest[rest.index(after: rest.startIndex)..<close])))
                rest = rest[rest.index(after: close)...]
            } else {
                let end = rest.firstIndex(of: "{") ?? rest.endIndex
                parts.append(.literal(Array(rest[..<end].utf8)))
                rest = rest[end...]
            }
        }
        self.parts = parts
    }

    /// The captures when the whole text matches, else nil. A trailing capture takes the rest of the text.
    func match(_ text: Substring) -> [String: String]? {
        var text = text
        return text.withUTF8 { bytes -> [String: String]? in
            var captures: [String: String] = [:]
            var position = 0
            var pending: String?
            for part in parts {
                switch part {
                case .capture(let name):
                    pending = name
                case .literal(let literal):
                    if let name = pending {
                        guard let found = Self.find(literal, in: bytes, from: position) else { return nil }
                        captures[name] = String(decoding: bytes[position..<found], as: UTF8.self)
                        position = found + literal.count
                        pending = nil
                    } else {
                        guard bytes.count - position >= literal.count else { return nil }
                        for offset in 0..<literal.count where bytes[position + offset] != literal[offset] { return nil }
                        position += literal.count
                    }
                }
            }
            if let name = pending {
                captures[name] = String(decoding: bytes[position..<bytes.count], as: UTF8.self)
            } else if position != bytes.count {
                return nil
            }
            return captures
        }
    }

    /// The first index at or after `start` where `needle` occurs.
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, bytes.count - start >= needle.count else { return nil }
        var index = start
        let last = bytes.count - needle.count
        while index <= last {
            if bytes[index] == first {
                var offset = 1
                while offset < needle.count && bytes[index + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { return index }
            }
            index += 1
        }
        return nil
    }
}
