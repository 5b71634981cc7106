// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching
import Testing
import Vulnerabilities

/// Untrusted names never run: a package name or version that cannot be one is refused (in the job, naming the line;
/// at inventory import, naming file:line), and titles and host names full of shell syntax are written as data — the
/// generated script is run by bash to prove it.
@Suite struct PatchArtefactsTests {
    static let hostile = [
        "x; touch MARK", "$(touch MARK)", "`touch MARK`", "x' ; touch MARK; echo '", "x\"; touch MARK; \"", "x\ntouch MARK",
        "{{ lookup('pipe','touch MARK') }}",
    ]

    static func job(
        package: String = "requests", version: String = "2.20.0", title: String = "Patch", asset: String = "web-01", host: String = "web-01"
    )
        -> PatchJob
    {
        PatchJob(
            id: "j1", title: title, emergency: false, windowID: nil, reboot: .none, rollbackNotes: nil,
            lines: [
                PatchJobLine(
                    assetID: "a1", assetName: asset, ecosystem: "PyPI", package: package, fromVersion: "2.19.0", toVersion: version,
                    findingIDs: ["f1"],
                    riskRemoved: 9)
            ],
            assets: [PatchJobAsset(assetID: "a1", assetName: asset, host: host)], requiredApprovals: 1, createdBy: "eng", at: Date())
    }

    @Test func namesAndVersionsThatCannotBeAreRefusedNamingTheLine() {
        for bad in Self.hostile {
            #expect(
                throws: CoreError.invalid([FieldError(field: "lines[0].package", message: PackageCoordinates.nameProblem(bad, ecosystem: "PyPI")!)])
            ) {
                try PatchArtefacts.validate(Self.job(package: bad))
            }
            #expect(PackageCoordinates.versionProblem(bad) != nil, "\(bad.debugDescription) as a version")
        }
        for good in [
            ("requests", "PyPI"), ("@babel/core", "npm"), ("golang.org/x/net", "Go"), ("org.apache.logging.log4j:log4j-core", "Maven"),
            ("libssl1.1", "Debian:11"), ("symfony/http-kernel", "Packagist"), ("Newtonsoft.Json", "NuGet"),
        ] {
            #expect(PackageCoordinates.nameProblem(good.0, ecosystem: good.1) == nil, "\(good)")
        }
        for version in ["1:9.2p1-2+deb12u3", "0:8.7p1-38.el9_4.4", "v0.23.0", "2.0.0rc1", "1!2.0.post1", "3.1.4-r5"] {
            #expect(PackageCoordinates.versionProblem(version) == nil, "\(version)")
        }
    }

    @Test func anInventoryWithAHostileNameIsRefusedWithItsFileAndLine() throws {
        // A lock file is JSON: its names can hold anything, and only the check refuses them.
        let lock = """
            {"name":"shop","lockfileVersion":3,"packages":{"":{"name":"shop"},
             "node_modules/lodash":{"version":"4.17.20"},
             "node_modules/$(touch MARK)":{"version":"1.0.0"}}}
            """
        let parsed = try InventoryParser.parse(bytes: Array(lock.utf8), name: "package-lock.json")
        #expect(parsed.rejected.map(\.place) == ["package-lock.json:3"], "\(parsed.rejected)")
        #expect(parsed.rejected.first?.reason.contains("package name") == true)
        #expect(parsed.packages.map(\.name) == ["lodash"])
    }

    /// Titles, asset names and host names are not package names: any text may be one. They run as data.
    @Test func hostileTitlesAndHostsDoNotRunInTheScript() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-artefacts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A stand-in for python -m pip: records its arguments, answers `show` with the version it "installed".
        let python = directory.appendingPathComponent("python")
        try """
        #!/bin/sh
        printf '%s\\n' "$*" >> "$(dirname "$0")/calls"
        case "$3" in
          show) [ -f "$(dirname "$0")/installed" ] && printf 'Name: requests\\nVersion: 2.20.0\\n' ;;
          install) touch "$(dirname "$0")/installed" ;;
        esac
        exit 0
        """.write(to: python, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        for text in Self.hostile {
            let job = Self.job(title: text, asset: text, host: text)
            let script = try PatchArtefacts.render(.shell, job: job, generatedAt: Date())
            let playbook = try PatchArtefacts.render(.ansible, job: job, generatedAt: Date())
            #expect(!playbook.contains("\n\(text)"), "the text stays inside one YAML scalar")
            #expect(playbook.contains("hosts: !unsafe "))
            let path = directory.appendingPathComponent("job.sh")
            try script.write(to: path, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(at: directory.appendingPathComponent("installed"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = [path.path]
            process.currentDirectoryURL = directory
            process.environment = ["PATH": "/usr/bin:/bin", "PYTHON": python.path, "BULWARK_ASSET": text]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "the script ran for asset \(text.debugDescription)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("MARK").path), "\(text.debugDescription) ran")
        }
        let calls = try String(contentsOf: directory.appendingPathComponent("calls"), encoding: .utf8)
        #expect(calls.contains("-m pip install --disable-pip-version-check requests==2.20.0"))
    }

    @Test func eachEcosystemGetsItsPackageManagersCommand() throws {
        let cases: [(String, String, String, String)] = [
            ("Debian:12", "openssl", "3.0.15-1~deb12u1", "apt-get install -y --only-upgrade 'openssl=3.0.15-1~deb12u1'"),
            ("AlmaLinux:9", "openssh", "0:8.7p1-38.el9", "dnf install -y 'openssh-8.7p1-38.el9'"),
            ("Alpine:v3.20", "busybox", "1.36.1-r29", "apk add 'busybox=1.36.1-r29'"),
            ("npm", "lodash", "4.17.21", "npm install 'lodash@4.17.21'"),
            ("Go", "golang.org/x/net", "0.23.0", "go get 'golang.org/x/net@v0.23.0' && go mod tidy"),
            ("crates.io", "hyper", "0.14.26", "cargo update -p 'hyper' --precise '0.14.26'"),
            ("RubyGems", "rack", "3.0.9.1", "bundle update --conservative 'rack'"),
            ("Packagist", "symfony/http-kernel", "6.4.8", "composer require 'symfony/http-kernel:6.4.8'"),
            ("NuGet", "Newtonsoft.Json", "13.0.1", "dotnet add package 'Newtonsoft.Json' --version '13.0.1'"),
        ]
        for (ecosystem, package, version, command) in cases {
            var job = Self.job(package: package, version: version)
            job.lines[0].ecosystem = ecosystem
            let script = try PatchArtefacts.render(.shell, job: job, generatedAt: Date())
            #expect(script.contains(command), "\(ecosystem)")
            #expect(script.contains("set -euo pipefail"))
        }
    }
}
