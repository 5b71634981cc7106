// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Patching

/// Patch management's flags: approvals, runners, the major-upgrade policy, and how verification by the next inventory runs.
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

    @Option(
        name: .customLong("patch-runners"),
        help: ArgumentHelp(
            "YAML file of the commands that apply scheduled patch jobs in their maintenance windows (an argv template such as "
                + "ansible-playbook -i {{inventory}} {{playbook}}, a timeout, ${VAR} secrets); none runs without it: results then come by "
                + "POST /api/v1/patch-jobs/{id}/results (env BULWARK_PATCH_RUNNERS).",
            valueName: "FILE"))
    var patchRunners: String?

    @Option(
        name: .customLong("patch-policy"),
        help: ArgumentHelp(
            "YAML file that holds major-version upgrades back per ecosystem or asset tag (default: allowed, and flagged) "
                + "(env BULWARK_PATCH_POLICY).",
            valueName: "FILE"))
    var patchPolicy: String?

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
        if let path = patchRunners ?? environment["BULWARK_PATCH_RUNNERS"] {
            let text = try ServerSettings.readConfigFile(path, flag: "--patch-runners")
            // `${VAR}` names a variable of the process explicitly, so it is read even where BULWARK_* settings are not (demo).
            let variables = ProcessInfo.processInfo.environment
            do { settings.runners = try PatchRunner.parse(text, path: path, environment: variables) } catch {
                throw SettingsError("--patch-runners: \(error)")
            }
        }
        if let path = patchPolicy ?? environment["BULWARK_PATCH_POLICY"] {
            let text = try ServerSettings.readConfigFile(path, flag: "--patch-policy")
            do { settings.service.policy = try PatchPolicy.parse(text, path: path) } catch { throw SettingsError("--patch-policy: \(error)") }
        }
        return settings
    }
}
