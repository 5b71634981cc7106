// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A NuGet version (NuGet.Versioning's NuGetVersion): up to four numbers (missing ones are 0, leading zeros allowed),
/// SemVer 2 pre-release labels compared case-insensitively, metadata ignored.
public struct NuGetVersion: Sendable, Equatable {
    var numbers: [String]
    var labels: [String]

    public static func parse(_ text: String) throws -> NuGetVersion {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        func fail(_ why: String) -> VersionError { VersionError("'\(text)' is not a NuGet version: \(why)") }
        if let plus = body.firstIndex(of: "+") {
            let metadata = body[body.index(after: plus)...]
            guard !metadata.isEmpty,
                metadata.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({
                    !$0.isEmpty && $0.allSatisfy(SemanticVersion.isIdentifierCharacter)
                })
            else { throw fail("invalid metadata") }
            body = body[..<plus]
        }
        var labels: [String] = []
        if let dash = body.firstIndex(of: "-") {
            let release = body[body.index(after: dash)...]
            for label in release.split(separator: ".", omittingEmptySubsequences: false) {
                guard !label.isEmpty, label.allSatisfy(SemanticVersion.isIdentifierCharacter) else { throw fail("invalid release label '\(label)'") }
                labels.append(String(label))
            }
            body = body[..<dash]
        }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...4).contains(numbers.count), numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) && $0.count <= 10 }) else {
            throw fail("expected one to four numbers separated by dots")
        }
        return NuGetVersion(numbers: numbers + Array(repeating: "0", count: 4 - numbers.count), labels: labels)
    }

    public func compare(_ other: NuGetVersion) -> Int {
        for (a, b) in zip(numbers, other.numbers) {
            let c = compareDigits(a, b)
            if c != 0 { return c }
        }
        if labels.isEmpty || other.labels.isEmpty {
            return labels.isEmpty == other.labels.isEmpty ? 0 : (labels.isEmpty ? 1 : -1)
        }
        for (a, b) in zip(labels, other.labels) {
            let an = a.allSatisfy(\.isASCIIDigit), bn = b.allSatisfy(\.isASCIIDigit)
            if an && bn {
                let c = compareDigits(a, b)
                if c != 0 { return c }
            } else if an != bn {
                return an ? -1 : 1
            } else {
                let x = a.lowercased(), y = b.lowercased()
                if x != y { return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) ? -1 : 1 }
            }
        }
        return labels.count == other.labels.count ? 0 : (labels.count < other.labels.count ? -1 : 1)
    }
}
