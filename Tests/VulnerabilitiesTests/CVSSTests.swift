// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing
@testable import Vulnerabilities

/// Known scores from FIRST's calculators; the end-to-end suite compares 2,000 generated vectors with the `cvss` library.
@Suite struct CVSSTests {
    static let known: [(String, String, Double, String)] = [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 9.8, "Critical"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "3.1", 10.0, "Critical"),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", "3.1", 5.4, "Medium"),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N", "3.1", 6.1, "Medium"),
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "3.1", 1.6, "Low"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "3.1", 0.0, "None"),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.0", 9.8, "Critical"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", "3.1", 9.8, "Critical"),
        ("AV:N/AC:L/Au:N/C:C/I:C/A:C", "2.0", 10.0, "High"),
        ("AV:N/AC:M/Au:N/C:P/I:N/A:N", "2.0", 4.3, "Medium"),
        ("(AV:L/AC:H/Au:M/C:N/I:P/A:N)", "2.0", 0.8, "Low"),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", 9.3, "Critical"),
        ("CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", 8.5, "High"),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", "4.0", 0.0, "None"),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", "4.0", 8.1, "High"),
    ]

    @Test func knownScores() throws {
        for (vector, version, score, severity) in Self.known {
            let result = try CVSS.score(vector)
            #expect(result.version == version, "\(vector)")
            #expect(result.baseScore == score, "\(vector): \(result.baseScore)")
            #expect(result.severity == severity, "\(vector): \(result.severity)")
        }
    }

    @Test func invalidVectorsNameTheMetric() {
        let cases = [
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q", "metric A"),
            ("CVSS:3.1/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV"),
            ("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV appears twice"),
            ("CVSS:3.1/AV:N/XX:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "'XX'"),
            ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", "SA"),
            ("CVSS:3.2/AV:N", "unsupported CVSS version"),
            ("AV:N/AC:L/Au:N/C:P/I:P", "A"),
            ("CVSS:3.1/AV:N/", "ends with"),
        ]
        for (vector, needle) in cases {
            do {
                _ = try CVSS.score(vector)
                Issue.record("\(vector) was accepted")
            } catch {
                #expect("\(error)".contains(needle), "\(vector): \(error)")
            }
        }
    }
}
