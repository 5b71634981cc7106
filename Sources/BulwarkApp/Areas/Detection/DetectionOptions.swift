// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Detection

/// Detection's flags: which Sigma rules run, with which logsource mapping.
struct DetectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Sigma rule file or directory, repeatable (default: DATA/rules when it exists; env BULWARK_RULES, separated by ':').", valueName: "PATH"))
    var rules: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "YAML adding logsource mappings, field names and |expand placeholders to the defaults (env BULWARK_DETECTION_CONFIG).", valueName: "FILE")
    )
    var detectionConfig: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only rules at or above this level: informational, low, medium, high, critical (env BULWARK_RULE_MIN_LEVEL).", valueName: "LEVEL"))
    var ruleMinLevel: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Run only rules with this tag or tag prefix, e.g. attack.t1059 (repeatable; env BULWARK_RULE_TAGS, comma-separated).", valueName: "TAG"))
    var ruleTag: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Do not run rules whose path contains this, e.g. rules-threat-hunting/ (repeatable; env BULWARK_RULE_EXCLUDE, comma-separated).",
            valueName: "TEXT"))
    var ruleExclude: [String] = []

    func settings(environment: Environment) throws -> DetectionArea.Settings {
        var settings = DetectionArea.Settings()
        settings.engine.rulePaths = rules.isEmpty ? (environment["BULWARK_RULES"]?.split(separator: ":").map(String.init) ?? []) : rules
        settings.engine.mappingFile = detectionConfig ?? environment["BULWARK_DETECTION_CONFIG"]
        if let text = ruleMinLevel ?? environment["BULWARK_RULE_MIN_LEVEL"] {
            guard let level = SigmaLevel(rawValue: text.lowercased()) else {
                throw SettingsError("--rule-min-level: '\(text)' is not one of informational, low, medium, high, critical")
            }
            settings.engine.minimumLevel = level
        }
        settings.engine.tags = ruleTag.isEmpty ? environment.list("BULWARK_RULE_TAGS") : ruleTag
        settings.engine.excludedPaths = ruleExclude.isEmpty ? environment.list("BULWARK_RULE_EXCLUDE") : ruleExclude
        return settings
    }
}
