// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// OSV ecosystem names and how each orders versions. A name may carry a release suffix (`Debian:12`,
/// `AlmaLinux:9`, `Ubuntu:22.04:LTS`): the part before the first `:` chooses the ordering.
public enum Ecosystem {
    static let schemes: [String: VersionScheme] = [
        "PyPI": .pep440, "npm": .semver, "Go": .go, "crates.io": .semver, "Maven": .maven, "RubyGems": .rubygems,
        "NuGet": .nuget, "Packagist": .packagist, "Debian": .debian, "Ubuntu": .debian, "AlmaLinux": .rpm,
        "Rocky Linux": .rpm, "Red Hat": .rpm, "Alpine": .alpine, "SemVer": .semver, "RPM": .rpm, "Hex": .semver,
        "Pub": .semver, "SwiftURL": .semver, "SUSE": .rpm, "openSUSE": .rpm, "Mageia": .rpm, "openEuler": .rpm,
        "Wolfi": .alpine, "Chainguard": .alpine,
    ]

    /// The ecosystems `bulwark version compare` documents, in help order.
    public static let documented = [
        "PyPI", "npm", "Go", "crates.io", "Maven", "RubyGems", "NuGet", "Packagist", "Debian", "Ubuntu",
        "AlmaLinux", "Rocky Linux", "Red Hat", "Alpine", "SemVer", "RPM",
    ]

    /// `Debian:12` → `Debian`.
    public static func base(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[..<$0]) } ?? name
    }

    /// `Debian:12` → `12`; nil without a suffix.
    public static func release(_ name: String) -> String? {
        name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) }
    }

    /// The ordering of an ecosystem (name matched exactly first, then case-insensitively).
    public static func scheme(_ name: String) -> VersionScheme? {
        let base = base(name)
        if let scheme = schemes[base] { return scheme }
        return schemes.first { $0.key.lowercased() == base.lowercased() }?.value
    }

    /// The scheme or an error that lists the known names.
    public static func require(_ name: String) throws -> VersionScheme {
        guard let scheme = scheme(name) else {
            throw VersionError("unknown ecosystem '\(name)' (known: \(documented.joined(separator: ", ")))")
        }
        return scheme
    }

    /// The name under which a package is matched: PyPI names per PEP 503, case-insensitive ecosystems lower-cased.
    public static func normalizedName(_ name: String, ecosystem: String) -> String {
        switch base(ecosystem) {
        case "PyPI":
            var out = ""
            var lastWasSeparator = false
            for c in name.lowercased() {
                if c == "-" || c == "_" || c == "." {
                    if !lastWasSeparator { out.append("-") }
                    lastWasSeparator = true
                } else {
                    out.append(c)
                    lastWasSeparator = false
                }
            }
            return out
        case "NuGet", "Packagist", "Alpine", "Debian", "Ubuntu", "crates.io", "RubyGems":
            return name.lowercased()
        default:
            return name
        }
    }
}
