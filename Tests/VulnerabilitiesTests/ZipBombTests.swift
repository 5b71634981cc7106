// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Vulnerabilities

/// Zip bombs against the advisory import: bounds asserted as counts (entries handed out, bytes inflated).
@Suite struct ZipBombTests {
    /// Crafts an archive with Python's zlib and struct, so the hostile layouts are written byte by byte.
    static func craft(_ script: String) throws -> [UInt8] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-zip-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.helpers + script, output]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        defer { try? FileManager.default.removeItem(atPath: output) }
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    static let helpers = """
        import struct, sys, zlib
        def deflate(data):
            c = zlib.compressobj(9, zlib.DEFLATED, -15); return c.compress(data) + c.flush()
        def local(name, packed, size, method=8):
            n = name.encode(); return struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, method, 0, 0, 0, len(packed), size, len(n), 0) + n + packed
        def central(name, packed, size, offset, method=8):
            n = name.encode(); return struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, method, 0, 0, 0, len(packed), size, len(n), 0, 0, 0, 0, 0, offset) + n
        def end(count, size, offset):
            return struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, count, count, size, offset, 0)

        """

    @Test func entriesSharingOneDeflateStreamAreRefusedBeforeAnythingIsInflated() throws {
        // The probe's layout: one 8 MiB stream of zeros, 300 directory records pointing at it (2.4 GB if each is inflated).
        let bomb = try Self.craft(
            """
            packed = deflate(b'\\0' * (8 << 20)); body = local('a.json', packed, 8 << 20)
            cd = b''.join(central('e%d.json' % i, packed, 8 << 20, 0) for i in range(300))
            open(sys.argv[1], 'wb').write(body + cd + end(300, len(cd), len(body)))
            """)
        #expect(bomb.count < 40_000)
        var handedOut = 0
        #expect(throws: VersionError.self) { try ZipArchive.forEachEntry(bomb) { _ in handedOut += 1 } }
        #expect(handedOut == 0)
        let batch = AdvisoryImport.read(bytes: bomb, name: "bomb.zip")
        #expect(batch.records.isEmpty)
        #expect(batch.rejected.count == 1)
        #expect(batch.rejected.first?.reason.contains("overlap") == true)
    }

    @Test func aDeclaredSizeIsABoundNotATrust() throws {
        // The directory says 16 bytes; the stream inflates to 8 MiB. Inflation stops at the declared size.
        let liar = try Self.craft(
            """
            packed = deflate(b'\\0' * (8 << 20)); body = local('a.json', packed, 16); cd = central('a.json', packed, 16, 0)
            open(sys.argv[1], 'wb').write(body + cd + end(1, len(cd), len(body)))
            """)
        let error = #expect(throws: VersionError.self) { try ZipArchive.forEachEntry(liar) { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains("past 16 bytes"))
    }

    @Test func theTotalInflatedIsBoundedAndEntriesComeOneAtATime() throws {
        let archive = try Self.craft(
            """
            body = b''; cd = b''
            for i in range(5):
                packed = deflate(bytes([65 + i]) * (1 << 20)); cd += central('e%d' % i, packed, 1 << 20, len(body)); body += local('e%d' % i, packed, 1 << 20)
            open(sys.argv[1], 'wb').write(body + cd + end(5, len(cd), len(body)))
            """)
        var seen: [String] = []
        #expect(throws: VersionError.self) {
            try ZipArchive.forEachEntry(archive, entryLimit: 2 << 20, totalLimit: 3 << 20) { entry in
                #expect(entry.data.count == 1 << 20)
                seen.append(entry.name)
            }
        }
        #expect(seen == ["e0", "e1", "e2"], "the fourth would pass the total")
        #expect(try ZipArchive.entries(archive).count == 5)
        #expect(throws: VersionError.self) { try ZipArchive.forEachEntry(archive, entryLimit: 1 << 19) { _ in } }
    }

    @Test func anArchiveInsideAnArchiveIsNotRead() throws {
        let nested = try Self.craft(
            """
            data = b'PK\\x03\\x04' + b'\\0' * 40
            body = local('inner.zip', data, len(data), 0); cd = central('inner.zip', data, len(data), 0, 0)
            open(sys.argv[1], 'wb').write(body + cd + end(1, len(cd), len(body)))
            """)
        let batch = AdvisoryImport.read(bytes: nested, name: "outer.zip")
        #expect(batch.rejected.map(\.place) == ["outer.zip!inner.zip"])
        #expect(batch.rejected.first?.reason.contains("inside an archive") == true)
    }
}
