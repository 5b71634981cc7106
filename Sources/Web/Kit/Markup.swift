// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import NIOCore

/// HTML text. Interpolated strings are escaped; only other `Markup` values go in unescaped, so a page cannot
/// include user data raw by accident.
public struct Markup: ExpressibleByStringInterpolation, Sendable, Equatable {
    public var html: String

    public init(stringLiteral value: String) { html = value }
    public init(stringInterpolation: Interpolation) { html = stringInterpolation.html }
    init(raw: String) { html = raw }

    public struct Interpolation: StringInterpolationProtocol {
        var html = ""
        public init(literalCapacity: Int, interpolationCount: Int) { html.reserveCapacity(literalCapacity * 2) }
        public mutating func appendLiteral(_ literal: String) { html += literal }
        public mutating func appendInterpolation(_ text: String) { html += Markup.escape(text) }
        public mutating func appendInterpolation(_ text: Substring) { html += Markup.escape(String(text)) }
        public mutating func appendInterpolation(_ number: Int) { html += String(number) }
        public mutating func appendInterpolation(_ number: Int64) { html += String(number) }
        public mutating func appendInterpolation(_ number: Double) { html += String(number) }
        public mutating func appendInterpolation(_ markup: Markup) { html += markup.html }
        // Nothing else: a list is `.joined()`, an optional is `?? ""` or `Markup.when`, so that no value can reach a
        // page as its debug description.
    }

    /// Escapes the five characters that matter in text and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for char in text {
            switch char {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(char)
            }
        }
        return out
    }

    public static func + (lhs: Markup, rhs: Markup) -> Markup { Markup(raw: lhs.html + rhs.html) }

    /// The items one after another.
    public static func join(_ items: some Sequence<Markup>, separator: Markup = "") -> Markup {
        var html = ""
        var first = true
        for item in items {
            if !first { html += separator.html }
            html += item.html
            first = false
        }
        return Markup(raw: html)
    }

    /// `when` ? markup : nothing.
    public static func when(_ condition: Bool, _ markup: @autoclosure () -> Markup) -> Markup { condition ? markup() : "" }
}

extension Sequence<Markup> {
    /// The items one after another, as one `Markup`.
    public func joined(separator: Markup = "") -> Markup { Markup.join(self, separator: separator) }
}

// Markup in a plain String would be written as its debug text (`Markup(html: "…")`) and then escaped: refuse it where
// it is written, so that the mistake cannot compile. These are `deprecated`, not `unavailable`: the type checker passes
// over an unavailable overload to the generic `appendInterpolation<T>` without a word, while a deprecated one is chosen
// and warns — and Package.swift makes that warning an error for this target (`-Werror DeprecatedDeclaration`).
extension DefaultStringInterpolation {
    @available(*, deprecated, message: "Markup in a String prints debug text: build the string as Markup")
    public mutating func appendInterpolation(_ markup: Markup) {}
    @available(*, deprecated, message: "Markup in a String prints debug text: build the string as Markup and use .joined()")
    public mutating func appendInterpolation(_ markup: [Markup]) {}
    @available(*, deprecated, message: "Markup in a String prints debug text: build the string as Markup")
    public mutating func appendInterpolation(_ markup: Markup?) {}
}

enum HTML {
    static func response(_ markup: Markup, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: markup.html)))
    }
}
