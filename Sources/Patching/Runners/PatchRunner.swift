// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A configured way to apply jobs (`--patch-runners FILE`): a program and its arguments, run without a shell, with
/// the job's artefacts as files. Execution is never on by default: without the file, results come by API.
///
/// ```yaml
/// runners:
///   - name: ansible
///     command: [ansible-playbook, -i, "{{inventory}}", --limit, "{{host}}", "{{playbook}}"]
///     scope: asset          # one run per asset (default); `job`: one run whose status stands for every asset
///     ecosystems: [Debian, PyPI]   # the jobs it takes: every line in one of these (default: every job)
///     timeout: 30m
///     environment:
///       ANSIBLE_BECOME_PASSWORD: ${BECOME_PASSWORD}
/// ```
///
/// Placeholders, each one whole argument or part of one: `{{inventory}}` (an Ansible INI inventory of the run's
/// hosts), `{{playbook}}`, `{{script}}`, `{{plan}}` (the job's artefacts as files), `{{job}}` (its id), and with scope
/// `asset` also `{{host}}` and `{{asset}}`. `${NAME}` in `environment` reads the server's environment when the file is
/// loaded: a variable that is not set stops the start. Secret values are masked in the output kept.
public struct PatchRunner: Sendable, Equatable {
    public enum Scope: String, Sendable, CaseIterable { case asset, job }

    public var name: String
    public var command: [String]
    public var scope: Scope
    /// Empty: takes every job.
    public var ecosystems: [String]
    public var timeout: TimeInterval
    /// The variables set for the command, `${NAME}` already read.
    public var environment: [String: String]
    /// The values read from `${NAME}`: masked in the output kept.
    public var secrets: [String]

    public static let placeholders: Set<String> = ["inventory", "playbook", "script", "plan", "job", "host", "asset"]
    public static let maxTimeout: TimeInterval = 24 * 3600

    public init(
        name: String, command: [String], scope: Scope = .asset, ecosystems: [String] = [], timeout: TimeInterval = 1800,
        environment: [String: String] = [:], secrets: [String] = []
    ) {
        self.name = name
        self.command = command
        self.scope = scope
        self.ecosystems = ecosystems
        self.timeout = timeout
        self.environment = environment
        self.secrets = secrets
    }

    /// Whether it takes a job: every line's ecosystem is one it names (or it names none).
    public func takes(_ job: PatchJob) -> Bool {
        ecosystems.isEmpty || job.lines.allSatisfy { line in ecosystems.contains { $0.lowercased() == line.ecosystem.lowercased() } }
    }

    /// The arguments for one run. A value from the job (a host or asset name) that begins with `-` is refused: the
    /// program would read it as an option.
    public func arguments(_ values: [String: String]) throws(PatchRunnerProblem) -> [String] {
        for (name, value) in values where value.hasPrefix("-") && command.contains(where: { $0.contains("{{\(name)}}") }) {
            throw PatchRunnerProblem(message: "the \(name) '\(value.prefix(80))' begins with '-': the program would take it for an option")
        }
        return command.map { argument in
            var text = argument
            for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
            return text
        }
    }

    /// The output as kept: secrets masked, the end kept when it is longer than `PatchJob.outputLimit`.
    public func kept(_ output: String) -> String {
        var text = output
        for secret in secrets where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "****") }
        return String(text.utf8.suffix(PatchJob.outputLimit)) ?? text
    }
}

public struct PatchRunnerProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension PatchRunner {
    /// Reads a runners file; every problem is a ``ConfigError`` with the file and line. `environment` is the
    /// server's (a domain never reads the process environment itself).
    public static func parse(_ text: String, path: String, environment: [String: String]) throws -> [PatchRunner] {
        let root = try ConfigNode.parse(text, path: path)
        try root.only(["runners"])
        let list = try root.required("runners")
        guard let items = list.items, !items.isEmpty else { throw list.fail("'runners' must be a list of at least one runner") }
        var runners: [PatchRunner] = []
        for item in items {
            try item.only(["name", "command", "scope", "ecosystems", "timeout", "environment"])
            let name = try item.required("name").string("name")
            guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw item.fail("'name' must be 1 to 64 letters, digits, '-', '_' and '.'")
            }
            guard !runners.contains(where: { $0.name == name }) else { throw item.fail("two runners are named '\(name)'") }
            let commandNode = try item.required("command")
            guard commandNode.items != nil else {
                throw commandNode.fail("'command' must be a list: the program and each argument (no shell reads it)")
            }
            let command = try commandNode.strings("command")
            guard let program = command.first, !program.isEmpty, !program.contains("{{") else {
                throw commandNode.fail("'command' must start with the program to run")
            }
            let scopeNode = item["scope"]
            let scope = try scopeNode.map { node -> Scope in
                guard let scope = Scope(rawValue: try node.string("scope")) else { throw node.fail("'scope' must be asset or job") }
                return scope
            }
            for argument in command {
                for used in placeholders(in: argument) {
                    guard Self.placeholders.contains(used) else {
                        throw commandNode.fail("unknown placeholder {{\(used)}} (known: \(Self.placeholders.sorted().joined(separator: ", ")))")
                    }
                    if (used == "host" || used == "asset") && scope == .job {
                        throw commandNode.fail("{{\(used)}} needs scope asset: a job-wide run has no single host")
                    }
                }
            }
            let timeout = try item["timeout"]?.duration("timeout") ?? 1800
            guard timeout <= maxTimeout else { throw item["timeout"]!.fail("'timeout' is at most 24h") }
            var values: [String: String] = [:]
            var secrets: [String] = []
            if let node = item["environment"] {
                guard let entries = node.entries else { throw node.fail("'environment' must map variable names to values") }
                for (key, value) in entries {
                    guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                        throw value.fail("'\(key)' is not a variable name (letters, digits and _)")
                    }
                    var text = try value.string(key)
                    for variable in variables(in: text) {
                        guard let secret = environment[variable] else {
                            throw value.fail("${\(variable)} is not set in the server's environment")
                        }
                        text = text.replacingOccurrences(of: "${\(variable)}", with: secret)
                        secrets.append(secret)
                    }
                    values[key] = text
                }
            }
            runners.append(
                PatchRunner(
                    name: name, command: command, scope: scope ?? .asset, ecosystems: try item["ecosystems"]?.strings("ecosystems") ?? [],
                    timeout: timeout, environment: values, secrets: secrets))
        }
        return runners
    }

    static func placeholders(in text: String) -> [String] { names(in: text, open: "{{", close: "}}") }
    static func variables(in text: String) -> [String] { names(in: text, open: "${", close: "}") }

    private static func names(in text: String, open: String, close: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
            found.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
        }
        return found
    }
}
