// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Vulnerabilities

/// Vulnerability management's flags.
struct VulnerabilitiesOptions: ParsableArguments {
    @Option(
        name: .customLong("vuln-sla"),
        help: ArgumentHelp(
            "Days to fix a finding by severity, e.g. critical=7,high=30 (default critical=15,high=30,medium=90,low=180; KEV items are due by CISA's date when sooner; env BULWARK_VULN_SLA).",
            valueName: "LIST"))
    var vulnSLA: String?

    func settings(environment: Environment) throws -> VulnerabilitiesArea.Settings {
        var settings = VulnerabilitiesArea.Settings()
        if let text = vulnSLA ?? environment["BULWARK_VULN_SLA"] {
            do { settings.sla = try SLAPolicy.parse(text) } catch { throw SettingsError("--vuln-sla: \(error)") }
        }
        return settings
    }
}
