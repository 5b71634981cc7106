// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Logging

/// The key file that seals secrets at rest: read at start, created on the first one (32 random bytes, base64, mode
/// 0600, never overwritten). Keep it out of database backups, and give every node of a PostgreSQL deployment the same
/// file (`--secret-key-file`).
enum SecretKeyFile {
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ path: String, logger: Logger) throws -> SecretBox {
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            // Created exclusively with 0600 from the start: no moment where another user could read it.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if descriptor >= 0 {
                let text = SecretBox.generateKey()
                let written = text.withCString { write(descriptor, $0, strlen($0)) }
                close(descriptor)
                guard written == text.utf8.count else { throw Problem(description: "\(path): the secret key could not be written") }
                logger.notice("secret key created; keep it apart from database backups", metadata: ["path": "\(path)"])
            }
        }
        guard let data = manager.contents(atPath: path) else { throw Problem(description: "\(path): the secret key cannot be read") }
        if let mode = (try? manager.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
            logger.warning("the secret key file is readable by others; chmod 600 it", metadata: ["path": "\(path)"])
        }
        do {
            return try SecretBox(keyText: String(decoding: data, as: UTF8.self))
        } catch {
            throw Problem(description: "\(path): \(error)")
        }
    }
}
