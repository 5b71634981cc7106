// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging

/// `bulwark demo`: a fresh data directory with demo data, then the server.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start Bulwark with realistic demo data in a fresh data directory; prints the URL and one-time passwords.",
        discussion: """
            The demo directory (default ./bulwark-demo) is recreated on every run: it is marked as a demo directory,
            and a directory without that mark is never deleted. For real data use `bulwark serve`.

            The demo holds a day of logs from the demo company's hosts, Sigma rules (in DIR/rules) and threat-intelligence
            indicators, and the alerts they raised on those logs. It takes the flags of `serve` and loads its data
            with them (--vuln-sla sets the findings' due dates, --alert-grouping the alerts, --rules the rules that
            raise them), and it can receive your own logs too, e.g. `bulwark demo --syslog-udp 127.0.0.1:5514`.
            """)

    @Option(name: .long, help: ArgumentHelp("Demo data directory (default ./bulwark-demo).", valueName: "DIR"))
    var data: String = "./bulwark-demo"

    @OptionGroup var server: ServerOptions

    static let marker = ".bulwark-demo"

    func run() async throws {
        let (platform, accounts) = try await load()
        let table = accounts.map {
            "  \($0.username.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.role.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.password)"
        }
        .joined(separator: "\n")
        try await Server.run(platform, environment: Environment([:])) { url in
            FileHandle.standardOutput.write(
                Data(
                    """

                    Bulwark demo is running at \(url)
                    Sign in as one of these users (passwords are shown only now):
                    \(table)
                    A day of logs to search, with an attack in it: \(url)/monitoring?q=source.ip:198.51.100.23
                    The alerts Bulwark's Sigma rules raised on it: \(url)/alerts
                    Vulnerable packages on the assets, ranked by risk: \(url)/vulnerabilities
                    Incident cases (an intrusion in containment, a data breach on a GDPR clock): \(url)/incidents
                    Data: \(data)   Stop with Ctrl-C.


                    """.utf8))
        }
    }

    /// A fresh demo directory, the platform assembled from the flags exactly as `serve` would, and every area's demo
    /// data loaded into it; the server then runs over this same platform.
    func load() async throws -> (Platform, [DemoAccount]) {
        var settings = try server.settings(storage: StorageSettings(dataDirectory: data), environment: Environment([:]))
        try await ListenCheck.check(settings)
        try Self.prepare(directory: data)
        try DetectionArea.prepareDemo(dataDirectory: data)
        if settings.governance.sodRules.isEmpty { settings.governance.sodRules = try DemoGovernance.prepareSoD(dataDirectory: data) }
        let platform = try await Server.assemble(settings)
        do {
            return (platform, try await platform.loadDemo())
        } catch {
            await platform.close()
            throw error
        }
    }

    /// Empties a demo directory (only one this command made) or creates a new one.
    static func prepare(directory: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw InputError("--data: \(directory) is a file") }
            let contents = try manager.contentsOfDirectory(atPath: directory)
            guard contents.isEmpty || contents.contains(marker) else {
                throw InputError("--data: \(directory) holds data that is not a Bulwark demo; choose another directory")
            }
            for name in contents { try manager.removeItem(atPath: (directory as NSString).appendingPathComponent(name)) }
        } else {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        _ = manager.createFile(
            atPath: (directory as NSString).appendingPathComponent(marker),
            contents: Data("This directory was made by `bulwark demo` and is recreated by it.\n".utf8))
    }
}
