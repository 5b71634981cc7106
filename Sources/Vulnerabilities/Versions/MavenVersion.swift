// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A Maven version ordered as Maven's `ComparableVersion` (maven-artifact 3.8): items split at `.`, `-` and
/// digit/letter changes; qualifiers ordered alpha < beta < milestone < rc < snapshot < "" (release) < sp, unknown
/// qualifiers after them alphabetically; `-` opens a sub-list; trailing zeros and empty qualifiers are dropped.
public struct MavenVersion: Sendable, Equatable {
    indirect enum Item: Sendable, Equatable {
        case int(String)  // digits without leading zeros ("" is zero)
        case string(String)  // comparable qualifier
        case list([Item])
    }
    var items: [Item]

    static let qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]
    static let releaseIndex = "5"

    static func comparableQualifier(_ q: String) -> String {
        if let index = qualifiers.firstIndex(of: q) { return String(index) }
        return "\(qualifiers.count)-\(q)"
    }

    static func stringItem(_ value: String, followedByDigit: Bool) -> Item {
        var v = value
        if followedByDigit && v.count == 1 {
            switch v {
            case "a": v = "alpha";
            case "b": v = "beta";
            case "m": v = "milestone";
            default: break
            }
        }
        switch v {
        case "ga", "final", "release": v = "";
        case "cr": v = "rc";
        default: break
        }
        return .string(v)
    }

    static func parseItem(_ text: Substring, isDigit: Bool) -> Item {
        isDigit ? .int(String(text.drop { $0 == "0" })) : stringItem(String(text), followedByDigit: false)
    }

    public static func parse(_ text: String) throws -> MavenVersion {
        let version = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !version.isEmpty else { throw VersionError("'\(text)' is not a Maven version: it is empty") }
        // Lists are built bottom-up: a stack of open lists, each closed (normalised) at the end.
        var stack: [[Item]] = [[]]
        var isDigit = false
        var start = version.startIndex
        func openList() { stack.append([]) }
        func add(_ item: Item) { stack[stack.count - 1].append(item) }
        var index = version.startIndex
        while index < version.endIndex {
            let c = version[index]
            if c == "." {
                if index == start { add(.int("")) } else { add(parseItem(version[start..<index], isDigit: isDigit)) }
                start = version.index(after: index)
            } else if c == "-" {
                if index == start { add(.int("")) } else { add(parseItem(version[start..<index], isDigit: isDigit)) }
                start = version.index(after: index)
                openList()
            } else if c.isASCIIDigit {
                if !isDigit && index > start {
                    add(stringItem(String(version[start..<index]), followedByDigit: true))
                    start = index
                    openList()
                }
                isDigit = true
            } else {
                if isDigit && index > start {
                    add(parseItem(version[start..<index], isDigit: true))
                    start = index
                    openList()
                }
                isDigit = false
            }
            index = version.index(after: index)
        }
        if version.endIndex > start { add(parseItem(version[start...], isDigit: isDigit)) }
        // Close the lists innermost first, each becoming the last item of its parent.
        while stack.count > 1 {
            let list = normalize(stack.removeLast())
            stack[stack.count - 1].append(.list(list))
        }
        return MavenVersion(items: normalize(stack[0]))
    }

    static func isNull(_ item: Item) -> Bool {
        switch item {
        case .int(let v): return v.isEmpty
        case .string(let v): return comparableQualifier(v) == releaseIndex
        case .list(let items): return items.isEmpty
        }
    }

    static func normalize(_ list: [Item]) -> [Item] {
        var items = list
        var index = items.count - 1
        while index >= 0 {
            if isNull(items[index]) {
                items.remove(at: index)
            } else if case .list = items[index] {
                // keep going past a non-empty list
            } else {
                break
            }
            index -= 1
        }
        return items
    }

    /// Compares an item with another, or with nothing (`nil`) as Maven's `compareTo(null)` does.
    static func compare(_ a: Item, _ b: Item?) -> Int {
        switch a {
        case .int(let v):
            guard let b else { return v.isEmpty ? 0 : 1 }
            switch b {
            case .int(let w): return compareDigits(v, w)
            case .string: return 1
            case .list: return 1
            }
        case .string(let v):
            guard let b else { return sign(compareStrings(comparableQualifier(v), releaseIndex)) }
            switch b {
            case .int: return -1
            case .string(let w): return sign(compareStrings(comparableQualifier(v), comparableQualifier(w)))
            case .list: return -1
            }
        case .list(let items):
            guard let b else { return items.first.map { compare($0, nil) } ?? 0 }
            switch b {
            case .int: return -1
            case .string: return 1
            case .list(let others):
                for i in 0..<max(items.count, others.count) {
                    let l: Item? = i < items.count ? items[i] : nil
                    let r: Item? = i < others.count ? others[i] : nil
                    let result: Int
                    if let l { result = compare(l, r) } else if let r { result = -compare(r, nil) } else { result = 0 }
                    if result != 0 { return result }
                }
                return 0
            }
        }
    }

    /// Java's String.compareTo on these ASCII strings: code-unit order.
    static func compareStrings(_ a: String, _ b: String) -> Int {
        a == b ? 0 : (Array(a.utf16).lexicographicallyPrecedes(Array(b.utf16)) ? -1 : 1)
    }

    public func compare(_ other: MavenVersion) -> Int { Self.compare(.list(items), .list(other.items)) }
}
