// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Storage
import Vulnerabilities

struct VulnDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the advisory database in the data directory.",
        subcommands: [VulnDBImportCommand.self, VulnDBUpdateCommand.self])
}

struct VulnDBImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import OSV advisories, the CISA KEV catalog and EPSS scores into the data directory.",
        discussion: """
            PATH: OSV records as JSON files (one record or an array), JSON lines, directories (searched recursively), \
            zip archives (as osv.dev's all.zip exports) — gzip accepted for any; the CISA KEV catalog \
            (known_exploited_vulnerabilities.json); FIRST EPSS CSV files (comment line, then cve,epss,percentile).

            Updates are incremental: a record replaces the stored one only when its `modified` is later. Aliases \
            (CVE, GHSA, PYSEC, …) link records; withdrawn records stay stored but stop matching. Every record left out \
            is listed on standard error with its place (file:line) and reason; the rest is applied. A JSON summary \
            goes to standard output.

            Example:
              bulwark vuln db import osv/PyPI.zip osv/Go.zip known_exploited_vulnerabilities.json epss_scores-current.csv.gz
            """)

    @Argument(help: ArgumentHelp("Advisory files or directories.", valueName: "PATH"))
    var paths: [String] = []

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one advisory file or directory") }
    }

    func run() async throws {
        let batch = AdvisoryImport.read(paths: paths)
        for rejected in batch.rejected { printError("\(rejected.place): \(rejected.reason)") }
        let platform = try await openPlatform(storage)
        let result: AdvisoryImportResult
        do {
            // Through the service: audited, and every asset with an inventory is rescanned against the new data.
            result = try await platform.vulnerabilities.service.importAdvisories(batch, source: paths.joined(separator: " "), by: .cli)
        } catch {
            await platform.close()
            throw error
        }
        await platform.close()
        try printImportSummary(result)
    }
}

/// The summary of an import: JSON on standard output (with `extra` keys), one line for people on standard error.
func printImportSummary(_ result: AdvisoryImportResult, extra: [String: Any] = [:], trailer: String = "") throws {
    let summary: [String: Any] = [
        "added": result.added, "updated": result.updated, "unchanged": result.unchanged, "withdrawn": result.withdrawn,
        "kev": result.kev, "epss": result.epss, "rejected": result.rejected.count,
    ].merging(extra) { _, new in new }
    print(String(decoding: try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self))
    printError(
        "advisories: \(result.added) added, \(result.updated) updated, \(result.unchanged) unchanged (\(result.withdrawn) withdrawn); KEV \(result.kev); EPSS \(result.epss); \(result.rejected.count) left out\(trailer)"
    )
}

/// Advisories stored in a Bulwark data directory, for `vuln scan --db DIR`.
enum DataDirectoryAdvisories {
    /// The database a `--db` value names: a Bulwark data directory, or a database URL (`sqlite:PATH`,
    /// `postgres://…`); nil for advisory files.
    static func database(_ path: String) throws -> DatabaseLocation? {
        if path.hasPrefix("postgres://") || path.hasPrefix("postgresql://") || path.hasPrefix("sqlite:") {
            return try DatabaseLocation.parse(path, dataDirectory: ".")
        }
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("bulwark.sqlite")) else { return nil }
        return try DatabaseLocation.parse(nil, dataDirectory: path)
    }

    /// The advisory tables of a Bulwark database, read through Storage (the same on SQLite and PostgreSQL; the
    /// schema is not migrated: this only reads).
    static func read(_ location: DatabaseLocation) async throws -> AdvisoryBatch {
        let database: Database
        do { database = try await Database.open(location, migrate: false, logger: cliLogger()) } catch {
            throw InputError("--db: cannot open the database at \(location): \(error)")
        }
        let store = SQLAdvisoryStore(database: database)
        var batch = AdvisoryBatch()
        do {
            batch.records = try await store.advisories()
            batch.kev = try await store.kevEntries()
            batch.epss = try await store.epssScores()
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        return batch
    }
}
