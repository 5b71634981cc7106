// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A PEP 440 version (PyPI), ordered as `packaging.version.Version` orders them.
public struct PEP440Version: Sendable, Equatable {
    public var epoch: Int
    /// Release numbers with trailing zeros removed (1.0 == 1.0.0).
    public var release: [String]
    /// `a`, `b` or `rc` with its number.
    public var pre: (String, String)?
    public var post: String?
    public var dev: String?
    public var local: [String]?

    public static func == (a: Self, b: Self) -> Bool { a.compare(b) == 0 }

    public static func parse(_ text: String) throws -> PEP440Version {
        let input = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        var s = Substring(input)
        func fail(_ why: String) -> VersionError { VersionError("'\(text)' is not a PEP 440 version: \(why)") }
        func take(_ prefixes: [String]) -> String? {
            for p in prefixes where s.hasPrefix(p) { s = s.dropFirst(p.count); return p }
            return nil
        }
        func digits() -> String? {
            let d = s.prefix(while: \.isASCIIDigit)
            guard !d.isEmpty else { return nil }
            s = s.dropFirst(d.count)
            return String(d)
        }
        func separator() -> Bool {
            if let c = s.first, c == "-" || c == "_" || c == "." { s = s.dropFirst(); return true }
            return false
        }
        if s.first == "v" { s = s.dropFirst() }
        var epoch = 0
        var release: [String] = []
        guard let first = digits() else { throw fail("it does not start with a number") }
        if s.first == "!" {
            s = s.dropFirst()
            guard let e = Int(first) else { throw fail("the epoch is too large") }
            epoch = e
            guard let r = digits() else { throw fail("no release number after the epoch") }
            release.append(r)
        } else {
            release.append(first)
        }
        while s.first == ".", s.dropFirst().first?.isASCIIDigit == true {
            s = s.dropFirst()
            release.append(digits()!)
        }
        var version = PEP440Version(epoch: epoch, release: [], pre: nil, post: nil, dev: nil, local: nil)
        // Pre-release: [-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?N?
        var saved = s
        _ = separator()
        if let label = take(["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]) {
            let normal = ["alpha": "a", "a": "a", "beta": "b", "b": "b"][label] ?? "rc"
            // The separator after the label belongs to it even without a number ("1.0b-" is 1.0b0), as in packaging's regex.
            _ = separator()
            version.pre = (normal, digits() ?? "0")
        } else {
            s = saved
        }
        // Post-release: -N | [-_.]?(post|rev|r)[-_.]?N?
        saved = s
        if s.first == "-", s.dropFirst().first?.isASCIIDigit == true {
            s = s.dropFirst()
            version.post = digits()
        } else {
            _ = separator()
            if take(["post", "rev", "r"]) != nil {
                _ = separator()
                version.post = digits() ?? "0"
            } else {
                s = saved
            }
        }
        // Development release: [-_.]?dev[-_.]?N?
        saved = s
        _ = separator()
        if take(["dev"]) != nil {
            _ = separator()
            version.dev = digits() ?? "0"
        } else {
            s = saved
        }
        // Local version: +[a-z0-9]+([-_.][a-z0-9]+)*
        if s.first == "+" {
            s = s.dropFirst()
            var parts: [String] = []
            for part in s.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." }) {
                guard !part.isEmpty, part.allSatisfy({ $0.isASCIIDigit || ($0.isASCIILetter && $0.isLowercase) }) else {
                    throw fail("invalid local version label")
                }
                parts.append(String(part))
            }
            version.local = parts
            s = ""
        }
        guard s.isEmpty else { throw fail("unexpected '\(s)'") }
        var trimmed = release
        while trimmed.count > 1, trimmed.last!.allSatisfy({ $0 == "0" }) { trimmed.removeLast() }
        if trimmed.count == 1, trimmed[0].allSatisfy({ $0 == "0" }) { trimmed = [] }
        version.release = trimmed
        return version
    }

    public func compare(_ other: PEP440Version) -> Int {
        if epoch != other.epoch { return epoch < other.epoch ? -1 : 1 }
        for index in 0..<max(release.count, other.release.count) {
            let c = compareDigits(index < release.count ? release[index] : "0", index < other.release.count ? other.release[index] : "0")
            if c != 0 { return c }
        }
        // Pre-release: a dev release with nothing else sorts before all pre-releases; none sorts after.
        func preRank(_ v: PEP440Version) -> (Int, String, String) {
            if v.pre == nil && v.post == nil && v.dev != nil { return (0, "", "") }
            guard let pre = v.pre else { return (2, "", "") }
            return (1, pre.0, pre.1)
        }
        let (ra, la, na) = preRank(self), (rb, lb, nb) = preRank(other)
        if ra != rb { return ra < rb ? -1 : 1 }
        if la != lb { return la < lb ? -1 : 1 }
        var c = compareDigits(na, nb)
        if c != 0 { return c }
        c = Self.compareOptional(post, other.post, missingFirst: true)
        if c != 0 { return c }
        c = Self.compareOptional(dev, other.dev, missingFirst: false)
        if c != 0 { return c }
        switch (local, other.local) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case (let a?, let b?):
            for (x, y) in zip(a, b) {
                let xn = x.allSatisfy(\.isASCIIDigit), yn = y.allSatisfy(\.isASCIIDigit)
                if xn && yn {
                    let d = compareDigits(x, y); if d != 0 { return d }
                } else if xn != yn {
                    return xn ? 1 : -1
                } else if x != y {
                    return x < y ? -1 : 1
                }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }
    }

    /// Missing sorts first (post-releases) or last (development releases).
    static func compareOptional(_ a: String?, _ b: String?, missingFirst: Bool) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return missingFirst ? -1 : 1
        case (_, nil): return missingFirst ? 1 : -1
        case (let x?, let y?): return compareDigits(x, y)
        }
    }
}
