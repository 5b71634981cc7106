// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Field checks shared by the API, forms and CSV imports, so that each source rejects the same things.
public enum Validation {
    /// Whether a host name is this machine (what a secret may be sent to in clear).
    public static func isLoopback(host: String) -> Bool { ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased()) }

    public static let maxNameLength = 200
    public static let maxListItems = 64

    /// Whether `text` holds a control character (C0, DEL, C1: NUL, CR, LF …) or a bidirectional override or isolate
    /// (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C), which make a name display as something it is not
    /// (`invoice\u{202E}fdp.exe` shows as `invoiceexe.pdf`).
    public static func hasControlOrBidi(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return value < 0x20 || (0x7f...0x9f).contains(value) || (0x202a...0x202e).contains(value) || (0x2066...0x2069).contains(value)
                || value == 0x200e || value == 0x200f || value == 0x061c
        }
    }

    /// Whether `text` is an IPv4 or IPv6 address (no CIDR, no port).
    public static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// Whether `text` is a DNS name (RFC 1123 labels).
    public static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        let trimmed = text.hasSuffix(".") ? String(text.dropLast()) : text
        return trimmed.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") }
        }
    }

    /// Whether `text` looks like an email address: one `@`, a local part, a dotted domain.
    public static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].utf8.count <= 64, text.utf8.count <= 254 else { return false }
        return parts[1].contains(".") && isHostname(String(parts[1])) && !text.contains(where: \.isWhitespace)
    }

    /// Whether `text` is an ISO 8601 calendar date `YYYY-MM-DD` that exists.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1
        else { return false }
        let days = [31, (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    /// Whether `text` is a tag or environment word: 1–64 of letters, digits, `-`, `_`, `.`, `:`, `/`.
    public static func isWord(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.:/".unicodeScalars.contains($0) }
    }
}

extension String {
    /// The text without surrounding white space, or nil when nothing is left.
    public var nonEmptyValue: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
