// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Testing

@Suite struct TimestampTests {
    /// Times that binary floating point cannot hold exactly still print with the milliseconds they were given.
    @Test(arguments: [
        "2026-11-29T01:00:00.123Z", "2026-11-29T01:00:00.999Z", "2026-11-29T01:00:00.000Z", "1970-01-01T00:00:00.001Z", "2019-03-19T23:37:33.640Z",
    ])
    func formatsTheMillisecondsItWasGiven(_ text: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
        // Built from parts, as parsers build times.
        let seconds = floor(date.timeIntervalSince1970)
        let fraction = Double(text.dropLast().suffix(3))! / 1000
        #expect(Timestamp.format(Date(timeIntervalSince1970: seconds + fraction)) == text)
    }

    @Test func roundsToTheNearestMillisecond() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1.0006)) == "1970-01-01T00:00:01.001Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1.0004)) == "1970-01-01T00:00:01.000Z")
    }
}
