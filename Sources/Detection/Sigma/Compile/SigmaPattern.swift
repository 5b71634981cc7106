// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A Sigma string value compiled for matching: `*` any run, `?` one character, `\` escapes `*`, `?` and `\`
/// (a backslash before anything else is itself). Case-insensitive unless `cased`.
/// Matching works on UTF-8 bytes without allocating when the pattern and the value are ASCII.
struct SigmaPattern: Sendable, Hashable {
    enum Atom: Hashable, Sendable {
        case byte(UInt8)
        case one
        case star
    }

    enum Shape: Hashable, Sendable {
        case exact, prefix, suffix, contains, glob
    }

    let shape: Shape
    /// The literal bytes for exact/prefix/suffix/contains (lowercased unless cased).
    let needle: [UInt8]
    /// Every atom, for glob.
    let atoms: [Atom]
    let cased: Bool
    /// Whether ASCII folding is exact case-insensitivity for this pattern: its characters beyond ASCII have no case
    /// (dashes from `windash`, symbols), so only ASCII letters can differ by case.
    let ascii: Bool

    /// The parts of a Sigma value: literal text and wildcards, after escapes.
    enum Part: Hashable, Sendable {
        case text(String)
        case star
        case one
    }

    static func parts(_ value: String) -> [Part] {
        var parts: [Part] = []
        var text = ""
        var escaped = false
        for character in value {
            if escaped {
                if character == "*" || character == "?" || character == "\\" {
                    text.append(character)
                } else {
                    text.append("\\")
                    text.append(character)
                }
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "*", "?":
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                parts.append(character == "*" ? .star : .one)
            default: text.append(character)
            }
        }
        if escaped { text.append("\\") }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    /// The value with escapes resolved, when it holds no wildcard (for encodings, regexes and comparisons).
    static func plain(_ parts: [Part]) -> String? {
        var result = ""
        for part in parts {
            guard case .text(let text) = part else { return nil }
            result += text
        }
        return result
    }

    init(parts: [Part], cased: Bool) {
        self.cased = cased
        var atoms: [Atom] = []
        var ascii = true
        for part in parts {
            switch part {
            case .star:
                if atoms.last != .star { atoms.append(.star) }
            case .one: atoms.append(.one)
            case .text(let text):
                let folded = cased ? text : text.lowercased()
                for character in folded where !character.isASCII && character.uppercased() != character.lowercased() { ascii = false }
                for byte in folded.utf8 { atoms.append(.byte(byte)) }
            }
        }
        self.ascii = ascii
        self.atoms = atoms
        let leading = atoms.first == .star, trailing = atoms.last == .star
        let inner = Array(atoms.drop { $0 == .star }.reversed().drop { $0 == .star }.reversed())
        var literal: [UInt8] = []
        for atom in inner {
            guard case .byte(let byte) = atom else { break }
            literal.append(byte)
        }
        if literal.count == inner.count {
            needle = literal
            switch (leading, trailing) {
            case (false, false): shape = .exact
            case (false, true): shape = .prefix
            case (true, false): shape = .suffix
            case (true, true): shape = .contains
            }
        } else {
            needle = []
            shape = .glob
        }
    }

    init(_ value: String, cased: Bool = false) {
        self.init(parts: Self.parts(value), cased: cased)
    }

    func matches(_ value: String) -> Bool {
        var value = value
        if cased || ascii {
            // An ASCII pattern never equals a non-ASCII byte of the value, so folding ASCII letters suffices.
            return value.withUTF8 { match($0, fold: !cased) }
        }
        var lowered = value.lowercased()
        return lowered.withUTF8 { match($0, fold: false) }
    }

    @inline(__always)
    private static func lower(_ byte: UInt8) -> UInt8 {
        byte &- 0x41 < 26 ? byte | 0x20 : byte
    }

    private func match(_ haystack: UnsafeBufferPointer<UInt8>, fold: Bool) -> Bool {
        switch shape {
        case .exact:
            return haystack.count == needle.count && equal(haystack, at: 0, fold: fold)
        case .prefix:
            return haystack.count >= needle.count && equal(haystack, at: 0, fold: fold)
        case .suffix:
            return haystack.count >= needle.count && equal(haystack, at: haystack.count - needle.count, fold: fold)
        case .contains:
            if needle.isEmpty { return true }
            guard haystack.count >= needle.count else { return false }
            let first = needle[0]
            var index = 0
            let last = haystack.count - needle.count
            while index <= last {
                let byte = fold ? Self.lower(haystack[index]) : haystack[index]
                if byte == first, equal(haystack, at: index, fold: fold) { return true }
                index += 1
            }
            return false
        case .glob:
            return glob(haystack, fold: fold)
        }
    }

    @inline(__always)
    private func equal(_ haystack: UnsafeBufferPointer<UInt8>, at offset: Int, fold: Bool) -> Bool {
        var index = 0
        if fold {
            while index < needle.count {
                if Self.lower(haystack[offset + index]) != needle[index] { return false }
                index += 1
            }
        } else {
            while index < needle.count {
                if haystack[offset + index] != needle[index] { return false }
                index += 1
            }
        }
        return true
    }

    /// Wildcard matching with one backtrack point per star; `?` consumes one UTF-8 encoded character.
    private func glob(_ haystack: UnsafeBufferPointer<UInt8>, fold: Bool) -> Bool {
        var atom = 0, position = 0, starAtom = -1, starPosition = 0
        func width(_ byte: UInt8) -> Int {
            byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        }
        while position < haystack.count {
            if atom < atoms.count {
                switch atoms[atom] {
                case .byte(let byte):
                    if (fold ? Self.lower(haystack[position]) : haystack[position]) == byte {
                        atom += 1
                        position += 1
                        continue
                    }
                case .one:
                    let step = width(haystack[position])
                    if position + step <= haystack.count {
                        atom += 1
                        position += step
                        continue
                    }
                case .star:
                    starAtom = atom
                    starPosition = position
                    atom += 1
                    continue
                }
            }
            guard starAtom >= 0 else { return false }
            atom = starAtom + 1
            starPosition += width(haystack[starPosition])
            position = starPosition
        }
        while atom < atoms.count, atoms[atom] == .star { atom += 1 }
        return atom == atoms.count
    }
}
