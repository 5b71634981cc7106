// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// How an event's `@timestamp` is chosen, predictably, when its source's clock or format cannot be trusted:
///
/// - **missing** or unreadable: the time Bulwark received it; `bulwark.timestamp_issue` = `missing`.
/// - **no time zone** (RFC 3164 syslog, many application logs): read as UTC; `bulwark.timestamp_issue` = `no_zone`.
/// - **in the future** by more than ``futureTolerance`` of the receipt time (a wrong clock): the receipt time,
///   with the claimed time kept in `bulwark.original_timestamp`; `bulwark.timestamp_issue` = `future`.
///
/// Old times are kept as they are: late-arriving logs are normal, and retention removes them by their own time.
public struct TimestampPolicy: Sendable {
    public var futureTolerance: TimeInterval

    public init(futureTolerance: TimeInterval = 15 * 60) {
        self.futureTolerance = futureTolerance
    }

    public func apply(_ parsed: ParsedTime?, to event: inout Event) {
        guard let parsed else {
            event.timestamp = event.received
            event.fields["bulwark.timestamp_issue"] = .string("missing")
            return
        }
        if parsed.date.timeIntervalSince(event.received) > futureTolerance {
            event.timestamp = event.received
            event.fields["bulwark.timestamp_issue"] = .string("future")
            event.fields["bulwark.original_timestamp"] = .string(Timestamp.format(parsed.date))
            return
        }
        event.timestamp = parsed.date
        if !parsed.hasZone { event.fields["bulwark.timestamp_issue"] = .string("no_zone") }
    }
}
