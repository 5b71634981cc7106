// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Reads the files of a zip archive (stored or deflated entries, as OSV's `all.zip` exports are) one entry at a time.
/// Nothing in the archive is trusted: declared sizes only bound the output, entries whose data overlap (many
/// directory records pointing at one deflate stream, a zip bomb's trick) are refused before anything is inflated, and
/// the bytes inflated are bounded per entry and in total.
public enum ZipArchive {
    public struct Entry: Sendable {
        public var name: String
        public var data: [UInt8]
    }

    public static func isZip(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4b, 0x05, 0x06])
    }

    static func u16(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
    static func u32(_ b: [UInt8], _ o: Int) -> Int { u16(b, o) | u16(b, o + 2) << 16 }

    /// Where one entry's data is, from the central directory and its local header.
    struct Located {
        var name: String
        var method: Int
        var size: Int
        var header: Int
        var data: Range<Int>
    }

    /// Every file entry in central-directory order (directories skipped), handed to `body` one at a time.
    /// - Parameters:
    ///   - entryLimit: most bytes one entry may inflate to.
    ///   - totalLimit: most bytes all entries together may inflate to.
    public static func forEachEntry(
        _ bytes: [UInt8], entryLimit: Int = 256 << 20, totalLimit: Int = 1 << 30,
        _ body: (Entry) throws -> Void
    ) throws {
        var inflated = 0
        for item in try locate(bytes) {
            let limit = min(entryLimit, totalLimit - inflated)
            guard item.size <= limit else {
                throw VersionError(
                    inflated + item.size > totalLimit && item.size <= entryLimit
                        ? "zip entry \(item.name) would take the archive past \(totalLimit) bytes inflated"
                        : "zip entry \(item.name) is larger than \(entryLimit) bytes")
            }
            let raw = bytes[item.data]
            let data: [UInt8]
            switch item.method {
            case 0: data = Array(raw)
            case 8: data = try inflateRaw(raw, limit: item.size, name: item.name)  // never past what the directory declared
            default: throw VersionError("zip entry \(item.name) uses compression method \(item.method) (only stored and deflate are read)")
            }
            guard data.count == item.size else {
                throw VersionError("zip entry \(item.name) inflates to \(data.count) bytes, not the \(item.size) its directory says")
            }
            inflated += data.count
            try body(Entry(name: item.name, data: data))
        }
    }

    /// Every file entry, all in memory: for small archives and tests.
    public static func entries(_ bytes: [UInt8], entryLimit: Int = 256 << 20, totalLimit: Int = 1 << 30) throws -> [Entry] {
        var result: [Entry] = []
        try forEachEntry(bytes, entryLimit: entryLimit, totalLimit: totalLimit) { result.append($0) }
        return result
    }

    /// Reads the central directory and checks every entry's place before any is inflated.
    static func locate(_ bytes: [UInt8]) throws -> [Located] {
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
        guard bytes.count >= 22 else { throw VersionError("the zip archive is truncated") }
        var eocd = -1
        var o = bytes.count - 22
        while o >= max(0, bytes.count - 22 - 65_535) {
            if bytes[o] == 0x50 && bytes[o + 1] == 0x4b && bytes[o + 2] == 0x05 && bytes[o + 3] == 0x06 { eocd = o; break }
            o -= 1
        }
        guard eocd >= 0 else { throw VersionError("no zip end-of-central-directory record") }
        let count = u16(bytes, eocd + 10)
        var p = u32(bytes, eocd + 16)
        var result: [Located] = []
        for _ in 0..<count {
            guard p + 46 <= bytes.count, u32(bytes, p) == 0x02014b50 else { throw VersionError("corrupt zip central directory") }
            let method = u16(bytes, p + 10)
            let compressed = u32(bytes, p + 20), size = u32(bytes, p + 24)
            let nameLength = u16(bytes, p + 28), extra = u16(bytes, p + 30), comment = u16(bytes, p + 32)
            let local = u32(bytes, p + 42)
            guard p + 46 + nameLength <= bytes.count else { throw VersionError("corrupt zip central directory") }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            p += 46 + nameLength + extra + comment
            if name.hasSuffix("/") { continue }
            guard local + 30 <= bytes.count, u32(bytes, local) == 0x04034b50 else { throw VersionError("corrupt zip entry \(name)") }
            let start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)
            guard start + compressed <= bytes.count else { throw VersionError("zip entry \(name) is truncated") }
            if method == 0 && compressed != size { throw VersionError("zip entry \(name) is stored but its sizes differ") }
            result.append(Located(name: name, method: method, size: size, header: local, data: start..<(start + compressed)))
        }
        // Each entry's header and data must be its own: overlapping or shared ranges make a small file inflate many times.
        let ranges = result.map { $0.header..<$0.data.upperBound }.sorted { $0.lowerBound < $1.lowerBound }
        for (earlier, later) in zip(ranges, ranges.dropFirst()) where later.lowerBound < earlier.upperBound {
            throw VersionError("zip entries overlap at byte \(later.lowerBound): an archive's entries must not share data")
        }
        return result
    }

    /// Inflates raw deflate data, failing as soon as the output passes `limit`.
    static func inflateRaw(_ input: ArraySlice<UInt8>, limit: Int, name: String) throws -> [UInt8] {
        let inflater = try Gunzip(limit: limit, raw: true)
        let output: [UInt8]
        do {
            output = try inflater.push(Array(input))
        } catch Gunzip.Failure.tooLarge {
            throw VersionError("zip entry \(name) inflates past \(limit) bytes")
        } catch {
            throw VersionError("corrupt deflate data in zip entry \(name)")
        }
        guard inflater.isComplete else { throw VersionError("corrupt deflate data in zip entry \(name) (it ends early)") }
        return output
    }
}
