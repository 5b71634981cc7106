// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import BulwarkCore

/// "Billion laughs" and friends refused before anything is composed.
@Suite struct YAMLGuardTests {
    /// 9 levels of 9 aliases: 387 million "lol"s once expanded, under 500 bytes written.
    static let laughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
        """

    @Test func aliasesAreRefusedWithTheirLine() {
        #expect(Self.laughs.utf8.count < 500)
        #expect(throws: YAMLGuard.Refusal(line: 2, message: "YAML aliases (*name) are not accepted; write the value out")) {
            try YAMLGuard.check(Self.laughs)
        }
        // An alias as a mapping key: Yams would hash the aliased tree while composing.
        #expect(throws: YAMLGuard.Refusal.self) { try YAMLGuard.check("a: &k [1, 2]\n? *k\n: 3\n") }
    }

    @Test func ordinaryYAMLPassesIncludingStarsInTextAndBlockScalars() throws {
        try YAMLGuard.check("")
        try YAMLGuard.check("title: x\ndetection:\n  sel:\n    Image|endswith: '*\\\\cmd.exe'\n    CommandLine: a*b\n  condition: sel\n")
        try YAMLGuard.check("description: |\n  * step one\n  * step two\n# *not an alias\nlist: ['*x', \"*y\"]\n")
        // Anchors alone expand nothing.
        try YAMLGuard.check("a: &anchor 1\n")
        // Syntax errors are left to the composer, which names them.
        try YAMLGuard.check("a: [unclosed\n")
    }

    @Test func theNodeCountIsBounded() {
        let wide = "[" + Array(repeating: "1", count: 101).joined(separator: ",") + "]"
        #expect(throws: YAMLGuard.Refusal.self) { try YAMLGuard.check(wide, maximumNodes: 100) }
        #expect((try? YAMLGuard.check(wide, maximumNodes: 102)) != nil)
    }
}
