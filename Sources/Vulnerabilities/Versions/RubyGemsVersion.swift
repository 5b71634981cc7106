// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A RubyGems version ordered as `Gem::Version#<=>`: segments of digits and letters, a letter segment marks a
/// pre-release (1.0.a < 1.0), trailing zeros of the release and of the pre-release part are ignored.
public struct RubyGemsVersion: Sendable, Equatable {
    enum Segment: Sendable, Equatable { case number(String), text(String) }
    var canonical: [Segment]
    var original: String

    public static func parse(_ text: String) throws -> RubyGemsVersion {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Gem::Version::ANCHORED_VERSION_PATTERN: [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
        let body = trimmed.isEmpty ? "0" : trimmed
        guard isValid(body) else { throw VersionError("'\(text)' is not a RubyGems version (Gem::Version rejects it)") }
        let normalized = body.replacingOccurrences(of: "-", with: ".pre.")
        var segments: [Segment] = []
        var current = ""
        var currentIsDigit = false
        func flush() {
            guard !current.isEmpty else { return }
            segments.append(currentIsDigit ? .number(String(current.drop { $0 == "0" })) : .text(current))
            current = ""
        }
        for c in normalized {
            if c.isASCIIDigit || c.isASCIILetter {
                let digit = c.isASCIIDigit
                if !current.isEmpty && digit != currentIsDigit { flush() }
                currentIsDigit = digit
                current.append(c)
            } else {
                flush()
            }
        }
        flush()
        // canonical_segments: numeric part and the rest, each without trailing zeros.
        let firstText = segments.firstIndex { if case .text = $0 { return true } else { return false } } ?? segments.count
        func dropTrailingZeros(_ part: ArraySlice<Segment>) -> [Segment] {
            var result = Array(part)
            while let last = result.last, last == .number("") { result.removeLast() }
            return result
        }
        let canonical = dropTrailingZeros(segments[..<firstText]) + dropTrailingZeros(segments[firstText...])
        return RubyGemsVersion(canonical: canonical, original: body)
    }

    static func isValid(_ s: String) -> Bool {
        let chars = Array(s)
        var i = 0
        func run(_ allowed: (Character) -> Bool) -> Bool {
            let start = i
            while i < chars.count && allowed(chars[i]) { i += 1 }
            return i > start
        }
        guard run({ $0.isASCIIDigit }) else { return false }
        while i < chars.count && chars[i] == "." {
            i += 1
            guard run({ $0.isASCIIDigit || $0.isASCIILetter }) else { return false }
        }
        if i < chars.count && chars[i] == "-" {
            i += 1
            guard run({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" }) else { return false }
            while i < chars.count && chars[i] == "." {
                i += 1
                guard run({ $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" }) else { return false }
            }
        }
        return i == chars.count
    }

    public func compare(_ other: RubyGemsVersion) -> Int {
        if original == other.original || canonical == other.canonical { return 0 }
        for index in 0..<max(canonical.count, other.canonical.count) {
            let l = index < canonical.count ? canonical[index] : .number("")
            let r = index < other.canonical.count ? other.canonical[index] : .number("")
            if l == r { continue }
            switch (l, r) {
            case (.text, .number): return -1
            case (.number, .text): return 1
            case (.number(let a), .number(let b)): return compareDigits(a, b)
            case (.text(let a), .text(let b)): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) ? -1 : 1
            }
        }
        return 0
    }
}
