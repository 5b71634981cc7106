// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Cheap counts of the events a body holds, taken before it is decoded. Decoding costs memory and time in proportion
/// to the events, not the bytes: a 49 KB gzip body of `{}` lines is millions of events. So each endpoint counts first
/// (one pass, no allocation) and refuses a body over ``MonitoringSettings/maximumEventsPerRequest`` before any work.
public enum IngestBodyCount {
    /// Lines with something other than blanks on them (NDJSON, the bulk API, HEC raw).
    public static func lines(_ bytes: [UInt8]) -> Int {
        var count = 0
        var blank = true
        for byte in bytes {
            switch byte {
            case 10:
                if !blank { count += 1 }
                blank = true
            case 32, 9, 13: break
            default: blank = false
            }
        }
        return blank ? count : count + 1
    }

    /// Bulwark's own ingest body: a JSON array's elements, or NDJSON's lines.
    public static func jsonArrayOrLines(_ bytes: [UInt8]) -> Int {
        bytes.first { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 } == UInt8(ascii: "[") ? arrayElements(bytes) : lines(bytes)
    }

    /// The elements of the JSON array the body is (`[…]`). Strings are skipped with their escapes, so brackets and
    /// commas inside them do not count.
    public static func arrayElements(_ bytes: [UInt8]) -> Int { scan(bytes, concatenated: false) }

    /// The objects of a body of JSON objects one after another (Splunk HEC). Between objects only `{` starts one, as
    /// the HEC reader resynchronises on it: anything else there, quotes and brackets included, is skipped.
    public static func concatenatedObjects(_ bytes: [UInt8]) -> Int { scan(bytes, concatenated: true) }

    private static func scan(_ bytes: [UInt8], concatenated: Bool) -> Int {
        var depth = 0
        var count = 0
        var inString = false
        var escaped = false
        var opened = false
        var sawValue = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == 92 { escaped = true } else if byte == 34 { inString = false }
                continue
            }
            if byte == 32 || byte == 10 || byte == 13 || byte == 9 { continue }
            if depth == 0 {
                if concatenated && byte == UInt8(ascii: "{") {
                    count += 1
                    depth = 1
                } else if !concatenated && !opened && byte == UInt8(ascii: "[") {
                    opened = true
                    depth = 1
                }
                continue
            }
            if !concatenated && depth == 1 && byte != UInt8(ascii: "]") { sawValue = true }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            case UInt8(ascii: ","):
                if !concatenated && depth == 1 { count += 1 }
            case 34:
                inString = true
            default:
                break
            }
        }
        return concatenated ? count : (sawValue ? count + 1 : 0)
    }
}
