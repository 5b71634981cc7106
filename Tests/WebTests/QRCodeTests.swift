// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Web

/// Known values from ISO/IEC 18004 tables and the usual worked example ("HELLO WORLD", 1-M).
@Suite struct QRCodeTests {
    @Test func reedSolomonMatchesTheWorkedExample() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(data, degree: 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func formatAndVersionInformation() {
        // Level M: mask 0 → 101010000010010, mask 6 → 100111110010111, mask 7 → 100101010100000 (standard table).
        #expect(QRCode.formatBits(mask: 0) == 0b101010000010010)
        #expect(QRCode.formatBits(mask: 6) == 0b100111110010111)
        #expect(QRCode.formatBits(mask: 7) == 0b100101010100000)
        #expect(QRCode.versionBits(7) == 0b000111110010010100)
        #expect(QRCode.versionBits(10) == 0b001010010011010011)
    }

    @Test func versionsGrowWithTheTextAndFunctionPatternsAreInPlace() throws {
        #expect(try QRCode("hi").version == 1)
        #expect(QRCode.capacity(10) == 213)
        let uri = "otpauth://totp/Bulwark%3Aalice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Bulwark&algorithm=SHA1&digits=6&period=30"
        let code = try QRCode(uri)
        #expect(code.version == 7)
        #expect(code.size == 45)
        for (x, y) in [(0, 0), (38, 0), (0, 38)] {
            #expect(code.modules[y][x] && code.modules[y + 6][x + 6] && code.modules[y + 3][x + 3], "finder at \(x),\(y)")
            #expect(!code.modules[y + 1][x + 1], "finder ring at \(x),\(y)")
        }
        #expect((8..<37).allSatisfy { code.modules[6][$0] == ($0 % 2 == 0) }, "timing row")
        #expect(code.modules[code.size - 8][8], "dark module")
        #expect(throws: QRCode.Failure.self) { try QRCode(String(repeating: "x", count: 214)) }
    }
}
