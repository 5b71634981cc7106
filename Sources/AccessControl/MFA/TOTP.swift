// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), as authenticator apps compute them.
public struct TOTP: Sendable {
    public var secret: [UInt8]
    public var digits: Int
    public var period: TimeInterval

    public init(secret: [UInt8], digits: Int = 6, period: TimeInterval = 30) {
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// The code for the time step that contains `date`, zero-padded.
    public func code(at date: Date) -> String {
        code(counter: UInt64(max(0, date.timeIntervalSince1970) / period))
    }

    /// HOTP for `counter` (RFC 4226 section 5.3), with HMAC-SHA-1 as authenticator apps use by default.
    public func code(counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// Whether `candidate` matches the code at `date` or one step either side (clock drift), compared in constant time.
    /// Returns the matching counter, so that a caller can refuse a replay of the same code.
    public func verify(_ candidate: String, at date: Date) -> UInt64? {
        let trimmed = candidate.filter { !$0.isWhitespace }
        guard trimmed.count == digits else { return nil }
        let counter = UInt64(max(0, date.timeIntervalSince1970) / period)
        for step in [counter, counter &- 1, counter + 1] where Secrets.constantTimeEqual(code(counter: step), trimmed) {
            return step
        }
        return nil
    }

    /// The `otpauth://` URI that authenticator apps read from a QR code or link.
    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(issuerParam)&algorithm=SHA1&digits=\(digits)&period=\(Int(period))"
    }
}
