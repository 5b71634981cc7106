// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching
import Testing

/// Openings of recurring windows in their own time zones, against dates worked out by hand.
@Suite struct MaintenanceWindowTests {
    static func window(_ recurrence: MaintenanceWindow.Recurrence, _ days: [Int], ordinal: Int? = nil, start: String, minutes: Int, zone: String)
        -> MaintenanceWindow
    {
        MaintenanceWindow(
            id: "w", name: "w", recurrence: recurrence, weekdays: days, ordinal: ordinal, start: start, durationMinutes: minutes, timeZone: zone,
            createdBy: "t", createdAt: Date())
    }

    static func utc(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test func weeklyWindowsOpenAtLocalTimeAcrossDaylightSaving() throws {
        // Tuesdays and Thursdays 22:00 Berlin: 20:00Z in summer (CEST), 21:00Z in winter (CET).
        let window = Self.window(.weekly, [2, 4], start: "22:00", minutes: 240, zone: "Europe/Berlin")
        #expect(window.problems().isEmpty)
        #expect(window.opening(atOrAfter: Self.utc("2026-10-20T08:00:00Z"))?.start == Self.utc("2026-10-20T20:00:00Z"))
        // 2026-10-25 clocks go back: Tuesday 2026-10-27 22:00 CET is 21:00Z.
        #expect(window.opening(atOrAfter: Self.utc("2026-10-23T00:00:00Z"))?.start == Self.utc("2026-10-27T21:00:00Z"))
        // An opening in progress is the one found, and it is open; it runs past midnight.
        #expect(window.opening(atOrAfter: Self.utc("2026-10-27T23:30:00Z"))?.start == Self.utc("2026-10-27T21:00:00Z"))
        #expect(window.isOpen(at: Self.utc("2026-10-28T00:59:00Z")))
        #expect(!window.isOpen(at: Self.utc("2026-10-28T01:00:00Z")))
    }

    @Test func monthlyWindowsFindTheNthAndTheLastWeekday() throws {
        // Patch Tuesday: the second Tuesday. December 2026: Tuesdays are the 1st, 8th, 15th …
        let second = Self.window(.monthly, [2], ordinal: 2, start: "20:00", minutes: 360, zone: "America/New_York")
        #expect(second.opening(atOrAfter: Self.utc("2026-12-02T00:00:00Z"))?.start == Self.utc("2026-12-09T01:00:00Z"))
        // After it, January 2027's second Tuesday is the 12th.
        #expect(second.opening(atOrAfter: Self.utc("2026-12-10T00:00:00Z"))?.start == Self.utc("2027-01-13T01:00:00Z"))
        // The last Friday of February 2027 is the 26th.
        let last = Self.window(.monthly, [5], ordinal: -1, start: "06:00", minutes: 60, zone: "UTC")
        #expect(last.opening(atOrAfter: Self.utc("2027-02-01T00:00:00Z"))?.start == Self.utc("2027-02-26T06:00:00Z"))
        #expect(last.summary.contains("last Friday"))
    }

    @Test func badWindowsNameTheField() {
        let bad = Self.window(.monthly, [2, 3], ordinal: 7, start: "25:00", minutes: 5, zone: "Mars/Olympus")
        let fields = Set(bad.problems().map(\.field))
        #expect(fields == ["time_zone", "start", "duration_minutes", "weekdays", "ordinal"])
    }
}
