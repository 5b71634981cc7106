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
        public mutating func appendInterpolation(_ markup: Markup) { html += markup.html }
        public mutating func appendInterpolation(_ list: [Markup]) { for item in list { html += item.html } }
        public mutating func appendInterpolation(_ markup: Markup?) { html += markup?.html ?? "" }
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

    /// `when` ? markup : nothing.
    public static func when(_ condition: Bool, _ markup: @autoclosure () -> Markup) -> Markup { condition ? markup() : "" }
}

enum HTML {
    static func response(_ markup: Markup, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: markup.html)))
    }
}
