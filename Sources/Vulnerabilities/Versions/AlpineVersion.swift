// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Alpine (apk-tools) version ordering: `digit{.digit}…{letter}{_suffix{number}}…{-rN}`, where `_alpha`, `_beta`,
/// `_pre` and `_rc` sort before the plain version and `_cvs`, `_svn`, `_git`, `_hg`, `_p` after it; a leading zero
/// after a dot makes a part compare as a fraction (1.02 < 1.1).
public enum AlpineVersion {
    enum Token: Int, Comparable {
        case invalid = -1, digitOrZero, digit, letter, suffix, suffixNumber, revision, end
        static func < (a: Token, b: Token) -> Bool { a.rawValue < b.rawValue }
    }

    static let preSuffixes = ["alpha", "beta", "pre", "rc"].map { Array($0.utf8) }
    static let postSuffixes = ["cvs", "svn", "git", "hg", "p"].map { Array($0.utf8) }

    struct Cursor {
        let bytes: [UInt8]
        var position = 0
        var remaining: Int { bytes.count - position }
        var current: UInt8? { position < bytes.count ? bytes[position] : nil }
        func at(_ offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }
    }

    static func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 48 && $0 <= 57 } ?? false }
    static func isLower(_ c: UInt8?) -> Bool { c.map { $0 >= 97 && $0 <= 122 } ?? false }

    /// What the next part is, after the one just read.
    static func nextToken(_ type: inout Token, _ cursor: inout Cursor) {
        var next = Token.invalid
        if cursor.remaining == 0 || cursor.current == 0 {
            next = .end
        } else if (type == .digit || type == .digitOrZero) && isLower(cursor.current) {
            next = .letter
        } else if type == .letter && isDigit(cursor.current) {
            next = .digit
        } else if type == .suffix && isDigit(cursor.current) {
            next = .suffixNumber
        } else {
            switch cursor.current {
            case UInt8(ascii: "."): next = .digitOrZero
            case UInt8(ascii: "_"): next = .suffix
            case UInt8(ascii: "-"):
                if cursor.remaining > 1 && cursor.at(1) == UInt8(ascii: "r") {
                    next = .revision
                    cursor.position += 1
                }
            default: break
            }
            cursor.position += 1
        }
        if next < type {
            let allowed =
                (next == .digitOrZero && type == .digit) || (next == .suffix && type == .suffixNumber) || (next == .digit && type == .letter)
            if !allowed { next = .invalid }
        }
        type = next
    }

    /// Reads the value of the current part and advances to the next.
    static func getToken(_ type: inout Token, _ cursor: inout Cursor) -> Int {
        guard cursor.remaining > 0 else { type = .end; return 0 }
        var value = 0, length = 0
        var nextType = Token.invalid
        func readNumber() {
            while length < cursor.remaining, isDigit(cursor.at(length)) {
                value = value &* 10 &+ Int(cursor.at(length)! - 48)
                length += 1
            }
        }
        switch type {
        case .digitOrZero where cursor.current == UInt8(ascii: "0"):
            while length < cursor.remaining && cursor.at(length) == UInt8(ascii: "0") { length += 1 }
            nextType = .digit
            value = -length
        case .digitOrZero, .digit, .suffixNumber, .revision:
            readNumber()
        case .letter:
            value = Int(cursor.current!)
            length = 1
        case .suffix:
            let rest = cursor.bytes[cursor.position...]
            if let index = preSuffixes.firstIndex(where: { rest.starts(with: $0) }) {
                length = preSuffixes[index].count
                value = index - preSuffixes.count
            } else if let index = postSuffixes.firstIndex(where: { rest.starts(with: $0) }) {
                length = postSuffixes[index].count
                value = index
            } else {
                type = .invalid
                return -1
            }
        default:
            type = .invalid
            return -1
        }
        cursor.position += length
        if cursor.remaining == 0 { type = .end } else if nextType != .invalid { type = nextType } else { nextToken(&type, &cursor) }
        return value
    }

    /// Whether apk would accept the version.
    @discardableResult
    public static func validate(_ version: String) throws -> Bool {
        var type = Token.digit
        var cursor = Cursor(bytes: Array(version.utf8))
        guard !version.isEmpty else { throw VersionError("'\(version)' is not an Alpine version: it is empty") }
        while type != .end && type != .invalid { _ = getToken(&type, &cursor) }
        guard type == .end else { throw VersionError("'\(version)' is not an Alpine version: unexpected text at offset \(cursor.position)") }
        return true
    }

    public static func compare(_ a: String, _ b: String) throws -> Int {
        // Like apk, compare even versions it would not install (`1.0bc`): the parts read so far decide.
        for v in [a, b] where v.isEmpty { throw VersionError("'\(v)' is not an Alpine version: it is empty") }
        var at = Token.digit, bt = Token.digit
        var av = 0, bv = 0
        var ca = Cursor(bytes: Array(a.utf8)), cb = Cursor(bytes: Array(b.utf8))
        while at == bt && at != .end && at != .invalid && av == bv {
            av = getToken(&at, &ca)
            bv = getToken(&bt, &cb)
        }
        if av < bv { return -1 }
        if av > bv { return 1 }
        if at == bt { return 0 }
        // The longer version is greater, unless what it has more is a pre-release suffix.
        var tt = at
        if at == .suffix && getToken(&tt, &ca) < 0 { return -1 }
        tt = bt
        if bt == .suffix && getToken(&tt, &cb) < 0 { return 1 }
        if at > bt { return -1 }
        if bt > at { return 1 }
        return 0
    }
}
