// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A SemVer 2.0 version (semver.org): MAJOR.MINOR.PATCH, pre-release identifiers, build metadata (ignored in order).
public struct SemanticVersion: Sendable, Equatable {
    public var major: String, minor: String, patch: String
    public var prerelease: [String]
    public var build: String?

    /// Reads a version; a leading `v` (or `=`) is allowed, as npm and Go write them.
    public static func parse(_ text: String) throws -> SemanticVersion {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("=") { body = body.dropFirst() }
        if body.hasPrefix("v") || body.hasPrefix("V") { body = body.dropFirst() }
        var build: String?
        if let plus = body.firstIndex(of: "+") {
            build = String(body[body.index(after: plus)...])
            body = body[..<plus]
            guard let build, !build.isEmpty,
                build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty && $0.allSatisfy(isIdentifierCharacter) })
            else { throw VersionError("'\(text)' is not a SemVer version: invalid build metadata") }
        }
        var prerelease: [String] = []
        if let dash = body.firstIndex(of: "-") {
            let tail = body[body.index(after: dash)...]
            body = body[..<dash]
            for identifier in tail.split(separator: ".", omittingEmptySubsequences: false) {
                guard !identifier.isEmpty, identifier.allSatisfy(isIdentifierCharacter) else {
                    throw VersionError("'\(text)' is not a SemVer version: invalid pre-release identifier '\(identifier)'")
                }
                if identifier.allSatisfy(\.isASCIIDigit) && identifier.count > 1 && identifier.first == "0" {
                    throw VersionError("'\(text)' is not a SemVer version: numeric identifier '\(identifier)' has a leading zero")
                }
                prerelease.append(String(identifier))
            }
        }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3 else { throw VersionError("'\(text)' is not a SemVer version: expected MAJOR.MINOR.PATCH") }
        for number in numbers {
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit) else {
                throw VersionError("'\(text)' is not a SemVer version: '\(number)' is not a number")
            }
            guard number.count == 1 || number.first != "0" else {
                throw VersionError("'\(text)' is not a SemVer version: '\(number)' has a leading zero")
            }
        }
        return SemanticVersion(
            major: String(numbers[0]), minor: String(numbers[1]), patch: String(numbers[2]),
            prerelease: prerelease, build: build)
    }

    static func isIdentifierCharacter(_ c: Character) -> Bool { c.isASCIIDigit || c.isASCIILetter || c == "-" }

    public func compare(_ other: SemanticVersion) -> Int {
        for (a, b) in [(major, other.major), (minor, other.minor), (patch, other.patch)] {
            let c = compareDigits(a, b)
            if c != 0 { return c }
        }
        if prerelease.isEmpty || other.prerelease.isEmpty {
            return prerelease.isEmpty == other.prerelease.isEmpty ? 0 : (prerelease.isEmpty ? 1 : -1)
        }
        for (a, b) in zip(prerelease, other.prerelease) {
            let aNumeric = a.allSatisfy(\.isASCIIDigit), bNumeric = b.allSatisfy(\.isASCIIDigit)
            switch (aNumeric, bNumeric) {
            case (true, true):
                let c = compareDigits(a, b)
                if c != 0 { return c }
            case (true, false): return -1
            case (false, true): return 1
            case (false, false):
                if a != b { return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)) ? -1 : 1 }
            }
        }
        return prerelease.count == other.prerelease.count ? 0 : (prerelease.count < other.prerelease.count ? -1 : 1)
    }
}
