// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A time read from an event, and whether its text named a time zone.
public struct ParsedTime: Sendable, Equatable {
    public var date: Date
    public var hasZone: Bool
    public init(date: Date, hasZone: Bool) {
        self.date = date
        self.hasZone = hasZone
    }
}

/// Fast parsers for the time formats logs use. Zone-less times are read as UTC here; ``TimestampPolicy`` notes them.
public enum TimeParser {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// Days from 1970-01-01 to a civil date (proleptic Gregorian; Howard Hinnant's algorithm).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Double, offset: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else {
            return nil
        }
        let seconds = days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// The UTC year of a date (civil from days), without a Calendar: this runs for every BSD syslog line.
    static func year(of date: Date) -> Int {
        let days = Int((date.timeIntervalSince1970 / 86400).rounded(.down))
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Any of the formats below, tried in turn.
    public static func parse(_ text: String) -> ParsedTime? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let time = iso(trimmed) { return time }
        if let time = epoch(trimmed) { return time }
        if let time = apache(trimmed) { return time }
        return nil
    }

    /// RFC 3339 / ISO 8601: `2026-01-31T12:00:00[.fff][Z|±hh:mm|±hhmm]`, also with a space for `T` and without a zone.
    public static func iso(_ text: String) -> ParsedTime? {
        var scanner = ByteScanner(text)
        guard let year = scanner.digits(4), scanner.take("-"), let month = scanner.digits(2), scanner.take("-"), let day = scanner.digits(2) else {
            return nil
        }
        if scanner.atEnd {
            return date(year: year, month: month, day: day, hour: 0, minute: 0, second: 0, fraction: 0, offset: 0).map {
                ParsedTime(date: $0, hasZone: false)
            }
        }
        guard scanner.take("T") || scanner.take("t") || scanner.take(" "),
            let hour = scanner.digits(2), scanner.take(":"), let minute = scanner.digits(2)
        else { return nil }
        var second = 0
        if scanner.take(":") { guard let value = scanner.digits(2) else { return nil }; second = value }
        var fraction = 0.0
        if scanner.take(".") || scanner.take(",") {
            var scale = 0.1
            var count = 0
            while let digit = scanner.digit() { fraction += Double(digit) * scale; scale /= 10; count += 1 }
            if count == 0 { return nil }
        }
        var offset = 0
        var hasZone = false
        if scanner.take("Z") || scanner.take("z") {
            hasZone = true
        } else if let sign = scanner.sign() {
            guard let hours = scanner.digits(2) else { return nil }
            _ = scanner.take(":")
            let minutes = scanner.digits(2) ?? 0
            offset = sign * (hours * 3600 + minutes * 60)
            hasZone = true
        } else if scanner.take(" UTC") || scanner.take(" GMT") {
            hasZone = true
        }
        guard scanner.atEnd else { return nil }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction, offset: offset)
            .map { ParsedTime(date: $0, hasZone: hasZone) }
    }

    /// Seconds (or milliseconds, when the number is too large for seconds) since 1970, as Splunk HEC's `time`.
    public static func epoch(_ text: String) -> ParsedTime? {
        guard let value = Double(text), value.isFinite, value > 0, text.first?.isNumber == true else { return nil }
        return epoch(value)
    }

    public static func epoch(_ value: Double) -> ParsedTime? {
        guard value.isFinite, value > 0 else { return nil }
        // Seconds until the year 5138; beyond that the number is milliseconds.
        let seconds = value > 1e11 ? value / 1000 : value
        return ParsedTime(date: Date(timeIntervalSince1970: seconds), hasZone: true)
    }

    /// The common log format's `10/Oct/2000:13:55:36 -0700`.
    public static func apache(_ text: String) -> ParsedTime? {
        var scanner = ByteScanner(text)
        guard let day = scanner.digits(2), scanner.take("/"), let month = scanner.month(), scanner.take("/"), let year = scanner.digits(4),
            scanner.take(":"), let hour = scanner.digits(2), scanner.take(":"), let minute = scanner.digits(2), scanner.take(":"),
            let second = scanner.digits(2)
        else { return nil }
        var offset = 0
        var hasZone = false
        if scanner.take(" "), let sign = scanner.sign(), let hours = scanner.digits(2), let minutes = scanner.digits(2) {
            offset = sign * (hours * 3600 + minutes * 60)
            hasZone = true
        }
        return date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: 0, offset: offset)
            .map { ParsedTime(date: $0, hasZone: hasZone) }
    }

    /// RFC 3164's `Mmm dd hh:mm:ss` (day padded by a space or a zero), which has no year and no zone: the year is the
    /// one that puts the time closest to `reference` (so December's lines read in January land in the old year).
    public static func bsd(_ text: Substring, reference: Date) -> (ParsedTime, length: Int)? {
        var scanner = ByteScanner(String(text.prefix(32)))
        guard let month = scanner.month(), scanner.take(" ") else { return nil }
        _ = scanner.take(" ")
        guard let day = scanner.digits(2) ?? scanner.digits(1), scanner.take(" "), let hour = scanner.digits(2), scanner.take(":"),
            let minute = scanner.digits(2), scanner.take(":"), let second = scanner.digits(2)
        else { return nil }
        var fraction = 0.0
        if scanner.take(".") {
            var scale = 0.1
            while let digit = scanner.digit() { fraction += Double(digit) * scale; scale /= 10 }
        }
        let referenceYear = year(of: reference)
        var best: Date?
        for year in [referenceYear - 1, referenceYear, referenceYear + 1] {
            guard let candidate = date(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction, offset: 0)
            else { continue }
            if best == nil || abs(candidate.timeIntervalSince(reference)) < abs(best!.timeIntervalSince(reference)) { best = candidate }
        }
        guard let best else { return nil }
        return (ParsedTime(date: best, hasZone: false), scanner.position)
    }
}

/// A cursor over ASCII bytes for the parsers above.
struct ByteScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var atEnd: Bool { position >= bytes.count }

    mutating func take(_ literal: String) -> Bool {
        let literalBytes = Array(literal.utf8)
        guard position + literalBytes.count <= bytes.count, Array(bytes[position..<position + literalBytes.count]) == literalBytes else {
            return false
        }
        position += literalBytes.count
        return true
    }

    mutating func digit() -> Int? {
        guard position < bytes.count, bytes[position] >= 48, bytes[position] <= 57 else { return nil }
        defer { position += 1 }
        return Int(bytes[position] - 48)
    }

    mutating func digits(_ count: Int) -> Int? {
        let start = position
        var value = 0
        for _ in 0..<count {
            guard let digit = digit() else { position = start; return nil }
            value = value * 10 + digit
        }
        return value
    }

    mutating func sign() -> Int? {
        if take("+") { return 1 }
        if take("-") { return -1 }
        return nil
    }

    mutating func month() -> Int? {
        guard position + 3 <= bytes.count else { return nil }
        let name = String(decoding: bytes[position..<position + 3], as: UTF8.self).lowercased()
        guard let index = TimeParser.months.firstIndex(of: name) else { return nil }
        position += 3
        return index + 1
    }
}
