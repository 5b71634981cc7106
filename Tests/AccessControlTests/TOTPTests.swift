// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Testing

/// RFC 6238 appendix B (SHA-1 column, 8 digits) and RFC 4226 appendix D, RFC 4648 section 10.
@Suite struct TOTPTests {
    let secret = Array("12345678901234567890".utf8)

    @Test(arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func rfc6238Vectors(_ time: TimeInterval, _ expected: String) {
        #expect(TOTP(secret: secret, digits: 8).code(at: Date(timeIntervalSince1970: time)) == expected)
    }

    @Test func rfc4226Vectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        #expect((0..<10).map { TOTP(secret: secret).code(counter: UInt64($0)) } == expected)
    }

    @Test func verifyAcceptsOneStepOfDriftAndReportsTheCounter() {
        let totp = TOTP(secret: secret)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let previous = totp.code(at: now - 30)
        #expect(totp.verify(previous, at: now) == UInt64(1_111_111_111 / 30) - 1)
        #expect(totp.verify(totp.code(at: now - 90), at: now) == nil)
        #expect(totp.verify("12345", at: now) == nil)
    }

    @Test func base32() {
        let vectors = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded.lowercased() + "===") == Array(plain.utf8))
        }
        #expect(Base32.decode("MZ1W") == nil)
    }

    @Test func provisioningURI() {
        let uri = TOTP(secret: Array("12345678901234567890".utf8)).provisioningURI(account: "ann", issuer: "Bulwark")
        #expect(uri == "otpauth://totp/Bulwark%3Aann?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bulwark&algorithm=SHA1&digits=6&period=30")
    }
}
