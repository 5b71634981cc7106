// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Detection

/// The one-pass pattern set must answer exactly what the patterns answer one by one: random patterns of every shape
/// (exact, prefix, suffix, contains, glob, cased, non-ASCII) against random values.
@Suite struct PatternSetTests {
    struct Random {
        var state: UInt64
        mutating func next(_ upper: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(upper))
        }
    }

    @Test func agreesWithPatternsOneByOne() {
        var random = Random(state: 42)
        let alphabet: [String] = ["a", "B", "c", "\\", ".", "-", "é", "É", "x", "Y"]
        func word(_ length: Int) -> String { (0..<length).map { _ in alphabet[random.next(alphabet.count)] }.joined() }
        var checked = 0
        var matched = 0
        for _ in 0..<300 {
            var patterns: [SigmaPattern] = []
            for _ in 0..<(6 + random.next(20)) {
                let text = word(1 + random.next(6))
                let parts: [SigmaPattern.Part]
                switch random.next(6) {
                case 0: parts = [.text(text)]
                case 1: parts = [.text(text), .star]
                case 2: parts = [.star, .text(text)]
                case 3: parts = [.star, .text(text), .star]
                case 4: parts = [.text(text), .one, .text(word(2)), .star]
                default: parts = random.next(40) == 0 ? [.star] : [.text(text), .star, .text(word(1))]
                }
                patterns.append(SigmaPattern(parts: parts, cased: random.next(5) == 0))
            }
            let set = PatternSet(patterns)
            for _ in 0..<40 {
                let value = word(random.next(14))
                let expected = patterns.contains { $0.matches(value) }
                if expected { matched += 1 }
                #expect(set.matches(value) == expected, "\(value)")
                checked += 1
            }
        }
        #expect(checked == 12_000)
        #expect(matched > 1_000 && matched < 11_000, "both answers are exercised: \(matched) matched")
    }
}
