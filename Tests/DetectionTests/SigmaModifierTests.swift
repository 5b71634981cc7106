// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Detection
import Testing

@Suite struct SigmaValueTests {
    @Test func plainValuesAreCaseInsensitiveAndWhole() {
        #expect(
            Sigma.matches(
                "sel:\n    Image: 'C:\\Windows\\System32\\cmd.exe'\ncondition: sel",
                [
                    ["Image": "c:\\windows\\system32\\CMD.EXE"], ["Image": "C:\\Windows\\System32\\cmd.exe.bak"], [:],
                ]) == [true, false, false])
    }

    @Test func wildcardsAndEscapes() {
        let detection = "sel:\n    A: 'ab*c?d'\n    B: 'x\\*y'\n    C: 'a\\\\\\*b'\n    D: 'C:\\Win'\ncondition: sel"
        #expect(
            Sigma.matches(
                detection,
                [
                    ["A": "abZZZcXd", "B": "x*y", "C": "a\\*b", "D": "C:\\Win"],
                    ["A": "abcd", "B": "x*y", "C": "a\\*b", "D": "C:\\Win"],  // ? needs one character
                    ["A": "abcéd", "B": "x*y", "C": "a\\*b", "D": "C:\\Win"],  // ? is one character, not one byte
                    ["A": "abcXd", "B": "xZy", "C": "a\\*b", "D": "C:\\Win"],  // \* is a literal star
                    ["A": "abcXd", "B": "x*y", "C": "a\\Zb", "D": "C:\\Win"],  // \\ then \* : a backslash and a literal star
                ]) == [true, false, true, false, false])
    }

    @Test func nonASCIIIsCaseInsensitiveToo() {
        #expect(Sigma.matches("sel:\n    A|contains: 'ÉCOLE'\ncondition: sel", [["A": "une école"], ["A": "une ecole"]]) == [true, false])
    }

    @Test func numbersAndBooleansCompareAsText() {
        #expect(
            Sigma.matches(
                "sel:\n    EventID: 4688\n    Flag: true\ncondition: sel",
                [
                    ["EventID": 4688, "Flag": true], ["EventID": "4688", "Flag": "True"], ["EventID": 46880, "Flag": true],
                ]) == [true, true, false])
    }

    @Test func nullMeansMissingOrNullAndEmptyStringMeansEmpty() {
        #expect(Sigma.matches("sel:\n    A: null\ncondition: sel", [[:], ["A": NSNull()], ["A": ""], ["A": "x"]]) == [true, true, false, false])
        #expect(Sigma.matches("sel:\n    A: ''\ncondition: sel", [[:], ["A": ""], ["A": "x"]]) == [false, true, false])
    }

    @Test func listsAreOrAndAllMakesThemAnd() {
        #expect(
            Sigma.matches("sel:\n    A|contains:\n        - foo\n        - bar\ncondition: sel", [["A": "xfoo"], ["A": "bar"], ["A": "baz"]]) == [
                true, true, false,
            ])
        #expect(
            Sigma.matches("sel:\n    A|contains|all:\n        - foo\n        - bar\ncondition: sel", [["A": "foobar"], ["A": "foo"]]) == [
                true, false,
            ])
    }

    @Test func mapsAreAndListsOfMapsAreOr() {
        let detection = "sel:\n    - A: 1\n      B: 2\n    - C: 3\ncondition: sel"
        #expect(Sigma.matches(detection, [["A": 1, "B": 2], ["A": 1], ["C": 3], ["B": 2, "C": 4]]) == [true, false, true, false])
    }

    @Test func eventListValuesMatchWhenAnyElementDoes() {
        #expect(Sigma.matches("sel:\n    Data: 'two'\ncondition: sel", [["Data": ["one", "two"]], ["Data": ["one"]]]) == [true, false])
    }

    @Test func keywordsSearchTheWholeEvent() {
        let engine = Sigma.engine(Sigma.rule("keywords:\n    - 'Accepted password'\n    - 'session opened'\ncondition: keywords"))
        #expect(!engine.evaluate(Sigma.event([:], raw: "sshd[1]: Accepted password for root"), reference: 0).isEmpty)
        #expect(!engine.evaluate(Sigma.event(["message": "pam_unix: SESSION OPENED for user"]), reference: 1).isEmpty)
        #expect(engine.evaluate(Sigma.event(["message": "Failed password"]), reference: 2).isEmpty)
    }
}

@Suite struct SigmaModifierTests {
    @Test func startsEndsContains() {
        let detection = "sel:\n    A|startswith: 'pre'\n    B|endswith: '\\cmd.exe'\n    C|contains: 'mid'\ncondition: sel"
        #expect(
            Sigma.matches(
                detection,
                [
                    ["A": "PREfix", "B": "C:\\x\\cmd.exe", "C": "amidb"], ["A": "xpre", "B": "C:\\x\\cmd.exe", "C": "amidb"],
                    ["A": "pre", "B": "C:\\x\\cmd.exe.x", "C": "mid"], ["A": "pre", "B": "\\cmd.exe", "C": "mi"],
                ]) == [true, false, false, false])
    }

    @Test func cased() {
        #expect(Sigma.matches("sel:\n    A|cased: 'Foo'\ncondition: sel", [["A": "Foo"], ["A": "foo"]]) == [true, false])
        #expect(Sigma.matches("sel:\n    A|contains|cased: 'Foo'\ncondition: sel", [["A": "xFoox"], ["A": "xFOOx"]]) == [true, false])
    }

    @Test func base64AndOffsets() {
        // pySigma: base64offset of 'http://' is aHR0cDovL, h0dHA6Ly, odHRwOi8v.
        #expect(Sigma.matches("sel:\n    A|base64: 'cmd'\ncondition: sel", [["A": "Y21k"], ["A": "cmd"]]) == [true, false])
        let offset = "sel:\n    A|base64offset|contains: 'http://'\ncondition: sel"
        #expect(
            Sigma.matches(offset, [["A": "xxaHR0cDovLxx"], ["A": "--h0dHA6Ly--"], ["A": "odHRwOi8v"], ["A": "aHR0cA"]]) == [true, true, true, false])
    }

    @Test func utf16Encodings() {
        // UTF-16LE 'cmd' is YwBtAGQA in base64; with a byte order mark //5jAG0AZAA=; big-endian AGMAbQBk.
        #expect(Sigma.matches("sel:\n    A|utf16le|base64: 'cmd'\ncondition: sel", [["A": "YwBtAGQA"]]) == [true])
        #expect(Sigma.matches("sel:\n    A|wide|base64: 'cmd'\ncondition: sel", [["A": "YwBtAGQA"]]) == [true])
        #expect(Sigma.matches("sel:\n    A|utf16|base64: 'cmd'\ncondition: sel", [["A": "//5jAG0AZAA="]]) == [true])
        #expect(Sigma.matches("sel:\n    A|utf16be|base64: 'cmd'\ncondition: sel", [["A": "AGMAbQBk"]]) == [true])
        #expect(Sigma.error(Sigma.rule("sel:\n    A|utf16le: 'cmd'\ncondition: sel"))?.message.contains("base64") == true)
    }

    @Test func windash() {
        let detection = "sel:\n    CommandLine|windash|contains: ' -enc '\ncondition: sel"
        #expect(
            Sigma.matches(
                detection,
                [
                    ["CommandLine": "powershell -enc AAA"], ["CommandLine": "powershell /enc AAA"], ["CommandLine": "powershell \u{2013}enc AAA"],
                    ["CommandLine": "powershell \u{2014}enc AAA"], ["CommandLine": "powershell \u{2015}enc AAA"],
                    ["CommandLine": "powershell +enc AAA"],
                ]) == [true, true, true, true, true, false])
        // A dash inside a word is not an option dash.
        #expect(Sigma.matches("sel:\n    A|windash: 'a-b'\ncondition: sel", [["A": "a-b"], ["A": "a/b"]]) == [true, false])
    }

    @Test func regularExpressions() {
        #expect(Sigma.matches("sel:\n    A|re: '^a.c$'\ncondition: sel", [["A": "abc"], ["A": "ABC"], ["A": "xabc"]]) == [true, false, false])
        #expect(Sigma.matches("sel:\n    A|re|i: '^a.c$'\ncondition: sel", [["A": "ABC"]]) == [true])
        #expect(Sigma.matches("sel:\n    A|re|m: '^b$'\ncondition: sel", [["A": "a\nb\nc"], ["A": "ab"]]) == [true, false])
        #expect(Sigma.matches("sel:\n    A|re|s: 'a.b'\ncondition: sel", [["A": "a\nb"]]) == [true])
        #expect(Sigma.matches("sel:\n    A|re: 'a.b'\ncondition: sel", [["A": "a\nb"]]) == [false])
        #expect(Sigma.error(Sigma.rule("sel:\n    A|re: 'a(b'\ncondition: sel"))?.message.contains("regular expression") == true)
        #expect(Sigma.error(Sigma.rule("sel:\n    A|i: 'x'\ncondition: sel"))?.message.contains("follow 're'") == true)
    }

    @Test func cidr() {
        let detection = "sel:\n    Ip|cidr:\n        - 10.0.0.0/8\n        - 'fe80::/10'\n        - 192.168.1.7\ncondition: sel"
        #expect(
            Sigma.matches(
                detection,
                [
                    ["Ip": "10.200.3.4"], ["Ip": "11.0.0.1"], ["Ip": "FE80::1"], ["Ip": "fec0::1"], ["Ip": "192.168.1.7"], ["Ip": "192.168.1.8"],
                    ["Ip": "not an ip"],
                ]) == [true, false, true, false, true, false, false])
        #expect(Sigma.error(Sigma.rule("sel:\n    Ip|cidr: 10.0.0.0/33\ncondition: sel"))?.message.contains("CIDR") == true)
    }

    @Test func exists() {
        #expect(Sigma.matches("sel:\n    A|exists: true\ncondition: sel", [["A": ""], [:]]) == [true, false])
        #expect(Sigma.matches("sel:\n    A|exists: false\ncondition: sel", [["A": "x"], [:]]) == [false, true])
    }

    @Test func fieldref() {
        #expect(
            Sigma.matches("sel:\n    A|fieldref: B\ncondition: sel", [["A": "x", "B": "X"], ["A": "x", "B": "y"], ["A": "x"]]) == [
                true, false, false,
            ])
        #expect(
            Sigma.matches(
                "sel:\n    A|fieldref|endswith: B\ncondition: sel", [["A": "C:\\x\\a.exe", "B": "a.exe"], ["A": "a.exe.x", "B": "a.exe"]]) == [
                    true, false,
                ])
        #expect(Sigma.matches("sel:\n    A|fieldref|neq: B\ncondition: sel", [["A": "x", "B": "x"], ["A": "x", "B": "y"]]) == [false, true])
    }

    @Test func numericComparisons() {
        let detection = "sel:\n    A|gt: 10\n    B|lte: 5\ncondition: sel"
        #expect(
            Sigma.matches(detection, [["A": 11, "B": 5], ["A": "10.5", "B": "-1"], ["A": 10, "B": 5], ["A": 11, "B": 6], ["A": "x", "B": 1]]) == [
                true, true, false, false, false,
            ])
        #expect(Sigma.matches("sel:\n    A|gte: 10\n    B|lt: 5\ncondition: sel", [["A": 10, "B": 4.9], ["A": 9.99, "B": 4]]) == [true, false])
        #expect(Sigma.error(Sigma.rule("sel:\n    A|gt: ten\ncondition: sel"))?.message.contains("number") == true)
    }

    @Test func neq() {
        #expect(Sigma.matches("sel:\n    A|neq: x\ncondition: sel", [["A": "y"], ["A": "X"], [:]]) == [true, false, false])
        #expect(Sigma.matches("sel:\n    A|neq:\n        - x\n        - y\ncondition: sel", [["A": "y"], ["A": "z"]]) == [false, true])
    }

    @Test func expandPlaceholders() {
        var mapping = LogsourceMapping.defaults
        mapping.placeholders["admins"] = ["alice", "bob*"]
        let yaml = Sigma.rule("sel:\n    User|expand: '%admins%'\ncondition: sel")
        let engine = Sigma.engine(yaml, mapping: mapping)
        #expect(engine.rejected.isEmpty)
        #expect(!engine.evaluate(Sigma.event(["User": "Alice"]), reference: 0).isEmpty)
        #expect(!engine.evaluate(Sigma.event(["User": "bobby"]), reference: 1).isEmpty)
        #expect(engine.evaluate(Sigma.event(["User": "carol"]), reference: 2).isEmpty)
        let unknown = Sigma.engine(yaml)
        #expect(unknown.rules.isEmpty)
        #expect(unknown.rejected.first?.message.contains("unknown placeholder '%admins%'") == true)
        #expect(unknown.rejected.first?.location.line == 8)
    }

    @Test func timeParts() {
        let detection = "sel:\n    T|hour|gte: 22\n    T|month: 12\ncondition: sel"
        #expect(
            Sigma.matches(
                detection, [["T": "2025-12-06T23:11:02Z"], ["T": "2025-12-06T21:59:59Z"], ["T": "2025-11-06T23:00:00Z"], ["T": "nonsense"]]) == [
                    true, false, false, false,
                ])
        #expect(
            Sigma.matches("sel:\n    T|minute: 5\n    T|day: 7\n    T|year: 2024\n    T|week: 10\ncondition: sel", [["T": "2024-03-07 10:05:00"]])
                == [true])
    }

    @Test func unknownModifierNamesTheLine() {
        let error = Sigma.error(Sigma.rule("sel:\n    A: x\n    B|sartswith: y\ncondition: sel"))
        #expect(error?.message.contains("unknown modifier 'sartswith'") == true)
        #expect(error?.location.line == 9)
    }
}

@Suite struct RegexLiteralTests {
    @Test func requiredLiteralsAreOnlyWhatEveryMatchContains() {
        #expect(SigmaRegexProbe.literal(#"\\Temp\\[a-z]{8}\.exe$"#) == "\\Temp\\")
        #expect(SigmaRegexProbe.literal(#"powershell.*-enc"#) == "powershell")
        #expect(SigmaRegexProbe.literal(#"abcd?ef"#) == "abc")
        #expect(SigmaRegexProbe.literal(#"xyz+w"#) == "xyz")
        #expect(SigmaRegexProbe.literal(#"(optional)?tail"#) == "tail")
        #expect(SigmaRegexProbe.literal(#"a|bcdefg"#) == nil, "alternation: no single literal is required")
        #expect(SigmaRegexProbe.literals(#"certutil.*-urlcache|bitsadmin /transfer"#) == ["-urlcache", "bitsadmin /transfer"])
        #expect(SigmaRegexProbe.literals(#"(ab|cd)xyz|[|]qrs"#) == ["xyz", "qrs"])
        #expect(SigmaRegexProbe.literals(#"abc|d"#) == ["abc", "d"])
        #expect(SigmaRegexProbe.literals(#"abc|\d+"#) == nil, "one side requires nothing")
        #expect(SigmaRegexProbe.literal(#"(?i)secret"#) == nil, "inline options (other than a leading (?i), handled by the caller)")
        #expect(SigmaRegexProbe.literal(#"cmd.{0,5}(?:/c|/r).+powershell.+(?:\$\{?input\}?|noexit)"#) == "powershell")
        #expect(SigmaRegexProbe.literal(#"(?<=x)abcd(?!e)"#) == "abcd")
        #expect(SigmaRegexProbe.literal(#"ab(?x)cdef"#) == nil)
        #expect(SigmaRegexProbe.literal(#"\d{3}-\d{4}"#) == "-")
        #expect(SigmaRegexProbe.literal(#"\w+`(?:\w+|-|.)`[\w+|\s]"#) == "`")
        #expect(SigmaRegexProbe.literal(#"[a-z]+\d*"#) == nil)
    }

    @Test func theLiteralNeverChangesWhatMatches() {
        let cases: [(String, String, Bool, Bool)] = [
            (#"\\Temp\\[a-z]{8}\.exe$"#, #"C:\Users\x\AppData\Local\Temp\abcdefgh.exe"#, false, true),
            (#"\\temp\\[a-z]{8}\.exe$"#, #"C:\Users\x\AppData\Local\TEMP\abcdefgh.exe"#, true, true),
            (#"\\temp\\[a-z]{8}\.exe$"#, #"C:\Users\x\AppData\Local\TEMP\abcdefgh.exe"#, false, false),
            ("abcd?ef", "abcef", false, true),
            ("xyz+w", "xyzzzw", false, true),
            ("certutil.*-urlcache|bitsadmin /transfer", "BITSADMIN /TRANSFER x", true, true),
            ("certutil.*-urlcache|bitsadmin /transfer", "bitsadmin /create", true, false),
            ("(?i)echo.*clip.*&&.*(?:Clipboard|i`?n`?v`?o`?k`?e`?)", "ECHO x | CLIP && Clipboard", false, true),
            ("(?i)echo.*clip.*&&.*(?:Clipboard|i`?n`?v`?o`?k`?e`?)", "type x | clip && notepad", false, false),
            ("cmd.{0,5}(?:/c|/r).+powershell", "cmd.exe /c start PowerShell", false, false),
            ("cmd.{0,5}(?:/c|/r).+powershell", "cmd.exe /c start powershell", false, true),
            (#"\w+`(?:\w+|-|.)`[\w+|\s]"#, "i`n`v`oke-expression x", false, true),
            (#"\w+`(?:\w+|-|.)`[\w+|\s]"#, "invoke-expression x", false, false),
        ]
        for (pattern, value, insensitive, expected) in cases {
            let detection = "sel:\n    A|re\(insensitive ? "|i" : ""): '\(pattern.replacingOccurrences(of: "'", with: "''"))'\ncondition: sel"
            #expect(Sigma.matches(detection, [["A": value]]) == [expected], "\(pattern) on \(value)")
        }
    }
}
