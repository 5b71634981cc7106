// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Vulnerabilities

/// Known answers for every ordering, chosen for the hard cases; the end-to-end suite cross-checks thousands of
/// generated pairs against the reference implementations (dpkg, rpm, RubyGems, node-semver, Maven, packaging…).
@Suite struct VersionOrderingTests {
    /// (ecosystem, a, b, expected a <=> b)
    static let cases: [(String, String, String, Int)] = [
        // Debian: epochs, tildes before everything, letters before non-letters, revisions.
        ("Debian", "1:1.0", "2.0", 1), ("Debian", "1.0~rc1", "1.0", -1), ("Debian", "1.0~~", "1.0~", -1), ("Debian", "1.0+b1", "1.0", 1),
        ("Debian", "1.0-1", "1.0-1ubuntu1", -1), ("Debian", "2.30-1", "2.4-1", 1), ("Debian", "1.0a", "1.0+", -1), ("Debian", "0:1.0", "1.0", 0),
        ("Debian:12", "3.0.11-1~deb12u2", "3.0.11-1", -1), ("Ubuntu:22.04:LTS", "1.2.3-0ubuntu0.22.04.1", "1.2.3-0ubuntu0.22.04.2", -1),
        // RPM: tilde before, caret after the base but before anything longer; release only when both have one.
        ("RPM", "1.0~rc1", "1.0", -1), ("RPM", "1.0^post1", "1.0", 1), ("RPM", "1.0^post1", "1.0.1", -1), ("RPM", "1:1.0-1", "2.0-1", 1),
        ("AlmaLinux:9", "8.7p1-34.el9", "8.7p1-38.el9_4.1", -1), ("RPM", "1.0a", "1.0.1", -1), ("RPM", "1.0", "1.0-5", 0),
        ("Red Hat", "2.02-0.86.el7", "2.02-0.87.el7", -1), ("Rocky Linux", "1.010", "1.9", 1),
        // Alpine: suffixes, letters, revisions; a leading zero after a dot compares as a fraction.
        ("Alpine", "1.2.3_rc1", "1.2.3", -1), ("Alpine", "1.2.3_p1", "1.2.3", 1), ("Alpine", "1.2.3-r1", "1.2.3-r0", 1), ("Alpine", "1.2a", "1.2", 1),
        ("Alpine", "1.02", "1.1", -1), ("Alpine", "0.1.0_alpha_pre2", "0.1.0_alpha", -1), ("Alpine:v3.20", "1.36.1-r5", "1.36.1-r29", -1),
        // SemVer and its ecosystems: pre-release order, numeric identifiers numerically, build metadata ignored.
        ("SemVer", "1.0.0-alpha", "1.0.0-alpha.1", -1), ("SemVer", "1.0.0-alpha.beta", "1.0.0-beta", -1),
        ("SemVer", "1.0.0-beta.2", "1.0.0-beta.11", -1),
        ("SemVer", "1.0.0-rc.1", "1.0.0", -1), ("SemVer", "1.0.0+build.1", "1.0.0+build.2", 0), ("npm", "1.0.0-1", "1.0.0-a", -1),
        ("crates.io", "0.0.0-0", "0.0.0", -1), ("SemVer", "18446744073709551617.0.0", "18446744073709551616.0.0", 1),
        ("Go", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1), ("Go", "v2.0.0+incompatible", "v2.0.0", 0),
        ("Go", "1.21.0-0", "1.20.10", 1), ("Go", "v0.17.0", "0.16.0", 1),
        // PEP 440: dev < pre < final < post; epochs; local versions; normalisation.
        ("PyPI", "1.0.dev0", "1.0a1", -1), ("PyPI", "1.0a1", "1.0b1", -1), ("PyPI", "1.0rc1", "1.0", -1), ("PyPI", "1.0", "1.0.post1", -1),
        ("PyPI", "1.0.post1.dev1", "1.0.post1", -1), ("PyPI", "1!0.1", "2.0", 1), ("PyPI", "1.0+local.1", "1.0", 1), ("PyPI", "1.0+abc", "1.0+1", -1),
        ("PyPI", "1.0.0", "1.0", 0), ("PyPI", "1.0-1", "1.0.post1", 0), ("PyPI", "1.0alpha1", "1.0a1", 0), ("PyPI", "1.0c1", "1.0rc1", 0),
        ("PyPI", "v1.0", "1.0", 0), ("PyPI", "1.0b-", "1.0b0", 0), ("PyPI", "1.0.dev456", "1.0a1.dev1", -1),
        // Maven: qualifiers, aliases, sub-lists.
        ("Maven", "1.0-alpha-1", "1.0-beta-1", -1), ("Maven", "1.0-rc-1", "1.0-SNAPSHOT", -1), ("Maven", "1.0-SNAPSHOT", "1.0", -1),
        ("Maven", "1.0", "1.0-sp-1", -1), ("Maven", "1.0.Final", "1.0", 0), ("Maven", "1.0-ga", "1", 0), ("Maven", "1.0-cr1", "1.0-rc1", 0),
        ("Maven", "1.0-a1", "1.0-alpha1", 0), ("Maven", "1.0-foo", "1.0", 1), ("Maven", "1.0-1", "1.0", 1), ("Maven", "2.14.1", "2.15.0", -1),
        ("Maven", "5.2.20.RELEASE", "5.2.3.RELEASE", 1),
        // RubyGems: a letter makes a pre-release; trailing zeros do not count.
        ("RubyGems", "1.0.a", "1.0", -1), ("RubyGems", "1.0.0", "1", 0), ("RubyGems", "1.0.rc1", "1.0.b1", 1), ("RubyGems", "1.0-pre", "1.0", -1),
        ("RubyGems", "2.2.6.2", "2.2.6.10", -1),
        // NuGet: four numbers, case-insensitive labels, metadata ignored.
        ("NuGet", "1.0.0.1", "1.0.0", 1), ("NuGet", "1.0.0-BETA", "1.0.0-beta", 0), ("NuGet", "1.0.0-beta.2", "1.0.0-beta.10", -1),
        ("NuGet", "1.0", "1.0.0.0", 0), ("NuGet", "1.0.0+abc", "1.0.0", 0), ("NuGet", "1.0.0-rc.1", "1.0.0", -1),
        // Packagist: Composer's normalisation (aliases, RC case, -stable, patch after the release, dev first).
        ("Packagist", "v1.0.0", "1.0", 0), ("Packagist", "1.0.0-RC1", "1.0.0-rc1", 0), ("Packagist", "1.0-stable", "1.0", 0),
        ("Packagist", "1.0.0-beta2", "1.0.0-RC1", -1), ("Packagist", "1.0.0-a1", "1.0.0-alpha1", 0), ("Packagist", "1.0.0-patch1", "1.0.0", 1),
        ("Packagist", "1.0.0-pl1", "1.0.0-patch1", 0), ("Packagist", "1.0.0-dev", "1.0.0-alpha1", -1), ("Packagist", "5.4.20", "5.4.3", 1),
    ]

    @Test func knownAnswers() throws {
        var failures: [String] = []
        for (ecosystem, a, b, expected) in Self.cases {
            let scheme = try Ecosystem.require(ecosystem)
            let forward = try scheme.compare(a, b), backward = try scheme.compare(b, a)
            if forward != expected || backward != -expected {
                failures.append("\(ecosystem): \(a) vs \(b) gave \(forward)/\(backward), expected \(expected)")
            }
            // A parsed key orders exactly as the strings do.
            if try scheme.key(a).compare(scheme.key(b)) != expected { failures.append("\(ecosystem): key order of \(a) vs \(b)") }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test func everyDocumentedEcosystemHasAnOrdering() {
        for name in Ecosystem.documented { #expect(Ecosystem.scheme(name) != nil, "\(name)") }
        #expect(Ecosystem.scheme("Debian:12") == .debian)
        #expect(Ecosystem.scheme("pypi") == .pep440)
        #expect(Ecosystem.scheme("Hackage") == nil)
    }

    @Test func invalidVersionsAreRefusedWithTheirName() {
        for (ecosystem, version) in [
            ("SemVer", "1.2"), ("SemVer", "01.2.3"), ("npm", "1.0.0-01"), ("PyPI", "1.0-foo"), ("PyPI", "one"),
            ("RubyGems", "1a"), ("NuGet", "1.2.3.4.5"), ("Packagist", "dev-main"), ("Debian", "a:1.0"), ("Debian", ""),
        ] {
            #expect(throws: VersionError.self, "\(ecosystem) \(version)") { try Ecosystem.require(ecosystem).compare(version, "1.0.0") }
            do { _ = try Ecosystem.require(ecosystem).compare(version, "1.0.0") } catch {
                #expect("\(error)".contains("'\(version)'"), "the message names the version: \(error)")
            }
        }
        #expect(throws: VersionError.self) { try Ecosystem.require("Hackage") }
    }

    @Test func orderingIsTotalOnASortedList() throws {
        // Sorting with the comparator gives a chain in which every earlier element is smaller.
        let versions = [
            "1.0.dev0", "1.0a1", "1.0a2.dev1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.0+local", "1.0.post1.dev0", "1.0.post1", "1.1", "1!0.5",
        ]
        let sorted = try versions.shuffled().sorted { try VersionScheme.pep440.compare($0, $1) < 0 }
        #expect(sorted == versions)
    }
}
