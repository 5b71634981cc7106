// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Markdown to HTML for text written by users (case descriptions, summaries, lessons learned): every character of
/// the input is escaped, raw HTML is shown as text, and links are kept only for http, https and mailto. Covers
/// paragraphs, `#` headings, `-`/`*`/`1.` lists, `>` quotes, fenced code, `code`, **bold**, *emphasis* and links.
enum SafeMarkdown {
    static func html(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        var out: [String] = []
        var paragraph: [String] = []
        var list: (tag: String, items: [String])?
        var code: [String]?
        func flushParagraph() {
            if !paragraph.isEmpty { out.append("<p>" + paragraph.map(inline).joined(separator: "<br>") + "</p>") }
            paragraph = []
        }
        func flushList() {
            if let current = list { out.append("<\(current.tag)>" + current.items.map { "<li>\(inline($0))</li>" }.joined() + "</\(current.tag)>") }
            list = nil
        }
        for line in lines {
            if code != nil {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                    out.append("<pre><code>" + escape(code!.joined(separator: "\n")) + "</code></pre>")
                    code = nil
                } else {
                    code!.append(line)
                }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { flushParagraph(); flushList(); code = []; continue }
            if trimmed.isEmpty { flushParagraph(); flushList(); continue }
            if let level = heading(trimmed) {
                flushParagraph(); flushList()
                out.append("<h\(level + 2)>\(inline(String(trimmed.dropFirst(level + 1))))</h\(level + 2)>")
                continue
            }
            if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                flushParagraph()
                if list?.tag != "ul" { flushList(); list = ("ul", []) }
                list!.items.append(String(trimmed.dropFirst(2)))
                continue
            }
            if let dot = trimmed.firstIndex(of: "."), dot > trimmed.startIndex, trimmed[..<dot].allSatisfy(\.isNumber),
                trimmed[trimmed.index(after: dot)...].hasPrefix(" ")
            {
                flushParagraph()
                if list?.tag != "ol" { flushList(); list = ("ol", []) }
                list!.items.append(String(trimmed[trimmed.index(dot, offsetBy: 2)...]))
                continue
            }
            if trimmed.hasPrefix(">") {
                flushParagraph(); flushList()
                out.append("<blockquote>\(inline(String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)))</blockquote>")
                continue
            }
            flushList()
            paragraph.append(trimmed)
        }
        if let code { out.append("<pre><code>" + escape(code.joined(separator: "\n")) + "</code></pre>") }
        flushParagraph()
        flushList()
        return out.joined(separator: "\n")
    }

    private static func heading(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...3).contains(hashes), line.dropFirst(hashes).hasPrefix(" ") else { return nil }
        return hashes
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Inline markup on one line: code spans first (their content is literal), then links, bold, emphasis.
    static func inline(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let tick = rest.firstIndex(of: "`") {
            out += spans(String(rest[..<tick]))
            let after = rest.index(after: tick)
            guard let close = rest[after...].firstIndex(of: "`") else { out += spans(String(rest[tick...])); return out }
            out += "<code>" + escape(String(rest[after..<close])) + "</code>"
            rest = rest[rest.index(after: close)...]
        }
        return out + spans(String(rest))
    }

    private static func spans(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        // [label](url)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]"),
            rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
            let end = rest[close...].firstIndex(of: ")")
        {
            out += emphasis(escape(String(rest[..<open])))
            let label = String(rest[rest.index(after: open)..<close])
            let url = String(rest[rest.index(close, offsetBy: 2)..<end]).trimmingCharacters(in: .whitespaces)
            let lower = url.lowercased()
            if lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") {
                out += "<a href=\"\(escape(url))\" rel=\"noreferrer noopener\">\(emphasis(escape(label)))</a>"
            } else {
                out += escape(String(rest[open...end]))
            }
            rest = rest[rest.index(after: end)...]
        }
        return out + emphasis(escape(String(rest)))
    }

    /// `**bold**` and `*emphasis*` on already escaped text.
    private static func emphasis(_ escaped: String) -> String {
        var text = replacePairs(escaped, marker: "**", open: "<strong>", close: "</strong>")
        text = replacePairs(text, marker: "*", open: "<em>", close: "</em>")
        return text
    }

    private static func replacePairs(_ text: String, marker: String, open: String, close: String) -> String {
        let parts = text.components(separatedBy: marker)
        guard parts.count >= 3 else { return text }
        var out = parts[0]
        var index = 1
        while index < parts.count {
            if index + 1 < parts.count, !parts[index].isEmpty {
                out += open + parts[index] + close + parts[index + 1]
                index += 2
            } else {
                out += marker + parts[index]
                index += 1
            }
        }
        return out
    }
}
