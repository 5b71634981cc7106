// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import Storage

/// `bulwark backup`: a consistent copy of the SQLite database and its secret key, taken while the server runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database and its secret key into a new directory, while the server runs.",
        discussion: """
            Writes DIR/bulwark.sqlite (a consistent copy: SQLite's VACUUM INTO reads the database as one transaction
            sees it, so ingest goes on) and DIR/secret.key (without it the copy's TOTP secrets cannot be read), both
            mode 0600, in a directory that must not exist yet. Schedule it (cron, a systemd timer) and keep the copies
            elsewhere. `bulwark restore --from DIR --data NEW` puts one back.

            PostgreSQL is backed up with its own tool, with the server running:
              pg_dump --format=custom --file=bulwark.dump "$BULWARK_DATABASE"
            and restored with pg_restore --clean --dbname=... bulwark.dump; keep the secret key file with it.
            """)

    @OptionGroup var storage: StorageOptions

    @Option(name: .long, help: ArgumentHelp("The new directory to write the backup into.", valueName: "DIR"))
    var to: String

    func run() async throws {
        let settings = storage.settings()
        let location = try settings.location()
        guard case .sqlite(let path) = location else {
            throw InputError(
                "--database is PostgreSQL: back it up with pg_dump --format=custom --file=bulwark.dump \"$BULWARK_DATABASE\""
                    + " (see bulwark backup --help)"
            )
        }
        guard FileManager.default.fileExists(atPath: path) else { throw InputError("no Bulwark database at \(path)") }
        guard !FileManager.default.fileExists(atPath: to) else { throw InputError("--to \(to): exists already; name a new directory") }
        try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let database = try await Database.open(location, migrate: false, logger: cliLogger())
        let target = (to as NSString).appendingPathComponent("bulwark.sqlite")
        do {
            try await database.backup(to: target)
            await database.close()
        } catch {
            await database.close()
            throw InputError("backup of \(path) failed: \(error)")
        }
        if FileManager.default.fileExists(atPath: settings.secretKeyPath) {
            let key = (to as NSString).appendingPathComponent("secret.key")
            try FileManager.default.copyItem(atPath: settings.secretKeyPath, toPath: key)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        FileHandle.standardError.write(Data("backed up \(path) to \(to) (\(size / 1024) KiB)\n".utf8))
    }
}

/// `bulwark restore`: a backup put back into a data directory that has no database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup made by `bulwark backup` into a data directory that has no database yet.",
        discussion: """
            Checks the copy first (SQLite's integrity check, and a schema no newer than this Bulwark: downgrades are
            refused), then writes DATA/bulwark.sqlite and DATA/secret.key. Stop the server of that directory first;
            start it afterwards, and any newer migrations apply by themselves.
            """)

    @Option(name: .long, help: ArgumentHelp("The backup directory (bulwark.sqlite and secret.key).", valueName: "DIR"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("The data directory to restore into (default ./bulwark-data; env BULWARK_DATA).", valueName: "DIR"))
    var data: String?

    func run() async throws {
        let directory = data ?? Environment()["BULWARK_DATA"] ?? "./bulwark-data"
        let source = (from as NSString).appendingPathComponent("bulwark.sqlite")
        guard FileManager.default.fileExists(atPath: source) else { throw InputError("--from \(from): no bulwark.sqlite in it") }
        let target = (directory as NSString).appendingPathComponent("bulwark.sqlite")
        guard !FileManager.default.fileExists(atPath: target) else {
            throw InputError("--data \(directory): has a database already (\(target)); restore into a new directory, or move it away first")
        }
        // Checked on a copy beside the target, so that the backup itself is never opened for writing.
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        let database = try await Database.open(.sqlite(path: staging), migrate: false, logger: cliLogger())
        let problems: [String]
        let version: Int
        do {
            problems = try await database.integrityCheck()
            version = try await database.schemaVersion()
            await database.close()
        } catch {
            await database.close()
            try? FileManager.default.removeItem(atPath: staging)
            throw InputError("--from \(from): not a readable Bulwark database (\(error))")
        }
        guard problems == ["ok"] else {
            try? FileManager.default.removeItem(atPath: staging)
            throw InputError("--from \(from): the copy is damaged: \(problems.prefix(5).joined(separator: "; "))")
        }
        guard version <= Database.knownSchemaVersion else {
            try? FileManager.default.removeItem(atPath: staging)
            throw InputError(
                "--from \(from): made by a newer Bulwark (schema \(version), this one knows \(Database.knownSchemaVersion)); upgrade Bulwark first")
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        try FileManager.default.moveItem(atPath: staging, toPath: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        let key = (from as NSString).appendingPathComponent("secret.key")
        let keyTarget = (directory as NSString).appendingPathComponent("secret.key")
        if FileManager.default.fileExists(atPath: key) && !FileManager.default.fileExists(atPath: keyTarget) {
            try FileManager.default.copyItem(atPath: key, toPath: keyTarget)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyTarget)
        }
        FileHandle.standardError.write(Data("restored \(from) into \(directory) (schema \(version))\n".utf8))
    }
}
