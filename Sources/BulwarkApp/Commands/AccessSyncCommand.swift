// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Governance

/// `bulwark access sync`: reads a directory source's LDAP server now.
struct AccessSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read an ldap or ad identity source's directory server now and apply what it holds.",
        discussion: """
            The source's directory connection (URL, StartTLS, bind DN and password, base DN, filter, page size, CA \
            certificate) is set on its page at /access or by PATCH /api/v1/identity-sources/{id} with a "directory" \
            object; the password is sealed at rest with --secret-key-file's key. The sync binds, reads the whole subtree \
            below the base DN in pages (RFC 2696), and applies the accounts as an import: every entry that cannot be read \
            is printed with its DN and left out, the rest applied. Exit 1 when the directory cannot be reached, refuses \
            the bind or the search, or holds no account (nothing is changed then).

            Examples:
              bulwark access sync --source corp-directory --data ./bulwark-data
              bulwark access sync --source ad --database postgres://bulwark@db/bulwark --secret-key-file /etc/bulwark/secret.key
            """)

    @Option(name: .long, help: ArgumentHelp("The identity source's name (see /access).", valueName: "NAME"))
    var source: String

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let platform = try await openPlatform(storage, existing: true)
        do {
            let governance = platform.governance.service
            let target = try await AccessImportCommand.source(named: source, in: governance)
            let record: AccountImport
            do {
                record = try await governance.syncDirectory(sourceID: target.id, by: .cli)
            } catch let error as CoreError {
                throw InputError("\(source): nothing synced: \(error)")
            }
            for rejected in record.rejected { printError("\(rejected.place): \(rejected.reason) (left out)") }
            print(
                "\(source) (\(record.fileName)): \(record.accounts) accounts, \(record.added.count) added, \(record.removed.count) removed, "
                    + "\(record.changed.count) changed, \(record.rejected.count) left out; findings \(record.findingsOpened) opened, "
                    + "\(record.findingsResolved) resolved")
            await platform.close()
        } catch {
            await platform.close()
            throw error
        }
    }
}
