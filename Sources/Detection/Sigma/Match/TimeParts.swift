// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

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
