// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation

/// Patch management's flags: approvals, and how verification by the next inventory runs.
struct PatchingOptions: ParsableArguments {
    @Option(
        name: .customLong("patch-approvers"),
        help: ArgumentHelp(
            "Approvals a patch job needs, each from a different person with patching.approve who did not submit it "
                + "(default 1; env BULWARK_PATCH_APPROVERS).",
            valueName: "N"))
    var patchApprovers: Int?

    @Option(
        name: .customLong("patch-verify-interval"),
        help: ArgumentHelp(
            "How often patch jobs are checked against the assets' newest inventories (default 60s; env BULWARK_PATCH_VERIFY_INTERVAL).",
            valueName: "DURATION"))
    var patchVerifyInterval: String?

    @Option(
        name: .customLong("patch-grace"),
        help: ArgumentHelp(
            "How long after its maintenance window a job's assets may still send the inventory that verifies them before they "
                + "count as failed (default 24h; env BULWARK_PATCH_GRACE).",
            valueName: "DURATION"))
    var patchGrace: String?

    func settings(environment: Environment) throws -> PatchingArea.Settings {
        var settings = PatchingArea.Settings()
        if let text = patchApprovers.map(String.init) ?? environment["BULWARK_PATCH_APPROVERS"] {
            guard let count = Int(text), (1...5).contains(count) else {
                throw SettingsError("--patch-approvers: '\(text)' is not a number from 1 to 5")
            }
            settings.service.requiredApprovals = count
        }
        if let text = patchVerifyInterval ?? environment["BULWARK_PATCH_VERIFY_INTERVAL"] {
            settings.verifyInterval = try ServerSettings.parseDuration(text, flag: "--patch-verify-interval")
        }
        if let text = patchGrace ?? environment["BULWARK_PATCH_GRACE"] {
            settings.service.verificationGrace = try ServerSettings.parseDuration(text, flag: "--patch-grace")
        }
        return settings
    }
}
