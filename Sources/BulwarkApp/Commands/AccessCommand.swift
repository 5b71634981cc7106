// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Governance

/// `bulwark access`: access governance of the organisation's systems from the command line.
struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access", abstract: "Govern access to the organisation's systems: import or sync their accounts, list the risky access found.",
        subcommands: [AccessImportCommand.self, AccessSyncCommand.self, AccessFindingsCommand.self])
}

struct AccessImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import account files into an identity source of the data directory.",
        discussion: """
            Each FILE's format comes from --format, else from its name: passwd, group, shadow, sudoers, authorized_keys \
            (with --user), lastlog, last (`last --time-format iso` output), *.tar (linux_tar), *.ldif, \
            credential-report*.csv (aws_credential_report), authorization-details*.json (aws_authorization_details), \
            *.scim.json (scim_json); any other .csv is ad_csv for an `ad` source and accounts_csv otherwise. \
            A file is applied all or nothing unless --partial; every record left out is printed with its place. \
            The files are applied in order; a Linux host's files and an AWS account's two reports add up to one picture.

            Examples:
              bulwark access import --source web-1 passwd group shadow sudoers --data ./bulwark-data
              bulwark access import --source web-1 --format authorized_keys --user alice /home/alice/.ssh/authorized_keys
              bulwark access import --source corp-directory export.ldif
              bulwark access import --source aws-prod credential-report.csv authorization-details.json
            """)

    @Option(name: .long, help: ArgumentHelp("The identity source's name (see /access).", valueName: "NAME"))
    var source: String

    @Argument(help: ArgumentHelp("The files to import.", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The files' format (default: from each file's name).", valueName: "FORMAT"))
    var format: String?

    @Option(name: .long, help: ArgumentHelp("Whose authorized_keys the file is.", valueName: "USER"))
    var user: String = ""

    @Option(name: .long, help: ArgumentHelp("The host single Linux files belong to, in a source of several hosts.", valueName: "HOST"))
    var host: String = ""

    @Flag(name: .long, help: "Apply the readable records of a file with bad ones.")
    var partial = false

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file") }
        if let format, AccountFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(AccountFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The format a file's name implies for a source of this kind.
    static func format(of path: String, kind: IdentitySourceKind) -> AccountFormat? {
        let name = (path as NSString).lastPathComponent.lowercased()
        if let exact = AccountFormat(rawValue: name) { return exact }
        if name.hasSuffix(".tar") { return .linuxTar }
        if name.hasSuffix(".ldif") { return .ldif }
        if name.hasPrefix("last") && name.hasSuffix(".txt") { return name.hasPrefix("lastlog") ? .lastlog : .last }
        if name.hasSuffix(".scim.json") { return .scimJSON }
        if name.contains("credential-report") || name.contains("credential_report") { return .awsCredentialReport }
        if name.contains("authorization-details") || name.contains("authorization_details") { return .awsAuthorizationDetails }
        if name.hasSuffix(".csv") { return kind == .ad ? .adCSV : .accountsCSV }
        if name.hasPrefix("sudoers") { return .sudoers }
        return nil
    }

    /// The source named by `--source`, or an error that lists the names there are.
    static func source(named name: String, in governance: GovernanceService) async throws -> IdentitySource {
        if let found = try await governance.source(name: name) { return found }
        let names = try await governance.sources().map(\.name)
        throw InputError(
            "--source: no identity source named '\(name)'"
                + (names.isEmpty ? " (there is none yet: add one at /access)" : "; there are: \(names.joined(separator: ", "))"))
    }

    func run() async throws {
        let platform = try await openPlatform(storage, existing: true)
        do {
            let governance = platform.governance.service
            let target = try await Self.source(named: source, in: governance)
            for path in files {
                guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot be read") }
                guard let chosen = format.flatMap(AccountFormat.init(rawValue:)) ?? Self.format(of: path, kind: target.kind) else {
                    throw InputError("\(path): cannot tell its format from its name: give --format")
                }
                let record: AccountImport
                do {
                    record = try await governance.importAccounts(
                        sourceID: target.id,
                        AccountUpload(
                            format: chosen, fileName: (path as NSString).lastPathComponent, bytes: [UInt8](data), host: host,
                            user: chosen == .sudoers && user.isEmpty ? (path as NSString).lastPathComponent : user),
                        partial: partial, by: .cli)
                } catch let error as CoreError {
                    if case .invalid(let problems) = error { for problem in problems { printError("\(problem.field): \(problem.message)") } }
                    throw InputError(
                        "\(path): nothing imported"
                            + (error.isInvalid ? " (the records above cannot be read; --partial applies the rest)" : ": \(error)"))
                }
                for rejected in record.rejected { printError("\(rejected.place): \(rejected.reason) (left out)") }
                print(
                    "\(path) (\(chosen.rawValue)): \(record.accounts) accounts, \(record.added.count) added, \(record.removed.count) removed, "
                        + "\(record.changed.count) changed; findings \(record.findingsOpened) opened, \(record.findingsResolved) resolved")
            }
            await platform.close()
        } catch {
            await platform.close()
            throw error
        }
    }
}

struct AccessFindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List the open access findings of the data directory, the most severe first.",
        discussion: """
            Types: orphaned, leaver, dormant, privileged, shared, sod, no_mfa, stale_credentials.

            Examples:
              bulwark access findings --data ./bulwark-demo
              bulwark access findings --type leaver --format json
            """)

    @Option(name: .long, help: ArgumentHelp("Only findings of this type.", valueName: "TYPE"))
    var type: String?

    @Option(name: .long, help: ArgumentHelp("Only this state: open (default), accepted, resolved.", valueName: "STATE"))
    var state: String = "open"

    @Option(name: .long, help: ArgumentHelp("Output: table or json.", valueName: "FORMAT"))
    var format: String = "table"

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if let type, AccessFindingType(rawValue: type) == nil {
            throw ValidationError("--type must be one of \(AccessFindingType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if AccessFindingState(rawValue: state) == nil { throw ValidationError("--state must be open, accepted or resolved") }
        if !["table", "json"].contains(format) { throw ValidationError("--format must be table or json") }
    }

    func run() async throws {
        let platform = try await openPlatform(storage, existing: true)
        do {
            let governance = platform.governance.service
            let names = Dictionary(try await governance.sources().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            var findings: [AccessFinding] = []
            var cursor: String?
            repeat {
                let page = try await governance.findings(
                    AccessFindingQuery(type: type.flatMap(AccessFindingType.init(rawValue:)), states: [AccessFindingState(rawValue: state) ?? .open]),
                    page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
                findings += page.items
                cursor = page.next
            } while cursor != nil
            if format == "json" {
                let rows: [[String: Any]] = findings.map {
                    [
                        "id": $0.id, "type": $0.type.rawValue, "severity": $0.severity.rawValue, "source": names[$0.sourceID] ?? $0.sourceID,
                        "account": $0.username, "account_id": $0.accountID, "reasons": $0.reasons, "state": $0.state.rawValue,
                        "first_seen_at": Timestamp.format($0.firstSeenAt),
                    ]
                }
                let data = try JSONSerialization.data(
                    withJSONObject: ["findings": rows], options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            } else {
                for finding in findings {
                    let source = names[finding.sourceID] ?? finding.sourceID
                    print(
                        "\(finding.severity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) "
                            + "\(finding.type.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(source)/\(finding.username): "
                            + finding.reasons.joined(separator: "; "))
                }
                printError("\(findings.count) \(state) findings")
            }
            await platform.close()
        } catch {
            await platform.close()
            throw error
        }
    }
}

extension CoreError {
    var isInvalid: Bool {
        if case .invalid = self { return true }
        return false
    }
}
