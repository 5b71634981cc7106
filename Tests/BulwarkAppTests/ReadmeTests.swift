// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Testing
@testable import BulwarkApp

/// The README is the newcomer's manual: the parts generated from code must match the code.
@Suite struct ReadmeTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test func permissionTableMatchesTheMatrix() {
        #expect(Self.readme.contains(PermissionMatrix.markdownTable()), "run `bulwark admin permissions` and paste the table into README.md")
    }

    /// Every Swift file names its licence, as the Swift server ecosystem's packages do (an SPDX line under the notice).
    @Test func everySwiftFileCarriesTheLicenceHeader() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var checked = 0
        for folder in ["Sources", "Tests", "Fuzz/Sources", "Benchmarks/Benchmarks"] {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let file as URL in files where file.pathExtension == "swift" {
                let head = try String(contentsOf: file, encoding: .utf8).prefix(200)
                #expect(head.contains("\n// SPDX-License-Identifier: Apache-2.0\n"), "\(file.path) has no licence header")
                checked += 1
            }
        }
        #expect(checked > 400, "\(checked) files checked")
    }

    @Test func quickStartNamesTheTwoCommands() {
        #expect(Self.readme.contains("swift run bulwark demo"))
        #expect(Self.readme.contains("./scripts/test"))
    }

    /// Every flag of `serve` is in the README's settings table, and every subcommand is mentioned.
    @Test func everyServeFlagAndCommandIsDocumented() {
        let full = ServeCommand.helpMessage(columns: 200)
        // The options come in one group per area ("SERVER:", "MONITORING:" …), then "OPTIONS:".
        let help = full.range(of: "SERVER:").map { String(full[$0.upperBound...]) } ?? full
        let flags = Set(help.matches(of: /--[a-z][a-z-]+/).map { String($0.output) }).subtracting(["--help"])
        #expect(flags.count > 40)
        for flag in flags { #expect(Self.readme.contains("`\(flag)"), "\(flag) is not in README.md") }
        for command in [
            "bulwark ingest", "bulwark events search", "bulwark events sources", "bulwark events purge", "bulwark import", "bulwark openapi",
            "bulwark sigma check", "bulwark sigma eval", "bulwark vuln scan", "bulwark vuln db import", "bulwark vuln db update",
            "bulwark vuln inventory import", "bulwark patch plan", "bulwark access import", "bulwark access findings",
            "bulwark version compare", "bulwark cvss", "bulwark playbook check", "bulwark playbook list", "bulwark backup", "bulwark restore",
        ] {
            #expect(Self.readme.contains(command), "\(command) is not in README.md")
        }
    }
}
