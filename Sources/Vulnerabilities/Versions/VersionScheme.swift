// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// How an ecosystem orders its versions.
public enum VersionScheme: String, Sendable, CaseIterable, Codable {
    /// SemVer 2.0 (npm, crates.io, Hex, Pub, SwiftURL and OSV's `SEMVER` ranges).
    case semver
    /// Go modules: SemVer with a `v` prefix, pseudo-versions and `+incompatible`.
    case go
    /// PEP 440 (PyPI).
    case pep440
    /// dpkg (Debian, Ubuntu).
    case debian
    /// rpmvercmp over epoch:version-release (Red Hat, AlmaLinux, Rocky Linux, SUSE, …).
    case rpm
    /// apk-tools (Alpine).
    case alpine
    /// Maven's ComparableVersion.
    case maven
    /// RubyGems' Gem::Version.
    case rubygems
    /// NuGet's NuGetVersion (SemVer 2 with a fourth number, case-insensitive labels).
    case nuget
    /// Composer (Packagist): normalised as Composer does, ordered as PHP's version_compare.
    case packagist

    /// Compares two versions: -1, 0 or 1. Throws `VersionError` naming the version that cannot be read.
    public func compare(_ a: String, _ b: String) throws -> Int {
        switch self {
        case .semver: return try SemanticVersion.parse(a).compare(SemanticVersion.parse(b))
        case .go: return try SemanticVersion.parse(a).compare(SemanticVersion.parse(b))
        case .pep440: return try PEP440Version.parse(a).compare(PEP440Version.parse(b))
        case .debian: return try DebianVersion.parse(a).compare(DebianVersion.parse(b))
        case .rpm: return try RPMVersion.parse(a).compare(RPMVersion.parse(b))
        case .alpine: return try AlpineVersion.compare(a, b)
        case .maven: return try MavenVersion.parse(a).compare(MavenVersion.parse(b))
        case .rubygems: return try RubyGemsVersion.parse(a).compare(RubyGemsVersion.parse(b))
        case .nuget: return try NuGetVersion.parse(a).compare(NuGetVersion.parse(b))
        case .packagist: return try ComposerVersion.parse(a).compare(ComposerVersion.parse(b))
        }
    }

    /// Whether a version is a pre-release in its ecosystem (SemVer `-rc.1`, PEP 440 `a1`/`rc1`/`.dev0`, Maven
    /// `-alpha`/`-beta`/`-RC`/`-M1`/`-SNAPSHOT`, RubyGems and NuGet letters); distribution versions never are. An
    /// upgrade plan chooses one only for a package already on a pre-release.
    public func isPrerelease(_ version: String) -> Bool {
        switch self {
        case .semver, .go: return (try? SemanticVersion.parse(version).prerelease.isEmpty == false) ?? false
        case .pep440: return (try? PEP440Version.parse(version)).map { $0.pre != nil || $0.dev != nil } ?? false
        case .nuget: return version.split(separator: "+")[0].contains("-")
        case .rubygems: return version.contains { $0.isLetter }
        case .maven, .packagist:
            let lower = version.lowercased()
            return ["alpha", "beta", "rc", "snapshot", "milestone", "dev", "preview"].contains { lower.contains($0) }
                || lower.contains(/[.-]m\d/)
        case .debian, .rpm, .alpine: return false
        }
    }

    /// The versions in this scheme's order, each parsed once; those it cannot read are left out.
    public func sorted(_ versions: [String]) -> [String] {
        versions.compactMap { version in (try? key(version)).map { (version, $0) } }.sorted { $0.1.compare($1.1) < 0 }.map(\.0)
    }

    /// For each of `versions`, the index of the first of `sorted` (in this scheme's order, as ``sorted(_:)`` gives
    /// them) above it; `sorted.count` when none is, or when the version cannot be read. Each version is parsed once.
    public func firstAbove(_ versions: [String], in sorted: [String]) -> [Int] {
        let keys = sorted.map { try? key($0) }
        return versions.map { version in
            guard let target = try? key(version) else { return sorted.count }
            var (low, high) = (0, keys.count)
            while low < high {
                let middle = (low + high) / 2
                if let candidate = keys[middle], candidate.compare(target) > 0 { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }

    /// A parsed, comparable form of a version, for comparing one version against many.
    public func key(_ version: String) throws -> VersionKey {
        switch self {
        case .semver: return .semver(try SemanticVersion.parse(version))
        case .go: return .semver(try SemanticVersion.parse(version))
        case .pep440: return .pep440(try PEP440Version.parse(version))
        case .debian: return .debian(try DebianVersion.parse(version))
        case .rpm: return .rpm(try RPMVersion.parse(version))
        case .alpine: _ = try AlpineVersion.validate(version); return .alpine(version)
        case .maven: return .maven(try MavenVersion.parse(version))
        case .rubygems: return .rubygems(try RubyGemsVersion.parse(version))
        case .nuget: return .nuget(try NuGetVersion.parse(version))
        case .packagist: return .packagist(try ComposerVersion.parse(version))
        }
    }
}

/// A version parsed once; two keys of the same scheme compare as their strings would.
public enum VersionKey: Sendable {
    case semver(SemanticVersion), pep440(PEP440Version), debian(DebianVersion), rpm(RPMVersion), alpine(String)
    case maven(MavenVersion), rubygems(RubyGemsVersion), nuget(NuGetVersion), packagist(ComposerVersion)

    /// -1, 0 or 1; keys of different schemes compare as equal (they never meet: one range has one scheme).
    public func compare(_ other: VersionKey) -> Int {
        switch (self, other) {
        case (.semver(let a), .semver(let b)): return a.compare(b)
        case (.pep440(let a), .pep440(let b)): return a.compare(b)
        case (.debian(let a), .debian(let b)): return a.compare(b)
        case (.rpm(let a), .rpm(let b)): return a.compare(b)
        case (.alpine(let a), .alpine(let b)): return (try? AlpineVersion.compare(a, b)) ?? 0
        case (.maven(let a), .maven(let b)): return a.compare(b)
        case (.rubygems(let a), .rubygems(let b)): return a.compare(b)
        case (.nuget(let a), .nuget(let b)): return a.compare(b)
        case (.packagist(let a), .packagist(let b)): return a.compare(b)
        default: return 0
        }
    }
}

/// A version that its ecosystem's rules cannot read.
public struct VersionError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Compares digit strings of any length as numbers.
func compareDigits<S: StringProtocol>(_ a: S, _ b: S) -> Int {
    let x = a.drop { $0 == "0" }, y = b.drop { $0 == "0" }
    if x.count != y.count { return x.count < y.count ? -1 : 1 }
    return x == y ? 0 : (x < y ? -1 : 1)
}

func sign(_ value: Int) -> Int { value < 0 ? -1 : value > 0 ? 1 : 0 }

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
    var isASCIILetter: Bool { asciiValue.map { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) } ?? false }
}
