// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The one timestamp format of the API, exports and logs: RFC 3339 in UTC with milliseconds.
/// Format styles are values made once; creating a date formatter per date cost the API most of its time.
public enum Timestamp {
    static let precise = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let plain = Date.ISO8601FormatStyle()
    static let display = Date.ISO8601FormatStyle(dateSeparator: .dash, dateTimeSeparator: .space)

    /// `2026-11-29T00:56:31.123Z`, to the nearest millisecond. The format style truncates, and a time read as
    /// `….123` is often held as `….12299999`: nudge it by less than half a millisecond so it prints as written.
    public static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        return precise.format(Date(timeIntervalSince1970: millis / 1000 + 0.0004))
    }

    /// The UTC day, `2026-11-29`: what date fields (`end_date`) are compared with.
    public static func day(_ date: Date) -> String { String(format(date).prefix(10)) }

    /// Parses RFC 3339 with or without fractional seconds; nil otherwise.
    public static func parse(_ text: String) -> Date? { (try? precise.parse(text)) ?? (try? plain.parse(text)) }

    /// `2026-11-29 00:56:31 UTC`, for pages.
    public static func display(_ date: Date) -> String {
        String(display.format(date).dropLast()) + " UTC"
    }
}
