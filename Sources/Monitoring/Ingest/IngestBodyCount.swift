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
        bytes.first { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 } == UInt8(ascii: "[") ? jsonValues(bytes) : lines(bytes)
    }

    /// The elements of the JSON array the body is (`[…]`), or, for a body of JSON texts one after another (HEC),
    /// the texts at the top level. Strings are skipped with their escapes, so brackets inside them do not count.
    public static func jsonValues(_ bytes: [UInt8]) -> Int {
        let firstByte = bytes.first { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }
        let array = firstByte == UInt8(ascii: "[")
        var depth = 0
        var count = 0
        var inString = false
        var escaped = false
        var sawValue = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == 92 { escaped = true } else if byte == 34 { inString = false }
                continue
            }
            if byte == 32 || byte == 10 || byte == 13 || byte == 9 { continue }
            if array && depth == 1 && byte != UInt8(ascii: "]") { sawValue = true }
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if !array && depth == 0 { count += 1 }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            case UInt8(ascii: ","):
                if array && depth == 1 { count += 1 }
            case 34:
                inString = true
            default:
                break
            }
        }
        return array ? (sawValue ? count + 1 : 0) : count
    }
}
