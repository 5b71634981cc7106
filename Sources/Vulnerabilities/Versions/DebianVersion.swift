// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A Debian package version `[epoch:]upstream[-revision]`, ordered as dpkg orders them (deb-version(7)).
public struct DebianVersion: Sendable, Equatable {
    public var epoch: Int
    public var upstream: [UInt8]
    public var revision: [UInt8]

    public static func parse(_ text: String) throws -> DebianVersion {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw VersionError("'\(text)' is not a Debian version: it is empty") }
        guard !trimmed.contains(where: { $0 == " " || $0 == "\t" }) else {
            throw VersionError("'\(text)' is not a Debian version: it contains spaces")
        }
        var rest = Substring(trimmed)
        var epoch = 0
        if let colon = rest.firstIndex(of: ":") {
            let digits = rest[..<colon]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let value = Int(digits), value <= Int(Int32.max) else {
                throw VersionError("'\(text)' is not a Debian version: the epoch '\(digits)' is not a number")
            }
            epoch = value
            rest = rest[rest.index(after: colon)...]
        }
        var revision: Substring = ""
        if let dash = rest.lastIndex(of: "-") {
            revision = rest[rest.index(after: dash)...]
            rest = rest[..<dash]
            guard !revision.isEmpty else { throw VersionError("'\(text)' is not a Debian version: the revision after '-' is empty") }
        }
        guard !rest.isEmpty else { throw VersionError("'\(text)' is not a Debian version: the upstream version is empty") }
        return DebianVersion(epoch: epoch, upstream: Array(rest.utf8), revision: Array(revision.utf8))
    }

    public func compare(_ other: DebianVersion) -> Int {
        if epoch != other.epoch { return epoch < other.epoch ? -1 : 1 }
        let c = Self.verrevcmp(upstream, other.upstream)
        if c != 0 { return c }
        return Self.verrevcmp(revision, other.revision)
    }

    /// dpkg's weight of a non-digit character: `~` before everything, letters before other characters.
    static func order(_ c: UInt8?) -> Int {
        guard let c else { return 0 }
        if c >= 48 && c <= 57 { return 0 }
        if (c >= 65 && c <= 90) || (c >= 97 && c <= 122) { return Int(c) }
        if c == 126 { return -1 }
        return Int(c) + 256
    }

    static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }

    /// Alternating non-digit and digit parts: non-digits by `order`, digits as numbers.
    static func verrevcmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var i = 0, j = 0
        func at(_ s: [UInt8], _ k: Int) -> UInt8? { k < s.count ? s[k] : nil }
        while i < a.count || j < b.count {
            var firstDiff = 0
            while (i < a.count && !isDigit(a[i])) || (j < b.count && !isDigit(b[j])) {
                let ac = order(at(a, i)), bc = order(at(b, j))
                if ac != bc { return sign(ac - bc) }
                i += 1; j += 1
            }
            while at(a, i) == 48 { i += 1 }
            while at(b, j) == 48 { j += 1 }
            while isDigit(at(a, i)) && isDigit(at(b, j)) {
                if firstDiff == 0 { firstDiff = Int(a[i]) - Int(b[j]) }
                i += 1; j += 1
            }
            if isDigit(at(a, i)) { return 1 }
            if isDigit(at(b, j)) { return -1 }
            if firstDiff != 0 { return sign(firstDiff) }
        }
        return 0
    }
}
