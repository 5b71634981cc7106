// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A moment as "5 min ago" (or "in 2 d"), with the exact time in UTC as its tooltip and machine-readable form.
public struct TimeAgo: Sendable {
    public var date: Date?
    public var now: Date

    public init(_ date: Date?, now: Date) {
        self.date = date
        self.now = now
    }

    public func render() -> Markup {
        guard let date else { return "—" }
        return "<time datetime=\"\(Timestamp.format(date))\" title=\"\(Timestamp.display(date))\">\(Self.describe(date, now: now))</time>"
    }

    /// The distance from `now` in the largest whole unit: "just now", "42 s ago", "5 min ago", "3 h ago", "12 d ago",
    /// "in 4 d".
    public static func describe(_ date: Date, now: Date) -> String {
        let seconds = now.timeIntervalSince(date)
        let distance = abs(seconds)
        let amount: String
        switch distance {
        case ..<5: return "just now"
        case ..<60: amount = "\(Int(distance)) s"
        case ..<3600: amount = "\(Int(distance / 60)) min"
        case ..<86_400: amount = "\(Int(distance / 3600)) h"
        case ..<(86_400 * 365): amount = "\(Int(distance / 86_400)) d"
        default: amount = "\(Int(distance / (86_400 * 365))) y"
        }
        return seconds >= 0 ? "\(amount) ago" : "in \(amount)"
    }
}
