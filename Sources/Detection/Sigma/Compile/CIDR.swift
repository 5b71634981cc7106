// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network (`10.0.0.0/8`, `fe80::/10`); a plain address is a /32 or /128.
/// IPv4 addresses are kept as IPv4-mapped IPv6 (`::ffff:a.b.c.d`) so one comparison serves both.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let address = CIDR.address(String(first)) else { return nil }
        let maximum = address.isIPv4 ? 32 : 128
        var prefix = maximum
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...maximum).contains(value) else { return nil }
            prefix = value
        }
        self.prefix = address.isIPv4 ? prefix + 96 : prefix
        self.address = address.masked(self.prefix)
    }

    public func contains(_ other: IPAddress) -> Bool {
        other.masked(prefix) == address
    }

    public var description: String {
        address.isIPv4 ? "\(address)/\(prefix - 96)" : "\(address)/\(prefix)"
    }

    /// An address from text (IPv4, IPv6, IPv6 with a zone or in brackets); nil when the text is not one.
    public static func address(_ text: String) -> IPAddress? {
        IPAddress(text)
    }
}

/// 128 bits; IPv4 as IPv4-mapped IPv6.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init?(_ text: String) {
        var text = Substring(text)
        if text.count > 45 || text.isEmpty { return nil }
        if text.first == "[", text.last == "]" { text = text.dropFirst().dropLast() }
        if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
        if text.contains(":") {
            var bytes = [UInt8](repeating: 0, count: 16)
            let result = String(text).withCString { inet_pton(AF_INET6, $0, &bytes) }
            guard result == 1 else { return nil }
            high = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            low = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        } else {
            guard text.first?.isNumber == true else { return nil }
            var value: UInt32 = 0
            let result = String(text).withCString { inet_pton(AF_INET, $0, &value) }
            guard result == 1 else { return nil }
            high = 0
            low = 0xFFFF_0000_0000 | UInt64(UInt32(bigEndian: value))
        }
    }

    public var isIPv4: Bool { high == 0 && low >> 32 == 0xFFFF }

    func masked(_ prefix: Int) -> IPAddress {
        var copy = self
        if prefix <= 0 {
            copy.high = 0
            copy.low = 0
        } else if prefix < 64 {
            copy.high &= ~(UInt64.max >> UInt64(prefix))
            copy.low = 0
        } else if prefix < 128 {
            copy.low &= ~(UInt64.max >> UInt64(prefix - 64))
        }
        return copy
    }

    public var description: String {
        if isIPv4 {
            let value = UInt32(truncatingIfNeeded: low)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<8 {
            bytes[index] = UInt8(truncatingIfNeeded: high >> UInt64(56 - index * 8))
            bytes[index + 8] = UInt8(truncatingIfNeeded: low >> UInt64(56 - index * 8))
        }
        var buffer = [CChar](repeating: 0, count: 64)
        _ = inet_ntop(AF_INET6, bytes, &buffer, 64)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
