// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Vulnerabilities

/// One fixture per inventory format: recognised by name or content, every package with its ecosystem and purl.
@Suite struct InventoryParserTests {
    func parse(_ file: String, ecosystem: String? = nil) throws -> ParsedInventory {
        try InventoryParser.parse(bytes: try fixture("inventories/" + file), name: file, ecosystem: ecosystem)
    }

    func summary(_ inventory: ParsedInventory) -> [String] {
        inventory.packages.map { "\($0.ecosystem) \($0.name) \($0.version)" }.sorted()
    }

    @Test func cyclonedx() throws {
        let inventory = try parse("bom.cdx.json")
        #expect(inventory.format == .cyclonedx)
        #expect(
            summary(inventory) == [
                "AlmaLinux:9 openssh 8.7p1-34.el9", "Go golang.org/x/net v0.16.0", "Maven org.apache.logging.log4j:log4j-core 2.14.1",
                "PyPI django 3.2.4", "npm shop 1.0.0",
            ])
        #expect(inventory.rejected.map(\.reason) == ["component 'no-purl-lib' has no purl"])
    }

    @Test func spdx() throws {
        let inventory = try parse("sbom.spdx.json")
        #expect(inventory.format == .spdx)
        #expect(summary(inventory) == ["Debian:12 libssl3 3.0.11-1~deb12u2", "PyPI py 1.11.0", "crates.io cap-primitives 3.4.0"])
        #expect(inventory.packages.first { $0.name == "libssl3" }?.matchName == "openssl")
    }

    @Test func dpkgStatusKeepsInstalledPackagesAndTheirSource() throws {
        let inventory = try parse("status", ecosystem: "Debian:12")
        #expect(inventory.format == .dpkg)
        #expect(summary(inventory) == ["Debian:12 bash 5.2.15-2+b2", "Debian:12 libssl3 3.0.11-1~deb12u2", "Debian:12 openssl 3.0.11-1~deb12u2"])
        let libssl = try #require(inventory.packages.first { $0.name == "libssl3" })
        #expect(libssl.matchName == "openssl")
        #expect(libssl.purl == "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12&source=openssl")
    }

    @Test func rpmQueryOutput() throws {
        let inventory = try parse("rpm-qa.txt", ecosystem: "AlmaLinux:9")
        #expect(inventory.format == .rpm)
        #expect(
            summary(inventory) == [
                "AlmaLinux:9 kernel 5.14.0-427.13.1.el9_4", "AlmaLinux:9 openssh 8.7p1-34.el9",
                "AlmaLinux:9 openssh-clients 8.7p1-34.el9", "AlmaLinux:9 vim-minimal 2:8.2.2637-20.el9_1",
            ])
        #expect(inventory.packages[0].purl == "pkg:rpm/almalinux/openssh@8.7p1-34.el9?distro=almalinux-9&arch=x86_64")
    }

    @Test func alpineInstalledDatabase() throws {
        let inventory = try parse("installed", ecosystem: "Alpine:v3.19")
        #expect(inventory.format == .apk)
        #expect(summary(inventory) == ["Alpine:v3.19 busybox 1.36.1-r5", "Alpine:v3.19 musl 1.2.4-r2"])
    }

    @Test func requirementsLeaveOutWhatIsNotPinned() throws {
        let inventory = try parse("requirements.txt")
        #expect(summary(inventory) == ["PyPI Django 3.2.4", "PyPI py 1.11.0", "PyPI requests 2.25.1"])
        #expect(inventory.rejected.isEmpty)
        #expect(inventory.skipped.map(\.place) == ["requirements.txt:6", "requirements.txt:8"])
    }

    @Test func lockFiles() throws {
        #expect(summary(try parse("poetry.lock")) == ["PyPI asgiref 3.8.1", "PyPI django 3.2.4"])
        #expect(summary(try parse("Cargo.lock")) == ["crates.io cap-primitives 3.4.0", "crates.io myapp 0.1.0"])
        #expect(summary(try parse("package-lock.json")) == ["npm @babel/core 7.24.0", "npm lodash 4.17.20", "npm semver 6.3.1"])
        #expect(
            summary(try parse("go.mod")) == [
                "Go github.com/gin-gonic/gin v1.9.1", "Go github.com/pkg/errors v0.9.0", "Go golang.org/x/net v0.16.0",
                "Go stdlib 1.21.1",
            ])
        #expect(summary(try parse("go.sum")) == ["Go golang.org/x/net v0.16.0"])
        #expect(summary(try parse("Gemfile.lock")) == ["RubyGems actionpack 7.0.4", "RubyGems nokogiri 1.15.4", "RubyGems rack 2.2.6.2"])
        let composer = try parse("composer.lock")
        #expect(
            summary(composer) == ["Packagist guzzlehttp/guzzle 7.5.0", "Packagist phpunit/phpunit 9.6.3", "Packagist symfony/http-foundation 5.4.20"])
        #expect(composer.skipped.count == 1)
    }

    @Test func malformedEntriesAreNamedAndUnknownFilesRefused() throws {
        let bad = try InventoryParser.parse(bytes: Array("openssh 0:8.7p1-34.el9 x86_64\nbroken line\n".utf8), name: "pkgs", format: .rpm)
        #expect(bad.packages.count == 1)
        #expect(bad.rejected.map(\.place) == ["pkgs:2"])
        #expect(throws: VersionError.self) { try InventoryParser.parse(bytes: Array("hello".utf8), name: "notes.md") }
        #expect(throws: VersionError.self) { try InventoryParser.parse(bytes: Array("{".utf8), name: "x.json", format: .cyclonedx) }
    }

    @Test func windowsLineEndings() throws {
        let crlf = try InventoryParser.parse(bytes: Array("Django==3.2.4\r\nrequests==2.31.0\r\n".utf8), name: "requirements.txt")
        #expect(summary(crlf) == ["PyPI Django 3.2.4", "PyPI requests 2.31.0"])
        let status = try InventoryParser.parse(
            bytes: Array("Package: bash\r\nStatus: install ok installed\r\nVersion: 5.2-1\r\n".utf8), name: "status")
        #expect(summary(status) == ["Debian bash 5.2-1"])
    }

    @Test func purlsRoundTrip() {
        for (ecosystem, name, version) in [
            ("PyPI", "django", "3.2.4"), ("npm", "@babel/core", "7.24.0"), ("Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"),
            ("Go", "golang.org/x/net", "v0.16.0"), ("Debian:12", "openssl", "3.0.11-1~deb12u2"), ("crates.io", "serde", "1.0.0"),
            ("Packagist", "symfony/http-foundation", "5.4.20"), ("NuGet", "Newtonsoft.Json", "13.0.1"),
        ] {
            let purl = PackageURL.make(ecosystem: ecosystem, name: name, version: version)
            let parsed = PackageURL.parse(purl)
            #expect(parsed?.name == name && parsed?.version == version && parsed?.ecosystem == ecosystem, "\(purl)")
        }
    }
}
