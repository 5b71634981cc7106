// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Governance

/// Access governance's flags: the separation-of-duties rules.
struct GovernanceOptions: ParsableArguments {
    @Option(
        name: .customLong("access-sod"),
        help: ArgumentHelp(
            "YAML file of separation-of-duties rules: entitlements one person must not hold together, on one system or across "
                + "systems; each import finds the conflicts (env BULWARK_ACCESS_SOD).",
            valueName: "FILE"))
    var accessSoD: String?

    func settings(environment: Environment) throws -> GovernanceService.Settings {
        var settings = GovernanceService.Settings()
        if let path = accessSoD ?? environment["BULWARK_ACCESS_SOD"] {
            let text = try ServerSettings.readConfigFile(path, flag: "--access-sod")
            do { settings.sodRules = try SeparationOfDuties.parse(text, path: path) } catch { throw SettingsError("--access-sod: \(error)") }
        }
        return settings
    }
}
