// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A recurring time in which changes may be made to a group of assets, in a stated time zone: every week on some
/// days, or every month on the nth (or last) weekday ("second Tuesday"), from a local start time for a duration.
public struct MaintenanceWindow: Sendable, Codable, Equatable {
    public enum Recurrence: String, Sendable, Codable, CaseIterable { case weekly, monthly }

    public var id: String
    public var name: String
    public var recurrence: Recurrence
    /// Weekdays, 1 = Monday … 7 = Sunday (ISO 8601). Weekly: the days it opens; monthly: the one weekday.
    public var weekdays: [Int]
    /// Monthly: which of the month's weekdays, 1…4, or -1 for the last.
    public var ordinal: Int?
    /// Local opening time, `HH:MM`.
    public var start: String
    public var durationMinutes: Int
    /// An IANA time zone (`Europe/Berlin`).
    public var timeZone: String
    /// The asset tag the window is for; nil for every asset.
    public var assetTag: String?
    public var createdBy: String
    public var createdAt: Date

    public init(
        id: String, name: String, recurrence: Recurrence, weekdays: [Int], ordinal: Int? = nil, start: String, durationMinutes: Int,
        timeZone: String, assetTag: String? = nil, createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.recurrence = recurrence
        self.weekdays = weekdays
        self.ordinal = ordinal
        self.start = start
        self.durationMinutes = durationMinutes
        self.timeZone = timeZone
        self.assetTag = assetTag
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// Each field's problems, named.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed.count > 200 { errors.append(FieldError(field: "name", message: "must be 1 to 200 characters")) }
        if TimeZone(identifier: timeZone) == nil {
            errors.append(FieldError(field: "time_zone", message: "'\(timeZone.prefix(80))' is not an IANA time zone (e.g. Europe/Berlin)"))
        }
        if localStart == nil { errors.append(FieldError(field: "start", message: "'\(start.prefix(20))' is not a time HH:MM")) }
        if !(15...(24 * 60 * 7)).contains(durationMinutes) {
            errors.append(FieldError(field: "duration_minutes", message: "must be between 15 and 10080 (a week)"))
        }
        if weekdays.isEmpty || weekdays.contains(where: { !(1...7).contains($0) }) {
            errors.append(FieldError(field: "weekdays", message: "must name days 1 (Monday) to 7 (Sunday)"))
        }
        switch recurrence {
        case .weekly:
            if ordinal != nil { errors.append(FieldError(field: "ordinal", message: "is only for monthly windows")) }
        case .monthly:
            if weekdays.count != 1 { errors.append(FieldError(field: "weekdays", message: "a monthly window names one weekday")) }
            if let ordinal, ordinal == -1 || (1...4).contains(ordinal) {
            } else {
                errors.append(FieldError(field: "ordinal", message: "must be 1 to 4, or -1 for the last such weekday of the month"))
            }
        }
        return errors
    }

    var localStart: (hour: Int, minute: Int)? {
        let parts = start.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    /// The opening that contains `date`, or else the next one after it; nil for a window that cannot be read.
    public func opening(atOrAfter date: Date) -> DateInterval? {
        guard let zone = TimeZone(identifier: timeZone), let (hour, minute) = localStart else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let duration = TimeInterval(durationMinutes * 60)
        // Start a little earlier than `date` so that an opening in progress is found; look ahead 14 months.
        guard var day = calendar.date(from: calendar.dateComponents([.year, .month, .day], from: date.addingTimeInterval(-duration)))
        else { return nil }
        for _ in 0..<430 {
            if matches(day, calendar: calendar),
                let opens = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)
            {
                let interval = DateInterval(start: opens, duration: duration)
                if interval.end > date { return interval }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: day) else { return nil }
            day = next
        }
        return nil
    }

    /// Whether the window is open at `date`.
    public func isOpen(at date: Date) -> Bool {
        guard let interval = opening(atOrAfter: date) else { return false }
        return interval.start <= date && date < interval.end
    }

    private func matches(_ day: Date, calendar: Calendar) -> Bool {
        // Calendar weekday: 1 = Sunday … 7 = Saturday; ISO: 1 = Monday … 7 = Sunday.
        let weekday = (calendar.component(.weekday, from: day) + 5) % 7 + 1
        guard weekdays.contains(weekday) else { return false }
        guard recurrence == .monthly, let ordinal else { return true }
        let dayOfMonth = calendar.component(.day, from: day)
        if ordinal == -1 {
            guard let range = calendar.range(of: .day, in: .month, for: day) else { return false }
            return dayOfMonth + 7 > range.count
        }
        return (dayOfMonth - 1) / 7 + 1 == ordinal
    }

    /// "Tuesdays and Thursdays 22:00–02:00 Europe/Berlin" or "the second Tuesday 20:00 for 4 h Europe/Berlin".
    public var summary: String {
        let names = ["Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays"]
        let days = weekdays.sorted().compactMap { (1...7).contains($0) ? names[$0 - 1] : nil }
        let hours = durationMinutes % 60 == 0 ? "\(durationMinutes / 60) h" : "\(durationMinutes) min"
        switch recurrence {
        case .weekly:
            return "\(days.joined(separator: ", ")) from \(start) for \(hours) (\(timeZone))"
        case .monthly:
            let ordinals = [1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"]
            let day = days.first.map { String($0.dropLast()) } ?? "?"
            return "the \(ordinals[ordinal ?? 0] ?? "?") \(day) of each month from \(start) for \(hours) (\(timeZone))"
        }
    }
}
