// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation

/// `bulwark`: the server and its command-line tools.
public struct BulwarkCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bulwark",
        abstract: "Bulwark — a self-hosted SecOps platform: monitoring, incidents, vulnerabilities, patching, access, awareness, compliance.",
        discussion: """
            Quick start:
              bulwark demo                    demo data in ./bulwark-demo; prints the URL and passwords
              bulwark admin create-user --username alice --role admin
              bulwark serve --data /var/lib/bulwark --syslog-udp 0.0.0.0:514 --syslog-tcp 0.0.0.0:514 --rules /etc/bulwark/rules
              bulwark ingest /var/log/auth.log
              bulwark events search 'process.name:sshd AND event.outcome:failure' --from now-24h
              bulwark sigma eval --rules sigma/rules/windows --events events.jsonl   Sigma rules over a file, offline
              bulwark vuln db import osv/PyPI.zip known_exploited_vulnerabilities.json   advisories into the data directory
              bulwark vuln scan requirements.txt --db osv/PyPI.zip --fail-on high      inventories against advisories, offline
              bulwark patch plan requirements.txt --db osv/PyPI.zip --format shell     the upgrades that fix them, as a script
              bulwark access import --source web-1 passwd group shadow sudoers        a system's accounts; then access findings
              bulwark version compare --ecosystem Debian 1:1.0~rc1-1 1:1.0-1; bulwark cvss CVSS:3.1/AV:N/…

            Every flag of `serve` also reads a BULWARK_* environment variable (e.g. BULWARK_HTTP, BULWARK_DATA).
            Exit codes, for every command:
              0  done;
              1  done, with something to look at: records left out (each listed on standard error as FILE:LINE: reason)
                 while the rest went in (ingest, sigma eval, import --partial), or findings at --fail-on (vuln scan);
              2  usage or input error, named on standard error; nothing was changed (a file that applies all or
                 nothing, a check that found bad rules or playbooks, a database that cannot be opened).
            """,
        version: bulwarkVersion,
        subcommands: [
            ServeCommand.self, DemoCommand.self, AdminCommand.self, ImportCommand.self, IngestCommand.self, EventsCommand.self, SigmaCommand.self,
            PlaybookCommand.self, VulnCommand.self, PatchCommand.self, AccessCommand.self, VersionCommand.self, CVSSCommand.self, OpenAPICommand.self,
            BackupCommand.self, RestoreCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line with Bulwark's exit codes: usage and input errors exit 2, not ArgumentParser's 64.
    public static func run(arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as ExitCode {
            return error.rawValue
        } catch let error as InputError {
            FileHandle.standardError.write(Data("bulwark: \(error.message)\n".utf8))
            return 2
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                return 0
            }
            FileHandle.standardError.write(Data("\(message.hasPrefix("Error:") ? message : "bulwark: \(message)")\n".utf8))
            return code == .validationFailure ? 2 : (code.rawValue == 64 ? 2 : code.rawValue)
        }
    }
}

/// A problem with what the user gave (a file, a value): printed as is, exit code 2.
struct InputError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
