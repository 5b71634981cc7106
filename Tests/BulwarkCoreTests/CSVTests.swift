// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Testing

@Suite struct CSVTests {
    @Test func quotedFieldsDoubledQuotesAndLineBreaksKeepLineNumbers() throws {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\nlast,,\n"
        let records = try CSV.parse(text)
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["x, y", "say \"hi\"", "two\nlines"])
        #expect(records[2].fields == ["last", "", ""])
    }

    @Test func unterminatedQuoteNamesItsLine() {
        #expect(throws: CSV.SyntaxError(line: 2, message: "a quoted field is not closed")) {
            try CSV.parse("name\n\"open,1\n")
        }
    }

    @Test func quotingRoundTripsAndDefusesFormulas() throws {
        let values = ["plain", "with,comma", "quote\"inside", "=HYPERLINK(\"x\")", "multi\nline"]
        let line = values.map(CSV.quote).joined(separator: ",")
        let parsed = try CSV.parse(line)
        #expect(parsed.count == 1)
        #expect(parsed[0].fields == ["plain", "with,comma", "quote\"inside", "'=HYPERLINK(\"x\")", "multi\nline"])
    }
}
