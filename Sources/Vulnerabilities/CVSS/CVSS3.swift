// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// CVSS v3.0 and v3.1 base score (FIRST specifications, section 7.1), in exact decimals so that Roundup is exact.
enum CVSS3 {
    static let base: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "PR": ["N", "L", "H"], "UI": ["N", "R"],
        "S": ["U", "C"], "C": ["H", "L", "N"], "I": ["H", "L", "N"], "A": ["H", "L", "N"],
    ]
    static let optional: [String: Set<String>] = [
        "E": ["X", "H", "F", "P", "U"], "RL": ["X", "U", "W", "T", "O"], "RC": ["X", "C", "R", "U"],
        "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MPR": ["X", "N", "L", "H"], "MUI": ["X", "N", "R"],
        "MS": ["X", "U", "C"], "MC": ["X", "H", "L", "N"], "MI": ["X", "H", "L", "N"], "MA": ["X", "H", "L", "N"],
    ]

    static func score(_ vector: String) throws -> CVSSScore {
        let version = String(vector.dropFirst("CVSS:".count).prefix(3))
        var allowed = optional
        allowed.merge(base) { a, _ in a }
        let metrics = try CVSS.metrics(String(vector.dropFirst("CVSS:3.x/".count)), allowed: allowed)
        try CVSS.requireAll(["AV", "AC", "PR", "UI", "S", "C", "I", "A"], in: metrics)
        let changed = metrics["S"] == "C"
        let av: Decimal = ["N": d("0.85"), "A": d("0.62"), "L": d("0.55"), "P": d("0.2")][metrics["AV"]!]!
        let ac: Decimal = metrics["AC"] == "L" ? d("0.77") : d("0.44")
        let pr: Decimal = ["N": d("0.85"), "L": changed ? d("0.68") : d("0.62"), "H": changed ? d("0.5") : d("0.27")][metrics["PR"]!]!
        let ui: Decimal = metrics["UI"] == "N" ? d("0.85") : d("0.62")
        func cia(_ metric: String) -> Decimal { ["H": d("0.56"), "L": d("0.22"), "N": 0][metrics[metric]!]! }
        let iss = 1 - (1 - cia("C")) * (1 - cia("I")) * (1 - cia("A"))
        let impact = changed ? d("7.52") * (iss - d("0.029")) - d("3.25") * pow(iss - d("0.02"), 15) : d("6.42") * iss
        let exploitability = d("8.22") * av * ac * pr * ui
        let score: Decimal
        if impact <= 0 {
            score = 0
        } else {
            let sum = changed ? d("1.08") * (impact + exploitability) : impact + exploitability
            score = CVSS.round1(min(sum, 10), mode: .up)
        }
        let value = CVSS.double(score)
        return CVSSScore(vector: vector, version: version, baseScore: value, severity: CVSS.severity(value))
    }

    static func d(_ text: String) -> Decimal { Decimal(string: text)! }
}
