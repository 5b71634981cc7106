// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Many case-insensitive patterns over one value, answered in one pass instead of one scan per pattern: exact values
/// and prefixes/suffixes by hashing the value's ends per distinct length, substrings by a four-byte-gram index over
/// the value's positions. Rule lists of hundreds of `contains`/`endswith` values (suspicious tools, paths, flags) are
/// common in SigmaHQ, so this is where most evaluation time goes. Patterns it cannot take (globs, cased, characters
/// with case beyond ASCII) stay in `rest` and are matched one by one.
struct PatternSet: Sendable {
    private var exact: [UInt64: [Int32]] = [:]
    private var prefixes: [UInt64: [Int32]] = [:]
    private var suffixes: [UInt64: [Int32]] = [:]
    private var prefixLengths: [Int] = []
    private var suffixLengths: [Int] = []
    private var exactLengths: Set<Int> = []
    private var grams: [UInt32: [Int32]] = [:]
    private var shortContains: [Int32] = []
    private var needles: [[UInt8]] = []
    private var matchesEverything = false
    private(set) var rest: [SigmaPattern] = []
    /// Every pattern, as given (for the literal prefilter).
    let all: [SigmaPattern]

    /// Below this many patterns, one scan each is as fast.
    static let threshold = 6

    init(_ patterns: [SigmaPattern]) {
        all = patterns
        var prefixLengths = Set<Int>(), suffixLengths = Set<Int>()
        for pattern in patterns {
            guard !pattern.cased, pattern.ascii, pattern.shape != .glob else {
                rest.append(pattern)
                continue
            }
            let id = Int32(needles.count)
            let needle = pattern.needle
            needles.append(needle)
            switch pattern.shape {
            case .exact:
                exact[Self.hash(needle[...]), default: []].append(id)
                exactLengths.insert(needle.count)
            case .prefix:
                prefixes[Self.hash(needle[...]), default: []].append(id)
                prefixLengths.insert(needle.count)
            case .suffix:
                suffixes[Self.hash(needle[...]), default: []].append(id)
                suffixLengths.insert(needle.count)
            case .contains:
                if needle.isEmpty {
                    matchesEverything = true
                } else if needle.count >= 4 {
                    grams[Self.gram(needle, 0), default: []].append(id)
                } else {
                    shortContains.append(id)
                }
            case .glob:
                break
            }
        }
        self.prefixLengths = prefixLengths.sorted()
        self.suffixLengths = suffixLengths.sorted()
    }

    @inline(__always)
    private static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return hash
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        var index = start
        let end = start + count
        while index < end {
            hash = (hash ^ UInt64(bytes[index])) &* 0x100000001b3
            index += 1
        }
        return hash
    }

    private static func gram(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    @inline(__always)
    private func equal(_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let needle = needles[Int(id)]
        guard offset >= 0, offset + needle.count <= bytes.count else { return false }
        for index in 0..<needle.count where bytes[offset + index] != needle[index] { return false }
        return true
    }

    func matches(_ text: String) -> Bool {
        if matchesEverything { return true }
        var text = text
        let found: Bool = text.withUTF8 { raw in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: raw.count) { buffer in
                for index in 0..<raw.count {
                    let byte = raw[index]
                    buffer[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte
                }
                return matchFolded(UnsafeBufferPointer(buffer))
            }
        }
        if found { return true }
        for pattern in rest where pattern.matches(text) { return true }
        return false
    }

    private func matchFolded(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        if exactLengths.contains(count), let ids = exact[Self.hash(bytes, 0, count)] {
            for id in ids where equal(id, bytes, at: 0) { return true }
        }
        for length in prefixLengths {
            if length > count { break }
            if let ids = prefixes[Self.hash(bytes, 0, length)] {
                for id in ids where equal(id, bytes, at: 0) { return true }
            }
        }
        for length in suffixLengths {
            if length > count { break }
            if let ids = suffixes[Self.hash(bytes, count - length, length)] {
                for id in ids where equal(id, bytes, at: count - length) { return true }
            }
        }
        for id in shortContains {
            let needle = needles[Int(id)]
            if needle.count <= count {
                for offset in 0...(count - needle.count) where equal(id, bytes, at: offset) { return true }
            }
        }
        if !grams.isEmpty, count >= 4 {
            for offset in 0...(count - 4) {
                let gram = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
                if let ids = grams[gram] {
                    for id in ids where equal(id, bytes, at: offset) { return true }
                }
            }
        }
        return false
    }
}
