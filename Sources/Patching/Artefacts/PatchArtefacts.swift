// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The files that apply a job: a shell script, an Ansible playbook and a JSON plan. Names, versions, titles and host
/// names are untrusted (they come from inventories, advisory feeds and users): each package name and version is
/// checked for its ecosystem first, a job holding one that cannot be is refused with the line that holds it, and
/// every value is written as data (shell-quoted; in YAML a JSON string tagged `!unsafe`, which Ansible never
/// templates); comments lose their control characters, so no text ends a comment line.
public enum PatchArtefacts {
    public enum Kind: String, Sendable, CaseIterable {
        case shell, ansible, json

        public var fileExtension: String {
            switch self {
            case .shell: return "sh"
            case .ansible: return "yml"
            case .json: return "json"
            }
        }

        public var contentType: String {
            switch self {
            case .shell: return "text/x-shellscript; charset=utf-8"
            case .ansible: return "application/yaml; charset=utf-8"
            case .json: return "application/json"
            }
        }
    }

    /// Refuses a job whose lines hold a value no package manager should see, naming each line.
    public static func validate(_ job: PatchJob) throws {
        var errors: [FieldError] = []
        for (index, line) in job.lines.enumerated() {
            if PackageManager(ecosystem: line.ecosystem) == nil {
                errors.append(FieldError(field: "lines[\(index)].ecosystem", message: "no package manager is known for \(line.ecosystem)"))
            }
            if let problem = PackageCoordinates.nameProblem(line.package, ecosystem: line.ecosystem) {
                errors.append(FieldError(field: "lines[\(index)].package", message: problem))
            }
            if let problem = PackageCoordinates.versionProblem(line.toVersion) {
                errors.append(FieldError(field: "lines[\(index)].to_version", message: problem))
            }
        }
        guard errors.isEmpty else { throw CoreError.invalid(errors) }
    }

    public static func render(_ kind: Kind, job: PatchJob, generatedAt: Date) throws -> String {
        try validate(job)
        switch kind {
        case .shell: return shell(job, generatedAt: generatedAt)
        case .ansible: return ansible(job, generatedAt: generatedAt)
        case .json: return json(job, generatedAt: generatedAt)
        }
    }

    /// Text for a comment: one line, no control characters.
    static func comment(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || (0x7f...0x9f).contains($0.value) ? " " : $0 }))
    }

    // MARK: Shell

    static func shell(_ job: PatchJob, generatedAt: Date) -> String {
        var out = """
            #!/usr/bin/env bash
            # Bulwark patch job: \(comment(job.title)) (\(job.id))
            # Generated \(Timestamp.format(generatedAt)). Applies the job's package changes on one asset, checking the
            # installed version before and after each. The asset is BULWARK_ASSET, else this host's name.
            # PYTHON names the interpreter whose pip is upgraded (default python3). Reboot: \(job.reboot.rawValue).
            set -euo pipefail
            PYTHON="${PYTHON:-python3}"
            asset="${BULWARK_ASSET:-$(hostname -f 2>/dev/null || hostname)}"
            failed=0

            # report PACKAGE TARGET AFTER: fails the run when the package is not at its target afterwards.
            report() {
              if [ "$3" = "$2" ] || [ "${3#*:}" = "$2" ] || [ "$3" = "${2#*:}" ]; then
                printf '  ok: %s is %s\\n' "$1" "$3"
              else
                printf '  FAILED: %s is %s, expected %s\\n' "$1" "${3:-not installed}" "$2" >&2
                failed=1
              fi
            }

            """
        let assets = job.assets
        for (number, asset) in assets.enumerated() {
            let lines = job.lines(of: asset.assetID)
            out += "\n# \(comment(asset.assetName)): \(lines.count) package changes\n"
            out += "patch_asset_\(number + 1)() {\n"
            out += "  printf '%s\\n' \(Shell.quote("== \(asset.assetName): \(lines.count) package changes"))\n"
            for line in lines {
                guard let manager = PackageManager(ecosystem: line.ecosystem) else { continue }
                let package = Shell.quote(line.package)
                let target = Shell.quote(line.toVersion)
                let about = "\(line.package) \(line.fromVersion) → \(line.toVersion) (\(line.ecosystem)): \(line.findingIDs.count) findings"
                out += "  # \(comment(about))\n"
                out += "  before=\"$(\(manager.installedVersion(line.package)))\"\n"
                out += "  printf '%s: installed %s, target %s\\n' \(package) \"${before:-nothing}\" \(target)\n"
                out += "  if [ \"$before\" != \(target) ]; then\n    \(manager.upgrade(line.package, to: line.toVersion))\n  fi\n"
                if manager.checksAfter {
                    out += "  report \(package) \(target) \"$(\(manager.installedVersion(line.package)))\"\n"
                } else {
                    out += "  printf '  check: %s should now be %s (read the manifest)\\n' \(package) \(target)\n"
                }
            }
            out += "}\n"
        }
        out += "\ncase \"$asset\" in\n"
        for (number, asset) in assets.enumerated() {
            let names = Array(Set([asset.assetName, asset.host])).sorted().map(Shell.quote).joined(separator: " | ")
            out += "  \(names)) patch_asset_\(number + 1) ;;\n"
        }
        let known = assets.map(\.assetName).joined(separator: ", ")
        out += "  *)\n    printf 'this job has no changes for %s (its assets: %s); set BULWARK_ASSET\\n' \"$asset\" \(Shell.quote(known)) >&2\n"
        out += "    exit 2 ;;\nesac\nexit \"$failed\"\n"
        return out
    }

    // MARK: Ansible

    /// A YAML scalar Ansible takes as it is: a JSON string (valid YAML) tagged `!unsafe` (never templated).
    static func yaml(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return "!unsafe " + String(decoding: data, as: UTF8.self).dropFirst().dropLast()
    }

    static func ansible(_ job: PatchJob, generatedAt: Date) -> String {
        var out = """
            ---
            # Bulwark patch job: \(comment(job.title)) (\(job.id))
            # Generated \(Timestamp.format(generatedAt)). One play per asset; hosts are the assets' host names.
            # Variables: bulwark_virtualenv (the virtualenv whose pip packages are upgraded), bulwark_project_dir (where
            # npm, go, cargo, bundler, composer, dotnet and maven run). Reboot: \(job.reboot.rawValue).

            """
        for asset in job.assets {
            let lines = job.lines(of: asset.assetID)
            let system = lines.contains { [.apt, .dnf, .apk].contains(PackageManager(ecosystem: $0.ecosystem)) }
            out += "- name: \(yaml("Patch \(asset.assetName) (\(lines.count) package changes)"))\n"
            out += "  hosts: \(yaml(asset.host))\n  gather_facts: false\n  become: \(system ? "true" : "false")\n  tasks:\n"
            for line in lines {
                guard let manager = PackageManager(ecosystem: line.ecosystem) else { continue }
                out += "    - name: \(yaml("Upgrade \(line.package) \(line.fromVersion) to \(line.toVersion) (\(line.ecosystem))"))\n"
                out += task(manager, line).map { "      " + $0 + "\n" }.joined()
            }
        }
        return out
    }

    static func task(_ manager: PackageManager, _ line: PatchJobLine) -> [String] {
        let (name, version) = (line.package, line.toVersion)
        let project = "chdir: \"{{ bulwark_project_dir | default(omit) }}\""
        func command(_ argv: [String]) -> [String] {
            ["ansible.builtin.command:", "  argv:"] + argv.map { "    - \(yaml($0))" } + ["  \(project)", "changed_when: true"]
        }
        switch manager {
        case .apt: return ["ansible.builtin.apt:", "  name: \(yaml("\(name)=\(version)"))", "  only_upgrade: true"]
        case .dnf: return ["ansible.builtin.dnf:", "  name: \(yaml("\(name)-\(PackageManager.rpmVersion(version))"))", "  state: present"]
        case .apk: return ["community.general.apk:", "  name: \(yaml("\(name)=\(version)"))"]
        case .pip:
            return [
                "ansible.builtin.pip:", "  name: \(yaml(name))", "  version: \(yaml(version))",
                "  virtualenv: \"{{ bulwark_virtualenv | default(omit) }}\"",
            ]
        case .npm:
            return ["community.general.npm:", "  name: \(yaml(name))", "  version: \(yaml(version))", "  path: \"{{ bulwark_project_dir }}\""]
        case .go: return command(["go", "get", "\(name)@\(PackageManager.goVersion(version))"])
        case .cargo: return command(["cargo", "update", "-p", name, "--precise", version])
        case .bundler: return command(["bundle", "update", "--conservative", name])
        case .composer: return command(["composer", "require", "\(name):\(version)"])
        case .dotnet: return command(["dotnet", "add", "package", name, "--version", version])
        case .maven:
            return command(["mvn", "-q", "versions:use-dep-version", "-Dincludes=\(name)", "-DdepVersion=\(version)", "-DforceVersion=true"])
        }
    }

    // MARK: JSON

    struct Plan: Encodable {
        var job: String
        var title: String
        var status: String
        var emergency: Bool
        var reboot: String
        var window: [String: String]?
        var assets: [PlanAsset]
        var generatedAt: String
    }

    struct PlanAsset: Encodable {
        var assetId: String
        var name: String
        var host: String
        var changes: [PlanChange]
    }

    struct PlanChange: Encodable {
        var ecosystem: String
        var package: String
        var manager: String
        var fromVersion: String
        var toVersion: String
        var findingIds: [String]
        var riskRemoved: Double
        var majorUpgrade: Bool
        var command: String
    }

    static func json(_ job: PatchJob, generatedAt: Date) -> String {
        let window: [String: String]? =
            if let start = job.scheduledStart, let end = job.scheduledEnd { ["start": Timestamp.format(start), "end": Timestamp.format(end)] } else {
                nil
            }
        let plan = Plan(
            job: job.id, title: job.title, status: job.status.rawValue, emergency: job.emergency, reboot: job.reboot.rawValue, window: window,
            assets: job.assets.map { asset in
                PlanAsset(
                    assetId: asset.assetID, name: asset.assetName, host: asset.host,
                    changes: job.lines(of: asset.assetID).compactMap { line in
                        guard let manager = PackageManager(ecosystem: line.ecosystem) else { return nil }
                        return PlanChange(
                            ecosystem: line.ecosystem, package: line.package, manager: manager.rawValue, fromVersion: line.fromVersion,
                            toVersion: line.toVersion, findingIds: line.findingIDs, riskRemoved: line.riskRemoved, majorUpgrade: line.majorUpgrade,
                            command: manager.upgrade(line.package, to: line.toVersion))
                    })
            }, generatedAt: Timestamp.format(generatedAt))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(plan)) ?? Data(), as: UTF8.self) + "\n"
    }
}
