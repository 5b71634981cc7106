// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Splits a syslog byte stream into messages, per RFC 6587: octet counting (`LEN SP MSG`) or non-transparent
/// framing (messages ended by LF; CR and NUL before it are dropped). The framing is recognised at the start of every
/// frame, so one connection can use either; several frames per read and frames split across reads are both normal.
/// A message longer than ``maximumLength`` is cut at that length and flagged; the rest of it is skipped.
public struct SyslogFramer: Sendable {
    public struct Frame: Sendable, Equatable {
        public var bytes: [UInt8]
        public var truncated: Bool

        public init(bytes: [UInt8], truncated: Bool) {
            self.bytes = bytes
            self.truncated = truncated
        }

        /// A UDP datagram as one message (RFC 5426): trailing LF, CR and NUL dropped, cut at `maximumLength`;
        /// nil when nothing is left.
        public static func datagram(_ bytes: some Collection<UInt8>, maximumLength: Int) -> Frame? {
            var bytes = Array(bytes)
            while let last = bytes.last, last == 10 || last == 13 || last == 0 { bytes.removeLast() }
            guard !bytes.isEmpty else { return nil }
            let truncated = bytes.count > maximumLength
            if truncated { bytes.removeLast(bytes.count - maximumLength) }
            return Frame(bytes: bytes, truncated: truncated)
        }
    }

    public let maximumLength: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Bytes still to skip of a message that was cut.
    private var skipCount = 0
    /// Skipping the rest of an LF-framed message that was cut.
    private var skipLine = false

    public init(maximumLength: Int = 64 * 1024) {
        self.maximumLength = maximumLength
    }

    /// Bytes buffered while waiting for the end of a frame.
    public var pending: Int { buffer.count - start }

    /// Adds bytes from the stream and returns every message they complete.
    public mutating func push<C: Collection>(_ bytes: C) -> [Frame] where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        var frames: [Frame] = []
        while let frame = next() { frames.append(frame) }
        if start > 65536 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return frames
    }

    /// The message left unfinished when the stream ends, if any.
    public mutating func finish() -> Frame? {
        defer { buffer = []; start = 0; skipCount = 0; skipLine = false }
        guard !skipLine, skipCount == 0 else { return nil }
        var end = buffer.count
        while end > start, buffer[end - 1] == 13 || buffer[end - 1] == 0 || buffer[end - 1] == 10 { end -= 1 }
        guard end > start else { return nil }
        return Frame(bytes: Array(buffer[start..<min(end, start + maximumLength)]), truncated: end - start > maximumLength)
    }

    private mutating func next() -> Frame? {
        if skipCount > 0 {
            let available = min(skipCount, buffer.count - start)
            start += available
            skipCount -= available
            if skipCount > 0 { return nil }
        }
        if skipLine {
            guard let newline = buffer[start...].firstIndex(of: 10) else { start = buffer.count; return nil }
            start = newline + 1
            skipLine = false
        }
        // Separators between frames.
        while start < buffer.count, buffer[start] == 10 || buffer[start] == 13 || buffer[start] == 0 || buffer[start] == 32 { start += 1 }
        guard start < buffer.count else { return nil }

        switch octetCount() {
        case .needMore: return nil
        case .count(let length, let headerLength):
            let body = start + headerLength
            if length > maximumLength {
                guard buffer.count - body >= maximumLength else { return nil }
                let frame = Frame(bytes: Array(buffer[body..<body + maximumLength]), truncated: true)
                start = body + maximumLength
                skipCount = length - maximumLength
                return frame
            }
            guard buffer.count - body >= length else { return nil }
            var end = body + length
            while end > body, buffer[end - 1] == 10 || buffer[end - 1] == 13 || buffer[end - 1] == 0 { end -= 1 }
            let frame = Frame(bytes: Array(buffer[body..<end]), truncated: false)
            start = body + length
            return frame
        case .notCounted:
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                while end > start, buffer[end - 1] == 13 || buffer[end - 1] == 0 { end -= 1 }
                let truncated = end - start > maximumLength
                let frame = Frame(bytes: Array(buffer[start..<min(end, start + maximumLength)]), truncated: truncated)
                start = newline + 1
                return frame
            }
            if buffer.count - start > maximumLength {
                let frame = Frame(bytes: Array(buffer[start..<start + maximumLength]), truncated: true)
                start += maximumLength
                skipLine = true
                return frame
            }
            return nil
        }
    }

    private enum OctetCount { case needMore, notCounted, count(Int, headerLength: Int) }

    /// `LEN SP <` at the frame start means octet counting: a syslog message always begins with `<PRI>`, which tells a
    /// count from a plain line that happens to begin with a number.
    private func octetCount() -> OctetCount {
        var index = start
        var length = 0
        guard buffer[index] >= 49, buffer[index] <= 57 else { return .notCounted }
        while index < buffer.count, buffer[index] >= 48, buffer[index] <= 57 {
            length = length * 10 + Int(buffer[index] - 48)
            index += 1
            if index - start > 9 { return .notCounted }
        }
        guard index < buffer.count else { return .needMore }
        guard buffer[index] == 32 else { return .notCounted }
        guard index + 1 < buffer.count else { return .needMore }
        guard buffer[index + 1] == 60 else { return .notCounted }
        return .count(length, headerLength: index + 1 - start)
    }
}
