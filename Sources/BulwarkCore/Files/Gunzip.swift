// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import CZlib
import Foundation

/// Streaming gzip (and zlib) decompression with a bound on the output, so a small hostile body cannot expand
/// without limit. Concatenated gzip members (as `cat a.gz b.gz` makes) are read one after another.
public final class Gunzip {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case corrupt(String)
        case tooLarge(Int)
        public var description: String {
            switch self {
            case .corrupt(let reason): return "the gzip data is corrupt (\(reason))"
            case .tooLarge(let limit): return "the decompressed data is larger than \(limit) bytes"
            }
        }
    }

    private var stream = z_stream()
    private let limit: Int
    private var produced = 0
    private var finished = false

    /// `raw`: bare deflate data without a header, as zip entries hold it; otherwise a gzip or zlib header is expected.
    public init(limit: Int = .max, raw: Bool = false) throws {
        self.limit = limit
        // 15 + 32: a gzip or zlib header, detected automatically; -15: no header.
        let status = inflateInit2_(&stream, raw ? -15 : 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw Failure.corrupt("inflateInit2 returned \(status)") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses the next chunk of input.
    public func push(_ input: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        guard !input.isEmpty else { return output }
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        var offset = 0
        while offset < input.count {
            if finished {
                // Another gzip member follows, or trailing garbage (zeros from a padded tape, say) that we ignore.
                guard input[offset] == 0x1f else { return output }
                inflateReset(&stream)
                finished = false
            }
            let consumed: Int = try input.withUnsafeBufferPointer { inputBuffer in
                stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.baseAddress! + offset)
                stream.avail_in = UInt32(input.count - offset)
                var status: Int32 = Z_OK
                repeat {
                    let written: Int = chunk.withUnsafeMutableBufferPointer { outputBuffer in
                        stream.next_out = outputBuffer.baseAddress
                        stream.avail_out = UInt32(outputBuffer.count)
                        status = inflate(&stream, Z_NO_FLUSH)
                        return outputBuffer.count - Int(stream.avail_out)
                    }
                    if status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR {
                        throw Failure.corrupt(stream.msg.map { String(cString: $0) } ?? "status \(status)")
                    }
                    produced += written
                    if produced > limit { throw Failure.tooLarge(limit) }
                    output.append(contentsOf: chunk[0..<written])
                    if status == Z_STREAM_END { finished = true; break }
                    if status == Z_BUF_ERROR && stream.avail_in == 0 { break }
                } while stream.avail_in > 0 || stream.avail_out == 0
                return input.count - offset - Int(stream.avail_in)
            }
            offset += consumed
            if consumed == 0 && !finished { break }
        }
        return output
    }

    /// Whether the data ended where a gzip member ends (false means it was cut short).
    public var isComplete: Bool { finished }

    /// Decompresses a whole buffer.
    public static func decompress(_ data: [UInt8], limit: Int = .max) throws -> [UInt8] {
        let gunzip = try Gunzip(limit: limit)
        let output = try gunzip.push(data)
        guard gunzip.isComplete else { throw Failure.corrupt("it ends before the end of the compressed stream") }
        return output
    }

    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        return iterator.next() == 0x1f && iterator.next() == 0x8b
    }
}
