import Foundation

/// What a compiled rule reads from an event: its flat field map, the original text (for keyword searches) and its time.
public struct DetectionEvent: Sendable {
    public var fields: [String: FieldValue]
    public var raw: String?
    public var time: Date

    public init(fields: [String: FieldValue], raw: String? = nil, time: Date) {
        self.fields = fields
        self.raw = raw
        self.time = time
    }

    @inline(__always)
    func value(_ path: FieldPath) -> FieldValue? {
        for name in path.names {
            if let value = fields[name] { return value }
        }
        return nil
    }
}

/// A Sigma field name and the event field names it is looked up by, in order (the name itself first, then the
/// places shippers put it, such as Winlogbeat's `winlog.event_data.<name>`).
struct FieldPath: Sendable, Hashable {
    var field: String
    var names: [String]
}

/// A compiled condition over one event.
indirect enum MatchNode: Sendable {
    case all([MatchNode])
    case any([MatchNode])
    case not(MatchNode)
    case atLeast(Int, [MatchNode])
    case field(FieldPath, FieldTest)
    /// A value anywhere in the event: the original text, or any field's value.
    case keyword(FieldTest)
    case constant(Bool)

    /// A rough evaluation cost: `and`/`or` evaluate cheap children first, so a regular expression runs only when the
    /// plain comparisons beside it have not already decided (both are commutative, so results do not change).
    var cost: Int {
        switch self {
        case .all(let nodes), .any(let nodes), .atLeast(_, let nodes): return nodes.reduce(1) { $0 + $1.cost }
        case .not(let node): return node.cost + 1
        case .field(_, let test): return test.cost
        case .keyword(let test): return test.cost * 20
        case .constant: return 0
        }
    }

    /// The same tree with the children of every `and`/`or` ordered by cost.
    var ordered: MatchNode {
        switch self {
        case .all(let nodes): return .all(nodes.map(\.ordered).sorted { $0.cost < $1.cost })
        case .any(let nodes): return .any(nodes.map(\.ordered).sorted { $0.cost < $1.cost })
        case .atLeast(let count, let nodes): return .atLeast(count, nodes.map(\.ordered).sorted { $0.cost < $1.cost })
        case .not(let node): return .not(node.ordered)
        default: return self
        }
    }

    func matches(_ event: DetectionEvent) -> Bool {
        switch self {
        case .all(let nodes):
            for node in nodes where !node.matches(event) { return false }
            return true
        case .any(let nodes):
            for node in nodes where node.matches(event) { return true }
            return false
        case .not(let node): return !node.matches(event)
        case .atLeast(let count, let nodes):
            var found = 0
            for node in nodes where node.matches(event) {
                found += 1
                if found >= count { return true }
            }
            return false
        case .field(let path, let test):
            return test.matches(event.value(path), in: event)
        case .keyword(let test):
            if let raw = event.raw, test.matches(.string(raw), in: event) { return true }
            for value in event.fields.values where test.matches(value, in: event) { return true }
            return false
        case .constant(let value): return value
        }
    }
}

/// A test of one field's value. A list value matches when any element does; a missing field matches only
/// `null`, `exists: false` and nothing else.
indirect enum FieldTest: Sendable {
    case patterns([SigmaPattern])
    /// Many patterns, matched in one pass.
    case patternSet(PatternSet)
    case regex(SigmaRegex)
    case cidr([CIDR])
    case compare(Comparison, Double)
    case exists(Bool)
    /// `field: null`: missing or null.
    case null
    case fieldRef(FieldPath, SigmaPattern.Shape, cased: Bool)
    case timePart(TimePart, FieldTest)
    /// `neq`: present, and none of the tests match.
    case notAny([FieldTest])
    case anyOf([FieldTest])

    var cost: Int {
        switch self {
        case .patterns(let patterns): return 2 + patterns.count
        case .patternSet: return 6
        case .regex: return 200
        case .cidr(let networks): return 4 + networks.count
        case .compare, .exists, .null: return 2
        case .fieldRef: return 5
        case .timePart: return 20
        case .notAny(let tests), .anyOf(let tests): return tests.reduce(1) { $0 + $1.cost }
        }
    }

    enum Comparison: String, Sendable {
        case lt, lte, gt, gte, eq
        func holds(_ lhs: Double, _ rhs: Double) -> Bool {
            switch self {
            case .lt: return lhs < rhs
            case .lte: return lhs <= rhs
            case .gt: return lhs > rhs
            case .gte: return lhs >= rhs
            case .eq: return lhs == rhs
            }
        }
    }

    enum TimePart: String, Sendable, CaseIterable {
        case minute, hour, day, week, month, year
    }

    func matches(_ value: FieldValue?, in event: DetectionEvent) -> Bool {
        switch self {
        case .null:
            guard let value else { return true }
            return value == .null
        case .exists(let expected):
            return (value != nil) == expected
        case .notAny(let tests):
            guard let value, value != .null else { return false }
            for test in tests where test.matches(value, in: event) { return false }
            return true
        case .anyOf(let tests):
            for test in tests where test.matches(value, in: event) { return true }
            return false
        default:
            guard let value else { return false }
            if case .list(let items) = value {
                for item in items where matchesScalar(item, in: event) { return true }
                return false
            }
            return matchesScalar(value, in: event)
        }
    }

    private func matchesScalar(_ value: FieldValue, in event: DetectionEvent) -> Bool {
        switch self {
        case .patterns(let patterns):
            if case .null = value { return false }
            let text = value.text
            for pattern in patterns where pattern.matches(text) { return true }
            return false
        case .patternSet(let set):
            if case .null = value { return false }
            return set.matches(value.text)
        case .regex(let regex): return value != .null && regex.matches(value.text)
        case .cidr(let networks):
            guard let address = CIDR.address(value.text) else { return false }
            return networks.contains { $0.contains(address) }
        case .compare(let comparison, let bound):
            guard let number = value.number else { return false }
            return comparison.holds(number, bound)
        case .fieldRef(let path, let shape, let cased):
            guard let other = event.value(path), other != .null else { return false }
            let otherText = other.text
            let pattern = SigmaPattern(
                parts: [shape == .suffix || shape == .contains ? .star : nil, .text(otherText), shape == .prefix || shape == .contains ? .star : nil].compactMap { $0 },
                cased: cased)
            return pattern.matches(value.text)
        case .timePart(let part, let test):
            guard let date = TimeParts.date(value) else { return false }
            return test.matches(.int(Int64(TimeParts.extract(part, from: date))), in: event)
        case .null, .exists, .notAny, .anyOf:
            return matches(value, in: event)
        }
    }
}

/// A `re` value compiled once, with a literal every match must contain (when the expression has one): a value
/// without it is refused before the regular-expression engine runs.
struct SigmaRegex: @unchecked Sendable {
    let expression: NSRegularExpression
    /// Literals of which every match contains one (one per top-level alternative), as containment patterns.
    let required: [SigmaPattern]

    init(_ pattern: String, options: NSRegularExpression.Options) throws {
        expression = try NSRegularExpression(pattern: pattern, options: options)
        // A leading (?i) makes the whole expression case-insensitive, as the i modifier does.
        let inline = pattern.hasPrefix("(?i)")
        let insensitive = options.contains(.caseInsensitive) || inline
        required = (Self.requiredLiterals(inline ? String(pattern.dropFirst(4)) : pattern) ?? []).map {
            SigmaPattern(parts: [.star, .text($0), .star], cased: !insensitive)
        }
    }

    func matches(_ text: String) -> Bool {
        if !required.isEmpty, !required.contains(where: { $0.matches(text) }) { return false }
        return expression.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }

    /// One required literal per top-level alternative (`a.*x|b.*y` → the literals of each side), or nil when an
    /// alternative has none.
    static func requiredLiterals(_ pattern: String) -> [String]? {
        var branches: [String] = []
        var current = ""
        var depth = 0
        var inClass = false
        var escaped = false
        for character in pattern {
            if escaped {
                current.append(character)
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "[": inClass = true
            case "]": inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass: depth -= 1
            case "|" where !inClass && depth == 0:
                branches.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        branches.append(current)
        var literals: [String] = []
        for branch in branches {
            guard let literal = requiredLiteral(branch) else { return nil }
            literals.append(literal)
        }
        return literals
    }

    /// The longest run of plain characters that every match contains, or nil: none is claimed for
    /// expressions with top-level alternation or inline options; groups (also `(?:`, lookarounds) are skipped, and a
    /// character followed by a quantifier is not counted.
    static func requiredLiteral(_ pattern: String) -> String? {
        let characters = Array(pattern)
        var best = "", current = ""
        var depth = 0
        var index = 0
        func end() {
            if depth == 0, current.count > best.count { best = current }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            var literal: Character?
            var width = 1
            switch character {
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let next = characters[index + 1]
                width = 2
                if next.isLetter || next.isNumber { literal = nil } else { literal = next }
            case "[":
                // A class is one unknown character: skip to its end.
                var close = index + 1
                if close < characters.count, characters[close] == "^" { close += 1 }
                if close < characters.count, characters[close] == "]" { close += 1 }
                while close < characters.count, characters[close] != "]" { close += characters[close] == "\\" ? 2 : 1 }
                width = close - index + 1
                literal = nil
            case "(":
                end()
                depth += 1
                index += 1
                if index < characters.count, characters[index] == "?" {
                    // (?: (?= (?! (?<= (?<! are groups; any other (? is an inline option that could change matching.
                    let marker = String(characters[index..<min(index + 3, characters.count)])
                    if marker.hasPrefix("?:") || marker.hasPrefix("?=") || marker.hasPrefix("?!") {
                        index += 2
                    } else if marker == "?<=" || marker == "?<!" {
                        index += 3
                    } else {
                        return nil
                    }
                }
                continue
            case ")":
                end()
                depth = max(0, depth - 1)
                index += 1
                continue
            case "|":
                // A top-level alternative: nothing is required of the whole (see requiredLiterals).
                if depth == 0 { return nil }
                literal = nil
            case ".", "^", "$":
                literal = nil
            case "*", "+", "?", "{":
                // The previous character may repeat or vanish: it is not required.
                if character != "+", !current.isEmpty { current.removeLast() }
                end()
                if character == "{" {
                    while index < characters.count, characters[index] != "}" { index += 1 }
                }
                index += 1
                continue
            default:
                literal = character
            }
            if let literal, depth == 0 {
                current.append(literal)
            } else {
                end()
            }
            index += width
        }
        end()
        // Even one character is worth checking before the regex engine runs (a backtick, a quote); the literal
        // prefilter index takes only literals of three characters or more.
        return best.isEmpty ? nil : best
    }
}

enum TimeParts {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// A date from ISO 8601 text (`2025-12-06T21:11:02.649Z`, `2025-12-06 21:11:02`) or epoch seconds/milliseconds.
    static func date(_ value: FieldValue) -> Date? {
        if case .int(let number) = value { return Date(timeIntervalSince1970: number > 100_000_000_000 ? Double(number) / 1000 : Double(number)) }
        if case .double(let number) = value { return Date(timeIntervalSince1970: number) }
        let digits = value.text.unicodeScalars.split { !("0"..."9").contains($0) }.map { Int(String($0)) ?? -1 }
        guard digits.count >= 3, digits[0] > 1000 else {
            if let number = Double(value.text) { return Date(timeIntervalSince1970: number > 100_000_000_000 ? number / 1000 : number) }
            return nil
        }
        var components = DateComponents()
        components.year = digits[0]
        components.month = digits[1]
        components.day = digits[2]
        components.hour = digits.count > 3 ? digits[3] : 0
        components.minute = digits.count > 4 ? digits[4] : 0
        components.second = digits.count > 5 ? digits[5] : 0
        return calendar.date(from: components)
    }

    static func extract(_ part: FieldTest.TimePart, from date: Date) -> Int {
        switch part {
        case .minute: return calendar.component(.minute, from: date)
        case .hour: return calendar.component(.hour, from: date)
        case .day: return calendar.component(.day, from: date)
        case .week: return calendar.component(.weekOfYear, from: date)
        case .month: return calendar.component(.month, from: date)
        case .year: return calendar.component(.year, from: date)
        }
    }
}

/// For tests: the literal a `re` value requires.
public enum SigmaRegexProbe {
    public static func literal(_ pattern: String) -> String? { SigmaRegex.requiredLiteral(pattern) }
    public static func literals(_ pattern: String) -> [String]? { SigmaRegex.requiredLiterals(pattern) }
}
