// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A Packagist version: normalised as Composer's `VersionParser::normalize` (four numbers, stability suffix
/// `alpha|beta|RC|patch` with its number, `-dev`), then ordered as PHP's `version_compare`, which Composer uses.
public struct ComposerVersion: Sendable, Equatable {
    public var normalized: String
    var parts: [String]

    public static func parse(_ text: String) throws -> ComposerVersion {
        var s = text.trimmingCharacters(in: .whitespaces)
        func fail(_ why: String) -> VersionError { VersionError("'\(text)' is not a Composer version: \(why)") }
        guard !s.isEmpty else { throw fail("it is empty") }
        if let plus = s.firstIndex(of: "+") { s = String(s[..<plus]) }  // build metadata
        if s.lowercased().hasPrefix("dev-") { throw fail("branch versions (dev-…) have no order") }
        if s.first == "v" || s.first == "V" { s.removeFirst() }
        let chars = Array(s)
        var i = 0
        var numbers: [String] = []
        while numbers.count < 4 {
            if !numbers.isEmpty {
                guard i < chars.count, chars[i] == ".", i + 1 < chars.count, chars[i + 1].isASCIIDigit else { break }
                i += 1
            }
            let start = i
            while i < chars.count && chars[i].isASCIIDigit { i += 1 }
            guard i > start else { throw fail("it does not start with a number") }
            numbers.append(String(chars[start..<i]))
        }
        let dateLike = numbers.count == 1 && numbers[0].count > 5
        var normalized = dateLike ? numbers[0] : (numbers + Array(repeating: "0", count: 4 - numbers.count)).joined(separator: ".")
        // Modifier: [._-]?(stable|beta|b|RC|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*)? ([.-]?dev)?
        var rest = String(chars[i...]).lowercased()
        if let first = rest.first, ".-_".contains(first) { rest.removeFirst() }
        var stability = ""
        for (name, normal) in [
            ("stable", ""), ("beta", "beta"), ("alpha", "alpha"), ("patch", "patch"), ("rc", "RC"), ("pl", "patch"),
            ("b", "beta"), ("a", "alpha"), ("p", "patch"),
        ] where rest.hasPrefix(name) {
            rest.removeFirst(name.count)
            stability = normal
            var number = ""
            while let c = rest.first, c.isASCIIDigit || ((c == "." || c == "-") && rest.dropFirst().first?.isASCIIDigit == true) {
                rest.removeFirst()
                if c.isASCIIDigit { number.append(c) } else if !number.isEmpty { number.append(".") }
            }
            if !stability.isEmpty { normalized += "-" + stability + number }
            break
        }
        if let first = rest.first, ".-".contains(first) { rest.removeFirst() }
        if rest == "dev" { normalized += "-dev"; rest = "" }
        guard rest.isEmpty else { throw fail("unexpected '\(rest)'") }
        return ComposerVersion(normalized: normalized, parts: canonicalize(normalized))
    }

    /// PHP's php_canonicalize_version, split at the dots.
    static func canonicalize(_ version: String) -> [String] {
        let chars = Array(version)
        guard let first = chars.first else { return [] }
        func isNonDigit(_ c: Character) -> Bool { !c.isASCIIDigit && c != "." }
        var out: [Character] = [first]
        var previous = first
        for c in chars.dropFirst() {
            let last = out.last!
            if c == "-" || c == "_" || c == "+" {
                if last != "." { out.append(".") }
            } else if (isNonDigit(previous) && c.isASCIIDigit) || (previous.isASCIIDigit && isNonDigit(c)) {
                if last != "." { out.append(".") }
                out.append(c)
            } else if !(c.isASCIIDigit || c.isASCIILetter) {
                if last != "." { out.append(".") }
            } else {
                out.append(c)
            }
            previous = c
        }
        return String(out).split(separator: ".").map(String.init)
    }

    static let specialForms: [(String, Int)] = [
        ("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4), ("pl", 5), ("p", 5),
    ]

    static func special(_ form: String) -> Int {
        for (name, order) in specialForms where form.hasPrefix(name) { return order }
        return -6
    }

    public func compare(_ other: ComposerVersion) -> Int {
        let a = parts, b = other.parts
        var k = 0
        while k < a.count && k < b.count {
            let x = a[k], y = b[k]
            let xd = x.first?.isASCIIDigit ?? false, yd = y.first?.isASCIIDigit ?? false
            let c: Int
            if xd && yd {
                c = compareDigits(x, y)
            } else if !xd && !yd {
                c = sign(Self.special(x) - Self.special(y))
            } else if xd {
                c = sign(Self.special("#N#") - Self.special(y))
            } else {
                c = sign(Self.special(x) - Self.special("#N#"))
            }
            if c != 0 { return c }
            k += 1
        }
        if k < a.count { return a[k].first?.isASCIIDigit == true ? 1 : sign(Self.special(a[k]) - Self.special("#N#")) }
        if k < b.count { return b[k].first?.isASCIIDigit == true ? -1 : sign(Self.special("#N#") - Self.special(b[k])) }
        return 0
    }
}
