// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Storage
import Vulnerabilities

struct VulnInventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "Import an asset's installed packages into the data directory.",
        subcommands: [VulnInventoryImportCommand.self])
}

struct VulnInventoryImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import inventory files for an asset: each replaces that asset's packages from its source, then the asset is rescanned.",
        discussion: """
            FILE: any format `bulwark vuln scan` reads (SBOMs, dpkg status, rpm -qa output, apk database, lock files). \
            A file with malformed entries is refused whole, each entry named as FILE:LINE, unless --partial. Prints \
            what changed (packages added, removed, upgraded) and the findings opened, fixed and reopened, as JSON.

            Example:
              ssh web-prod-01 cat /var/lib/dpkg/status > status && \\
              bulwark vuln inventory import --asset web-prod-01 --source os --ecosystem Debian:12 status
            """)

    @Option(name: .long, help: ArgumentHelp("The asset, by name.", valueName: "NAME"))
    var asset: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Name of the inventory source, e.g. os or app (default: the format); a re-import of the same source replaces it.", valueName: "NAME"))
    var source: String?

    @Option(
        name: .long, help: ArgumentHelp("Release of OS packages the file does not name, e.g. Debian:12, AlmaLinux:9, Alpine:v3.20.", valueName: "ECO")
    )
    var ecosystem: String?

    @Option(name: .customLong("format"), help: ArgumentHelp("Read the files as this format instead of recognising it.", valueName: "FORMAT"))
    var format: String?

    @Flag(name: .long, help: "Import the readable entries of a file that has malformed ones.")
    var partial = false

    @Argument(help: ArgumentHelp("Inventory files.", valueName: "FILE"))
    var files: [String] = []

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one inventory file") }
        if let format, InventoryFormat(rawValue: format) == nil {
            throw ValidationError("--format must be one of \(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let platform = try await openPlatform(storage, existing: true)
        do {
            guard let target = try await platform.foundation.inventory.findAsset(name: asset) else {
                throw InputError("--asset: no asset named '\(asset)'")
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { throw InputError("\(file): cannot be read") }
                do {
                    let result = try await platform.vulnerabilities.service.importInventory(
                        assetID: target.id, bytes: [UInt8](data), name: file, source: source, format: format.flatMap(InventoryFormat.init(rawValue:)),
                        ecosystem: ecosystem, partial: partial, by: .cli)
                    for note in result.change.skipped { printError("\(note.place): skipped: \(note.reason)") }
                    for rejected in result.rejected { printError("\(rejected.place): \(rejected.reason)") }
                    let c = result.change
                    let summary: [String: Any] = [
                        "file": file, "source": c.source, "format": c.format.rawValue, "packages": c.packages,
                        "added": c.added.count, "removed": c.removed.count, "changed": c.changed,
                        "new_findings": c.newFindings, "fixed_findings": c.fixedFindings, "reopened_findings": c.reopenedFindings,
                    ]
                    print(
                        String(
                            decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .withoutEscapingSlashes]),
                            as: UTF8.self))
                } catch let CoreError.invalid(errors) {
                    for error in errors { printError(error.message) }
                    throw InputError("\(file): not imported (fix the entries above, or use --partial)")
                }
            }
        } catch {
            await platform.close()
            throw error
        }
        await platform.close()
    }
}
