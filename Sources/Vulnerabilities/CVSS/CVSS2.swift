// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// CVSS v2 base score (FIRST, "A Complete Guide to the CVSS Version 2.0", section 3.2.1), in exact decimals.
enum CVSS2 {
    static let weights: [String: [String: Decimal]] = [
        "AV": ["L": d("0.395"), "A": d("0.646"), "N": 1],
        "AC": ["H": d("0.35"), "M": d("0.61"), "L": d("0.71")],
        "Au": ["M": d("0.45"), "S": d("0.56"), "N": d("0.704")],
        "C": ["N": 0, "P": d("0.275"), "C": d("0.660")],
        "I": ["N": 0, "P": d("0.275"), "C": d("0.660")],
        "A": ["N": 0, "P": d("0.275"), "C": d("0.660")],
    ]
    static let optional: [String: Set<String>] = [
        "E": ["U", "POC", "F", "H", "ND"], "RL": ["OF", "TF", "W", "U", "ND"], "RC": ["UC", "UR", "C", "ND"],
        "CDP": ["N", "L", "LM", "MH", "H", "ND"], "TD": ["N", "L", "M", "H", "ND"],
        "CR": ["L", "M", "H", "ND"], "IR": ["L", "M", "H", "ND"], "AR": ["L", "M", "H", "ND"],
    ]

    static func score(_ body: String, original: String) throws -> CVSSScore {
        var allowed = optional
        for (metric, values) in weights { allowed[metric] = Set(values.keys) }
        let metrics = try CVSS.metrics(body, allowed: allowed)
        try CVSS.requireAll(["AV", "AC", "Au", "C", "I", "A"], in: metrics)
        func w(_ metric: String) -> Decimal { weights[metric]![metrics[metric]!]! }
        let impact = d("10.41") * (1 - (1 - w("C")) * (1 - w("I")) * (1 - w("A")))
        let exploitability = 20 * w("AV") * w("AC") * w("Au")
        let f: Decimal = impact == 0 ? 0 : d("1.176")
        let raw = (d("0.6") * impact + d("0.4") * exploitability - d("1.5")) * f
        let base = CVSS.double(CVSS.round1(raw, mode: .plain))
        let severity = base < 4 ? "Low" : base < 7 ? "Medium" : "High"
        return CVSSScore(vector: original, version: "2.0", baseScore: base, severity: severity)
    }

    static func d(_ text: String) -> Decimal { Decimal(string: text)! }
}
