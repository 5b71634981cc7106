import CZlib
import Foundation

/// Reads the files of a zip archive (stored or deflated entries, as OSV's `all.zip` exports are), with a bound
/// on each entry's size.
public enum ZipArchive {
    public struct Entry: Sendable {
        public var name: String
        public var data: [UInt8]
    }

    public static func isZip(_ bytes: [UInt8]) -> Bool { bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4b, 0x05, 0x06]) }

    static func u16(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) | Int(b[o + 1]) << 8 }
    static func u32(_ b: [UInt8], _ o: Int) -> Int { u16(b, o) | u16(b, o + 2) << 16 }

    /// Every file entry in central-directory order; directories are skipped.
    public static func entries(_ bytes: [UInt8], limit: Int = 256 << 20) throws -> [Entry] {
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
        var result: [Entry] = []
        for _ in 0..<count {
            guard p + 46 <= bytes.count, u32(bytes, p) == 0x02014b50 else { throw VersionError("corrupt zip central directory") }
            let method = u16(bytes, p + 10)
            let compressed = u32(bytes, p + 20), size = u32(bytes, p + 24)
            let nameLength = u16(bytes, p + 28), extra = u16(bytes, p + 30), comment = u16(bytes, p + 32)
            let local = u32(bytes, p + 42)
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            p += 46 + nameLength + extra + comment
            if name.hasSuffix("/") { continue }
            guard local + 30 <= bytes.count, u32(bytes, local) == 0x04034b50 else { throw VersionError("corrupt zip entry \(name)") }
            let start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)
            guard start + compressed <= bytes.count else { throw VersionError("zip entry \(name) is truncated") }
            guard size <= limit else { throw VersionError("zip entry \(name) is larger than \(limit) bytes") }
            let raw = Array(bytes[start..<(start + compressed)])
            switch method {
            case 0: result.append(Entry(name: name, data: raw))
            case 8: result.append(Entry(name: name, data: try inflateRaw(raw, expected: size)))
            default: throw VersionError("zip entry \(name) uses compression method \(method) (only stored and deflate are read)")
            }
        }
        return result
    }

    static func inflateRaw(_ input: [UInt8], expected: Int) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw VersionError("zlib init failed") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: max(expected, 1))
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw VersionError("corrupt deflate data in zip entry") }
        return Array(output[0..<Int(stream.total_out)])
    }
}
