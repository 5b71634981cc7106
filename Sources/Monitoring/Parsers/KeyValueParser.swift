// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// `key=value` pairs as firewalls, appliances and many daemons write them: values bare, `"double"` or `'single'`
/// quoted (with backslash escapes), separated by spaces, commas or semicolons.
enum KeyValueParser {
    static func pairs(_ text: String) -> [(key: String, value: String)] {
        var result: [(String, String)] = []
        var index = text.startIndex
        let end = text.endIndex
        while index < end {
            while index < end, text[index] == " " || text[index] == "," || text[index] == ";" || text[index] == "\t" {
                index = text.index(after: index)
            }
            let keyStart = index
            while index < end, text[index].isLetter || text[index].isNumber || text[index] == "_" || text[index] == "." || text[index] == "-" {
                index = text.index(after: index)
            }
            guard index > keyStart, index < end, text[index] == "=" else {
                // Not a pair: skip the word.
                while index < end, text[index] != " " { index = text.index(after: index) }
                continue
            }
            let key = String(text[keyStart..<index])
            index = text.index(after: index)
            var value = ""
            if index < end, text[index] == "\"" || text[index] == "'" {
                let quote = text[index]
                index = text.index(after: index)
                var escaped = false
                while index < end {
                    let char = text[index]
                    index = text.index(after: index)
                    if escaped { value.append(char); escaped = false; continue }
                    if char == "\\" { escaped = true; continue }
                    if char == quote { break }
                    value.append(char)
                }
            } else {
                let valueStart = index
                while index < end, text[index] != " ", text[index] != "\t" { index = text.index(after: index) }
                value = String(text[valueStart..<index])
                if value.hasSuffix(",") || value.hasSuffix(";") { value.removeLast() }
            }
            result.append((key, value))
        }
        return result
    }

    /// Keeps the pairs of a message made of them (two or more) as fields under their own names, and maps the usual
    /// names to ECS. Whether the message was such a message.
    static func apply(message: String, to event: inout Event) -> Bool {
        let found = pairs(message)
        guard found.count >= 2 else { return false }
        for (key, value) in found where event.fields[key] == nil {
            event.fields[key] = Int64(value).map(FieldValue.int) ?? .string(value)
        }
        func first(_ names: [String]) -> String? {
            for name in names { if let value = found.first(where: { $0.key.lowercased() == name })?.value, !value.isEmpty { return value } }
            return nil
        }
        if let ip = first(["src", "src_ip", "srcip", "source_ip", "client_ip"]), Validation.isIPAddress(ip) { event.fill("source.ip", ip) }
        if let ip = first(["dst", "dst_ip", "dstip", "destination_ip"]), Validation.isIPAddress(ip) { event.fill("destination.ip", ip) }
        if let port = first(["spt", "sport", "src_port", "srcport"]).flatMap({ Int64($0) }) { event.fill("source.port", .int(port)) }
        if let port = first(["dpt", "dport", "dst_port", "dstport"]).flatMap({ Int64($0) }) { event.fill("destination.port", .int(port)) }
        event.fill("user.name", first(["user", "username", "usr", "suser", "duser"]))
        event.fill("event.action", first(["action", "act"]))
        event.fill("network.protocol", first(["proto", "protocol"])?.lowercased())
        return true
    }
}
