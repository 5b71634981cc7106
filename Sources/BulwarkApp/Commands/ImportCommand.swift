// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Inventory
import Foundation

/// `bulwark import assets|people FILE`: the shared inventory from CSV.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import assets or people from CSV into the database.",
        discussion: """
            The first line names the columns; list columns (hostnames, ips, tags) separate items with ';'.
            Assets: \(InventoryImport.assetColumns.joined(separator: ",")) — matched to existing assets by name.
            People: \(InventoryImport.personColumns.joined(separator: ",")) — matched by email.
            A file with any bad row imports nothing (exit 2) unless --partial is given; every bad row is reported as FILE:LINE.
            """,
        subcommands: [Assets.self, People.self])

    struct Options: ParsableArguments {
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Import the good rows even when some rows are bad (the bad ones are still reported, exit 1).") var partial = false
        @Argument(help: "The CSV file, or - for standard input.") var file: String

        func read() throws -> String {
            if file == "-" {
                return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            }
            guard let data = FileManager.default.contents(atPath: file) else { throw InputError("\(file): cannot be read") }
            guard let text = String(data: data, encoding: .utf8) else { throw InputError("\(file): is not UTF-8 text") }
            return text
        }
    }

    struct Assets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assets", abstract: "Import assets from a CSV file.")
        @OptionGroup var options: Options
        func run() async throws {
            try await runImport(options, kind: "assets") { platform, csv in
                try await platform.foundation.inventory.importAssets(csv: csv, partial: options.partial, by: .init(username: "cli", source: "cli"))
            }
        }
    }

    struct People: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "people", abstract: "Import people from a CSV file.")
        @OptionGroup var options: Options
        func run() async throws {
            try await runImport(options, kind: "people") { platform, csv in
                try await platform.foundation.inventory.importPeople(csv: csv, partial: options.partial, by: .init(username: "cli", source: "cli"))
            }
        }
    }
}

func runImport(
    _ options: ImportCommand.Options, kind: String,
    _ apply: (Platform, String) async throws -> InventoryService.ImportReport
) async throws {
    let csv = try options.read()
    let platform = try await openPlatform(options.storage)
    let report: InventoryService.ImportReport
    do {
        report = try await apply(platform, csv)
    } catch {
        await platform.close()
        throw InputError("\(options.file): \(describe(error))")
    }
    await platform.close()
    for error in report.rejected {
        FileHandle.standardError.write(Data("\(options.file):\(error.line.map(String.init) ?? "-"): \(error.field): \(error.message)\n".utf8))
    }
    if report.applied {
        print("\(kind): \(report.created) created, \(report.updated) updated, \(Set(report.rejected.compactMap(\.line)).count) rows left out")
        if !report.rejected.isEmpty { throw ExitCode(1) }
    } else {
        throw InputError("\(options.file): nothing imported: \(report.rejected.count) errors (fix them, or use --partial to import the good rows)")
    }
}

/// `bulwark openapi`: prints the API's OpenAPI document.
struct OpenAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the JSON API.")

    func run() async throws {
        FileHandle.standardOutput.write(try await OpenAPIPrinter.document())
        print("")
    }
}
