// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Logging
import Storage

/// `--data` and `--database`, shared by every command that touches the data.
struct StorageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data directory (default ./bulwark-data; env BULWARK_DATA).", valueName: "DIR"))
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Database: an SQLite file path, sqlite:PATH, or postgres://USER:PASS@HOST:PORT/DB (default: bulwark.sqlite in the data directory; env BULWARK_DATABASE).",
            valueName: "URL"))
    var database: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Key that seals secrets at rest (TOTP keys, directory bind passwords); created on first start, mode 0600 "
                + "(default DATA/secret.key; env BULWARK_SECRET_KEY_FILE). Every node of one database needs the same key.",
            valueName: "FILE"))
    var secretKeyFile: String?

    func settings(_ environment: Environment = Environment()) -> StorageSettings {
        var settings = StorageSettings(
            dataDirectory: data ?? environment["BULWARK_DATA"] ?? "./bulwark-data",
            databaseURL: database ?? environment["BULWARK_DATABASE"])
        settings.secretKeyFile = secretKeyFile ?? environment["BULWARK_SECRET_KEY_FILE"]
        return settings
    }
}

/// A logger for CLI commands: warnings and errors only, on stderr.
func cliLogger() -> Logger {
    var logger = Logger(label: "bulwark")
    logger.logLevel = .warning
    return logger
}

/// Opens the platform for a CLI command; database errors become input errors (exit 2) with the location. A command
/// that only reads or changes what is there (`existing`) refuses an SQLite database that does not exist rather than
/// creating an empty one where `--data` points by mistake.
func openPlatform(_ options: StorageOptions, existing: Bool = false) async throws -> Platform {
    let storage = options.settings()
    if existing, case .sqlite(let path) = try? storage.location(), !FileManager.default.fileExists(atPath: path) {
        throw InputError(
            "no Bulwark database at \(path): point --data (or --database) at an existing one; "
                + "`bulwark serve` or `bulwark admin create-user` creates it"
        )
    }
    do {
        return try await Platform.assemble(ServerSettings(storage: storage), logger: cliLogger())
    } catch {
        let location = (try? storage.location().description) ?? storage.databaseURL ?? storage.dataDirectory
        throw InputError("cannot open the database at \(location): \(error)")
    }
}

/// Reads a password from standard input (one line, without its line break).
func readPasswordFromStdin() throws -> String {
    guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw InputError("--password-stdin: standard input had no password") }
    return line
}
