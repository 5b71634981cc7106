// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Monitoring

/// The counts taken before decoding must never be lower than what the decoders then make.
@Suite struct IngestBodyCountTests {
    @Test(arguments: [
        ("", 0), ("\n\n  \n", 0), ("a", 1), ("a\n", 1), ("a\r\nb", 2), ("a\n\n\t\nb\n", 2),
    ])
    func lines(_ text: String, _ expected: Int) {
        #expect(IngestBodyCount.lines(Array(text.utf8)) == expected)
    }

    @Test(arguments: [("[]", 0), (" [ ] ", 0), ("[1]", 1), ("[{},{}]", 2), (#"[{"a":[1,2,3]},"x,y",[4,5]]"#, 3), (#"["\"],[", "b"]"#, 2)])
    func arrayElements(_ text: String, _ expected: Int) {
        #expect(IngestBodyCount.arrayElements(Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        ("{}{}{}", 3), (#"{"event":"}{"} {"event":{"a":[{}]}}"#, 2), ("", 0),
        // Found by the fuzzer: a quote before the first object made the count skip it; brackets between objects too.
        (#"z"even/Fi{"event":"one"}"#, 1), (#"[[{"event":"x"},{"event":"y"}]]"#, 2), (#"]]{"event":"x"}"#, 1),
    ])
    func concatenatedObjects(_ text: String, _ expected: Int) {
        #expect(IngestBodyCount.concatenatedObjects(Array(text.utf8)) == expected)
    }

    @Test func neverBelowWhatTheHECDecoderMakes() {
        let decoder = SplunkHECDecoder(normaliser: Normaliser())
        for body in [
            #"z"even/Fi{"event":"one","host":"h"}}:1}}"#, #"[[{"event":"x"},{"event":"y"}]]"#, #"]]{"event":"x"}"#, #"{"event":"a"}"{"event":"b"}"#,
        ] {
            let bytes = Array(body.utf8)
            #expect(IngestBodyCount.concatenatedObjects(bytes) >= decoder.decodeEvents(bytes, received: .now).events.count, "\(body)")
        }
    }

    @Test func neverBelowWhatTheDecoderMakes() throws {
        let decoder = IngestDecoder(normaliser: Normaliser())
        for body in [#"[{"a":1},"line",{"b":[1,{"c":2}]}]"#, "{\"a\":1}\n\"x\"\n\n{\"b\":2}\n", #"[{"s":"],["}]"#] {
            let bytes = Array(body.utf8)
            let decoded = try decoder.decode(bytes, input: "t", received: .now)
            #expect(IngestBodyCount.jsonArrayOrLines(bytes) >= decoded.events.count, "\(body)")
        }
    }
}
