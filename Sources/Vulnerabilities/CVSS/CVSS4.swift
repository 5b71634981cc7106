// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// CVSS v4.0 scoring (FIRST specification, section 8): the vector's macro-vector (six equivalence classes) gives
/// a score from FIRST's table, interpolated by the vector's distance from the class's highest-severity vectors.
enum CVSS4 {
    static let allowed: [String: Set<String>] = [
        "AV": ["N", "A", "L", "P"], "AC": ["L", "H"], "AT": ["N", "P"], "PR": ["N", "L", "H"], "UI": ["N", "P", "A"],
        "VC": ["H", "L", "N"], "VI": ["H", "L", "N"], "VA": ["H", "L", "N"],
        "SC": ["H", "L", "N"], "SI": ["H", "L", "N"], "SA": ["H", "L", "N"],
        "E": ["X", "A", "P", "U"], "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"], "AR": ["X", "H", "M", "L"],
        "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MAT": ["X", "N", "P"], "MPR": ["X", "N", "L", "H"],
        "MUI": ["X", "N", "P", "A"], "MVC": ["X", "H", "L", "N"], "MVI": ["X", "H", "L", "N"], "MVA": ["X", "H", "L", "N"],
        "MSC": ["X", "H", "L", "N"], "MSI": ["X", "S", "H", "L", "N"], "MSA": ["X", "S", "H", "L", "N"],
        "S": ["X", "N", "P"], "AU": ["X", "N", "Y"], "R": ["X", "A", "U", "I"], "V": ["X", "D", "C"],
        "RE": ["X", "L", "M", "H"], "U": ["X", "Clear", "Green", "Amber", "Red"],
    ]
    static let mandatory = ["AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA"]

    /// Severity distance of each metric value (0 = most severe), per the reference calculator.
    static let levels: [String: [String: Double]] = [
        "AV": ["N": 0, "A": 0.1, "L": 0.2, "P": 0.3], "PR": ["N": 0, "L": 0.1, "H": 0.2], "UI": ["N": 0, "P": 0.1, "A": 0.2],
        "AC": ["L": 0, "H": 0.1], "AT": ["N": 0, "P": 0.1],
        "VC": ["H": 0, "L": 0.1, "N": 0.2], "VI": ["H": 0, "L": 0.1, "N": 0.2], "VA": ["H": 0, "L": 0.1, "N": 0.2],
        "SC": ["H": 0.1, "L": 0.2, "N": 0.3], "SI": ["S": 0, "H": 0.1, "L": 0.2, "N": 0.3], "SA": ["S": 0, "H": 0.1, "L": 0.2, "N": 0.3],
        "CR": ["H": 0, "M": 0.1, "L": 0.2], "IR": ["H": 0, "M": 0.1, "L": 0.2], "AR": ["H": 0, "M": 0.1, "L": 0.2],
    ]

    /// The highest-severity vectors of each equivalence-class level (EQ3 and EQ6 together).
    static let maxComposed: [Int: [String: [String]]] = [
        1: ["0": ["AV:N/PR:N/UI:N/"], "1": ["AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"], "2": ["AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"]],
        2: ["0": ["AC:L/AT:N/"], "1": ["AC:H/AT:N/", "AC:L/AT:P/"]],
        4: ["0": ["SC:H/SI:S/SA:S/"], "1": ["SC:H/SI:H/SA:H/"], "2": ["SC:L/SI:L/SA:L/"]],
        5: ["0": ["E:A/"], "1": ["E:P/"], "2": ["E:U/"]],
    ]
    static let maxComposedEQ3: [String: [String]] = [
        "00": ["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"],
        "01": ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/"],
        "10": ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"],
        "11": [
            "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/",
            "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/",
        ],
        "21": ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/"],
    ]
    /// Maximal severity depth of each class level, in steps of 0.1.
    static let maxSeverity: [Int: [Int: Double]] = [1: [0: 1, 1: 4, 2: 5], 2: [0: 1, 1: 2], 4: [0: 6, 1: 5, 2: 4]]
    static let maxSeverityEQ3EQ6: [String: Double] = ["00": 7, "01": 6, "10": 8, "11": 8, "21": 10]

    static func score(_ vector: String) throws -> CVSSScore {
        let given = try CVSS.metrics(String(vector.dropFirst("CVSS:4.0/".count)), allowed: allowed)
        try CVSS.requireAll(mandatory, in: given)
        let value = compute(given)
        return CVSSScore(vector: vector, version: "4.0", baseScore: value, severity: CVSS.severity(value))
    }

    /// The effective value of a metric: the modified (environmental) one when set, the threat/requirement defaults otherwise.
    static func effective(_ metrics: [String: String], _ metric: String) -> String {
        if let modified = metrics["M" + metric], modified != "X" { return modified }
        let selected = metrics[metric] ?? "X"
        if selected == "X" {
            if metric == "E" { return "A" }
            if metric == "CR" || metric == "IR" || metric == "AR" { return "H" }
        }
        return selected
    }

    static func macroVector(_ m: (String) -> String) -> [Int] {
        let eq1: Int
        if m("AV") == "N" && m("PR") == "N" && m("UI") == "N" {
            eq1 = 0
        } else if (m("AV") == "N" || m("PR") == "N" || m("UI") == "N") && m("AV") != "P" {
            eq1 = 1
        } else {
            eq1 = 2
        }
        let eq2 = m("AC") == "L" && m("AT") == "N" ? 0 : 1
        let eq3: Int
        if m("VC") == "H" && m("VI") == "H" { eq3 = 0 } else if m("VC") == "H" || m("VI") == "H" || m("VA") == "H" { eq3 = 1 } else { eq3 = 2 }
        let eq4: Int
        if m("MSI") == "S" || m("MSA") == "S" { eq4 = 0 } else if m("SC") == "H" || m("SI") == "H" || m("SA") == "H" { eq4 = 1 } else { eq4 = 2 }
        let eq5 = m("E") == "A" ? 0 : m("E") == "P" ? 1 : 2
        let eq6 = (m("CR") == "H" && m("VC") == "H") || (m("IR") == "H" && m("VI") == "H") || (m("AR") == "H" && m("VA") == "H") ? 0 : 1
        return [eq1, eq2, eq3, eq4, eq5, eq6]
    }

    static func key(_ levels: [Int]) -> String { levels.map(String.init).joined() }

    static func compute(_ given: [String: String]) -> Double {
        let m: (String) -> String = { metric in
            if metric == "MSI" || metric == "MSA" {
                let value = given[metric] ?? "X"
                return value == "X" ? (given[String(metric.dropFirst())] ?? "X") : value
            }
            return effective(given, metric)
        }
        if ["VC", "VI", "VA", "SC", "SI", "SA"].allSatisfy({ m($0) == "N" }) { return 0 }
        let macro = macroVector(m)
        guard let value = macroVectorScores[key(macro)] else { return 0 }
        func lower(_ changes: [Int: Int]) -> Double {
            var next = macro
            for (index, delta) in changes { next[index] += delta }
            return macroVectorScores[key(next)] ?? .nan
        }
        let (eq1, eq2, eq3, eq4, eq5, eq6) = (macro[0], macro[1], macro[2], macro[3], macro[4], macro[5])
        let lowerEQ1 = lower([0: 1]), lowerEQ2 = lower([1: 1]), lowerEQ4 = lower([3: 1]), lowerEQ5 = lower([4: 1])
        let lowerEQ3EQ6: Double
        switch (eq3, eq6) {
        case (1, 1), (0, 1): lowerEQ3EQ6 = lower([2: 1])
        case (1, 0): lowerEQ3EQ6 = lower([5: 1])
        case (0, 0):
            let left = lower([5: 1]), right = lower([2: 1])
            // As the reference's max(left, right): NaN on the left wins, NaN on the right loses.
            lowerEQ3EQ6 = left.isNaN ? .nan : (right > left ? right : left)
        default: lowerEQ3EQ6 = lower([2: 1, 5: 1])
        }

        // The first highest-severity vector of the class that the vector does not exceed in any metric.
        var maxVectors: [String] = []
        for a in maxComposed[1]![String(eq1)]! {
            for b in maxComposed[2]![String(eq2)]! {
                for c in maxComposedEQ3["\(eq3)\(eq6)"]! {
                    for e in maxComposed[4]![String(eq4)]! {
                        for f in maxComposed[5]![String(eq5)]! { maxVectors.append(a + b + c + e + f) }
                    }
                }
            }
        }
        let scored = ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"]
        var distance: [String: Double] = [:]
        for maxVector in maxVectors {
            var parsed: [String: String] = [:]
            for field in maxVector.split(separator: "/") {
                let pair = field.split(separator: ":")
                parsed[String(pair[0])] = String(pair[1])
            }
            distance = [:]
            for metric in scored {
                distance[metric] = levels[metric]![m(metric)]! - levels[metric]![parsed[metric]!]!
            }
            if !distance.values.contains(where: { $0 < 0 }) { break }
        }
        func sum(_ names: [String]) -> Double { names.reduce(0) { $0 + distance[$1]! } }
        let current = [
            sum(["AV", "PR", "UI"]), sum(["AC", "AT"]), sum(["VC", "VI", "VA", "CR", "IR", "AR"]), sum(["SC", "SI", "SA"]),
        ]
        let step = 0.1
        let maxDepth = [
            maxSeverity[1]![eq1]! * step, maxSeverity[2]![eq2]! * step, maxSeverityEQ3EQ6["\(eq3)\(eq6)"]! * step, maxSeverity[4]![eq4]! * step,
        ]
        let available = [value - lowerEQ1, value - lowerEQ2, value - lowerEQ3EQ6, value - lowerEQ4]
        var existing = 0
        var normalized = 0.0
        for index in 0..<4 where !available[index].isNaN && available[index] >= 0 {
            existing += 1
            normalized += available[index] * (current[index] / maxDepth[index])
        }
        // EQ5 has no distance inside its class: it counts as existing but adds nothing.
        if !(value - lowerEQ5).isNaN && value - lowerEQ5 >= 0 { existing += 1 }
        var result = value - (existing == 0 ? 0 : normalized / Double(existing))
        result = min(10, max(0, result))
        return roundHalfUp(result + 1e-6)
    }

    /// Rounds to one decimal, half up, on the exact binary value (as Python's `Decimal(x).quantize` does).
    static func roundHalfUp(_ x: Double) -> Double {
        let tenths = (x * 10).rounded(.down)
        // x ≥ (tenths + 0.5) / 10 exactly ⇔ 20x − (2·tenths + 1) ≥ 0, computed with one rounding by fma.
        let residual = fma(x, 20, -(2 * tenths + 1))
        let rounded = residual >= 0 ? tenths + 1 : tenths
        return rounded / 10
    }
}
