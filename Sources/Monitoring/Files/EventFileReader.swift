// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Reads an event file line by line, streaming: JSON lines, plain log lines (syslog files), a JSON array of events
/// (Windows events exported with `ConvertTo-Json`), each possibly gzip-compressed. Lines are numbered from 1 as in
/// the file (after decompression), so errors can name `FILE:LINE`.
public struct EventFileReader {
    public struct Line: Sendable {
        public var number: Int
        public var text: String
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String, String)
        case badArray(String, String)
        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            case .badArray(let path, let reason): return "\(path): not a JSON array of events (\(reason))"
            }
        }
    }

    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The file's size in bytes (compressed size for gzip), for progress.
    public var size: Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
    }

    /// Calls `body` with each batch of lines and the bytes of the file read so far.
    public func read(batchSize: Int = 2_000, _ body: ([Line], Int64) async throws -> Void) async throws {
        guard let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path) else {
            throw Failure.unreadable(path, "cannot open it (does it exist, and may you read it?)")
        }
        defer { if path != "-" { try? handle.close() } }
        var gunzip: Gunzip?
        var first = true
        var pending: [UInt8] = []
        var lineNumber = 0
        var batch: [Line] = []
        var consumed: Int64 = 0
        var arrayMode = false
        var arrayBytes: [UInt8] = []

        func emit(_ bytes: ArraySlice<UInt8>) async throws {
            lineNumber += 1
            var slice = bytes
            if slice.last == 13 { slice = slice.dropLast() }
            if lineNumber == 1, slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
            batch.append(Line(number: lineNumber, text: String(decoding: slice, as: UTF8.self)))
            if batch.count >= batchSize {
                try await body(batch, consumed)
                batch = []
            }
        }

        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw Failure.unreadable(path, "\(error)")
            }
            if chunk.isEmpty { break }
            consumed += Int64(chunk.count)
            var bytes = [UInt8](chunk)
            if first {
                first = false
                if Gunzip.isGzip(bytes) { gunzip = try Gunzip() }
            }
            if let gunzip {
                do { bytes = try gunzip.push(bytes) } catch { throw Failure.unreadable(path, "\(error)") }
            }
            if lineNumber == 0 && pending.isEmpty && !arrayMode, let firstByte = bytes.first(where: { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }),
                firstByte == UInt8(ascii: "[")
            {
                arrayMode = true
            }
            if arrayMode { arrayBytes += bytes; continue }
            pending += bytes
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 10) {
                try await emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start - pending.startIndex)
        }
        if let gunzip, !gunzip.isComplete, consumed > 0 {
            throw Failure.unreadable(path, "the gzip data ends early (is the file complete?)")
        }
        if arrayMode {
            guard let array = try? JSONSerialization.jsonObject(with: Data(arrayBytes)) as? [Any] else {
                throw Failure.badArray(path, "it starts with '[' but does not parse as JSON")
            }
            for (index, element) in array.enumerated() {
                let data = (try? JSONSerialization.data(withJSONObject: element, options: [.fragmentsAllowed])) ?? Data()
                batch.append(Line(number: index + 1, text: String(decoding: data, as: UTF8.self)))
                if batch.count >= batchSize { try await body(batch, consumed); batch = [] }
            }
        } else if !pending.isEmpty {
            try await emit(pending[...])
        }
        if !batch.isEmpty { try await body(batch, consumed) }
    }
}
