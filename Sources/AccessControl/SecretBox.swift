// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation

/// Seals secrets that must be kept readable (TOTP keys) with AES-256-GCM under a key kept outside the database
/// (`--secret-key-file`), so that a copy of the database alone does not give away second factors. A sealed value is
/// `v1:` + base64(nonce ‖ ciphertext ‖ tag); a value without the prefix was stored before sealing and is read as is
/// (``isSealed(_:)`` lets the store seal those on start).
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case badKey
        case cannotOpen
        public var description: String {
            switch self {
            case .badKey: return "the secret key must be 32 bytes, written as base64"
            case .cannotOpen: return "a stored secret does not open with this key: is --secret-key-file the key this database was sealed with?"
            }
        }
    }

    /// `keyText`: 32 random bytes in base64, as ``generateKey()`` writes them.
    public init(keyText: String) throws {
        guard let data = Data(base64Encoded: keyText.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else { throw Failure.badKey }
        key = SymmetricKey(data: data)
    }

    /// A new key, as the text of a key file.
    public static func generateKey() -> String { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() } + "\n" }

    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix("v1:") }

    public func seal(_ secret: String) -> String {
        // AES-GCM with a random 96-bit nonce cannot fail for an in-memory key of the right size.
        let box = try! AES.GCM.seal(Data(secret.utf8), using: key)
        return "v1:" + box.combined!.base64EncodedString()
    }

    public func open(_ stored: String) throws -> String {
        guard Self.isSealed(stored) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(3))), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key)
        else { throw Failure.cannotOpen }
        return String(decoding: plain, as: UTF8.self)
    }
}
