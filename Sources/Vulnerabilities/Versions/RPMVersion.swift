// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An RPM `[epoch:]version[-release]`, ordered as rpm's rpmvercmp with `~` (before anything) and `^` (after the
/// version, before anything longer). A missing epoch is 0; the release is compared only when both have one.
public struct RPMVersion: Sendable, Equatable {
    public var epoch: String
    public var version: [UInt8]
    public var release: [UInt8]?

    public static func parse(_ text: String) throws -> RPMVersion {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw VersionError("'\(text)' is not an RPM version: it is empty") }
        let bytes = Array(trimmed.utf8)
        var k = 0
        while k < bytes.count && bytes[k] >= 48 && bytes[k] <= 57 { k += 1 }
        var epoch = "0"
        var start = 0
        if k < bytes.count && bytes[k] == 58 {
            if k > 0 { epoch = String(decoding: bytes[0..<k], as: UTF8.self) }
            start = k + 1
        }
        var version = Array(bytes[start...])
        var release: [UInt8]?
        if let dash = version.lastIndex(of: 45) {
            release = Array(version[(dash + 1)...])
            version = Array(version[..<dash])
        }
        return RPMVersion(epoch: epoch, version: version, release: release)
    }

    public func compare(_ other: RPMVersion) -> Int {
        var c = Self.rpmvercmp(Array(epoch.utf8), Array(other.epoch.utf8))
        if c != 0 { return c }
        c = Self.rpmvercmp(version, other.version)
        if c != 0 { return c }
        if let a = release, let b = other.release { return Self.rpmvercmp(a, b) }
        return 0
    }

    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }

    /// rpm's segment comparison: separators skipped, digit runs as numbers (longer wins), letter runs bytewise,
    /// a digit run beats a letter run.
    public static func rpmvercmp(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a == b { return 0 }
        var i = 0, j = 0
        let tilde: UInt8 = 126, caret: UInt8 = 94
        while i < a.count || j < b.count {
            while i < a.count && !isAlnum(a[i]) && a[i] != tilde && a[i] != caret { i += 1 }
            while j < b.count && !isAlnum(b[j]) && b[j] != tilde && b[j] != caret { j += 1 }
            let ca: UInt8? = i < a.count ? a[i] : nil, cb: UInt8? = j < b.count ? b[j] : nil
            if ca == tilde || cb == tilde {
                if ca != tilde { return 1 }
                if cb != tilde { return -1 }
                i += 1; j += 1
                continue
            }
            if ca == caret || cb == caret {
                if ca == nil { return -1 }
                if cb == nil { return 1 }
                if ca != caret { return 1 }
                if cb != caret { return -1 }
                i += 1; j += 1
                continue
            }
            guard let ca, ca != 0, let cb, cb != 0 else { break }
            var ei = i, ej = j
            let numeric = isDigit(ca)
            if numeric {
                while ei < a.count && isDigit(a[ei]) { ei += 1 }
                while ej < b.count && isDigit(b[ej]) { ej += 1 }
            } else {
                while ei < a.count && isAlpha(a[ei]) { ei += 1 }
                while ej < b.count && isAlpha(b[ej]) { ej += 1 }
            }
            if ei == i { return -1 }
            if ej == j { return numeric ? 1 : -1 }
            var sa = a[i..<ei], sb = b[j..<ej]
            if numeric {
                sa = sa.drop { $0 == 48 }
                sb = sb.drop { $0 == 48 }
                if sa.count != sb.count { return sa.count > sb.count ? 1 : -1 }
            }
            if !sa.elementsEqual(sb) { return sa.lexicographicallyPrecedes(sb) ? -1 : 1 }
            i = ei; j = ej
        }
        if i >= a.count && j >= b.count { return 0 }
        return i >= a.count ? -1 : 1
    }
}
