// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// What a package name and a version may look like in each ecosystem. Names and versions come from users'
/// inventories and from advisory feeds, and end up in shell scripts and playbooks: the inventory import refuses a
/// name that cannot be a package name, and every artefact checks again before it writes one.
public enum PackageCoordinates {
    public static let maxNameLength = 214
    public static let maxVersionLength = 128

    /// Why `name` cannot be a package name of the ecosystem (`Debian:12`, `PyPI`, …); nil when it can.
    public static func nameProblem(_ name: String, ecosystem: String) -> String? {
        let base = ecosystem.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ecosystem
        guard !name.isEmpty, name.utf8.count <= maxNameLength else { return "a package name has 1 to \(maxNameLength) characters" }
        guard let first = name.unicodeScalars.first, first != "-", first != "." else { return "a package name cannot start with '\(first_(name))'" }
        let allowed: String
        switch base {
        case "Debian", "Ubuntu": allowed = "+.-"
        case "AlmaLinux", "Rocky Linux", "Red Hat", "RPM", "SUSE", "openSUSE", "Alpine": allowed = "_.+-"
        case "PyPI", "crates.io", "NuGet", "RubyGems", "Hex", "Pub": allowed = "_.-"
        case "npm": allowed = "@/_.~-"
        case "Go": allowed = "/_.~-"
        case "Maven": allowed = ":_.-"
        case "Packagist": allowed = "/_.-"
        default: allowed = "@/:_.+~-"
        }
        if let bad = name.unicodeScalars.first(where: { !isAlphanumeric($0) && !allowed.unicodeScalars.contains($0) }) {
            return "'\(printable(bad))' cannot be part of a \(base) package name"
        }
        if base == "Maven", name.split(separator: ":", omittingEmptySubsequences: false).count != 2 {
            return "a Maven package is group:artifact"
        }
        if base == "Packagist", name.split(separator: "/", omittingEmptySubsequences: false).count != 2 {
            return "a Packagist package is vendor/name"
        }
        if base == "npm", name.hasPrefix("@"), name.split(separator: "/", omittingEmptySubsequences: false).count != 2 {
            return "a scoped npm package is @scope/name"
        }
        return nil
    }

    /// Why `version` cannot be a version to install; nil when it can.
    public static func versionProblem(_ version: String) -> String? {
        guard !version.isEmpty, version.utf8.count <= maxVersionLength else { return "a version has 1 to \(maxVersionLength) characters" }
        guard let first = version.unicodeScalars.first, isAlphanumeric(first) else { return "a version starts with a letter or digit" }
        if let bad = version.unicodeScalars.first(where: { !isAlphanumeric($0) && !":.+~_^!-".unicodeScalars.contains($0) }) {
            return "'\(printable(bad))' cannot be part of a version"
        }
        return nil
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    static func first_(_ name: String) -> String { name.unicodeScalars.first.map(printable) ?? "" }

    static func printable(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7f ? "U+" + String(scalar.value, radix: 16, uppercase: true) : String(scalar)
    }
}
