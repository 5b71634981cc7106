// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Storage

@Suite struct CursorTests {
    /// A cursor goes back into a query string as it came: no `+`, `/` or `=` for a form decoder to change.
    @Test func cursorsAreURLSafeAndRoundTrip() throws {
        for (key, id) in [("2026-11-29T00:00:00.000Z", "a3f1"), (">>>???", "ÿÿÿ"), ("", "x")] {
            let cursor = Cursor.encode(key: key, id: id)
            #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, "\(cursor)")
            let decoded = try #require(try Cursor.decode(cursor))
            #expect(decoded.key == key && decoded.id == id)
        }
        #expect(throws: (any Error).self) { try Cursor.decode("not a cursor!") }
    }
}
