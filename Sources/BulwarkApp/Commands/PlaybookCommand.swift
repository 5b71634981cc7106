// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Incidents

/// `bulwark playbook`: list the bundled playbooks, check your own (and automation and response-action files).
struct PlaybookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playbook",
        abstract: "List incident playbooks; check playbook, automation-rule and response-action files.",
        subcommands: [PlaybookListCommand.self, PlaybookCheckCommand.self])
}

struct PlaybookListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the playbooks a server would offer: the bundled ones and those of a directory.",
        discussion: """
            Example:
              bulwark playbook list --dir ./bulwark-data/playbooks
            """)

    @Option(name: .long, help: ArgumentHelp("Your playbook directory (as --playbooks of serve).", valueName: "DIR"))
    var dir: String?

    func run() throws {
        let library = PlaybookLibrary(directory: dir)
        for playbook in library.sorted {
            print(
                "\(playbook.id.padding(toLength: 22, withPad: " ", startingAt: 0)) \(playbook.taskCount) tasks  \(playbook.name)"
                    + (playbook.regulations.isEmpty ? "" : "  [clocks: \(playbook.regulations.map(\.rawValue).joined(separator: ", "))]")
                    + (playbook.source == "bundled" ? "" : "  (\(playbook.source))"))
        }
        for error in library.errors { printError(error.description) }
        if !library.errors.isEmpty { throw ExitCode(2) }
    }
}

struct PlaybookCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate playbook files; with --automation or --actions, those files too. Exit 2 on any error.",
        discussion: """
            Each problem is printed as FILE:LINE: reason. Playbooks named by automation rules must exist among the
            bundled playbooks and the files given.

            Examples:
              bulwark playbook check my-playbooks/*.yml
              bulwark playbook check --automation automation.yml --actions response-actions.yml
            """)

    @Argument(help: ArgumentHelp("Playbook YAML files.", valueName: "FILE"))
    var files: [String] = []

    @Option(name: .long, help: ArgumentHelp("An automation rules file (as --case-automation of serve).", valueName: "FILE"))
    var automation: String?

    @Option(name: .long, help: ArgumentHelp("A response actions file (as --response-actions of serve).", valueName: "FILE"))
    var actions: String?

    func validate() throws {
        if files.isEmpty && automation == nil && actions == nil { throw ValidationError("name playbook files, --automation FILE or --actions FILE") }
    }

    func run() throws {
        var failed = 0
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-playbooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("\(file): cannot read")
                failed += 1
                continue
            }
            do {
                let playbook = try Playbook.parse(String(decoding: data, as: UTF8.self), path: file)
                print("\(file): playbook \(playbook.id) (\(playbook.name)), \(playbook.phases.count) phases, \(playbook.taskCount) tasks")
                try data.write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent((file as NSString).lastPathComponent)))
            } catch {
                printError("\(error)")
                failed += 1
            }
        }
        if let automation {
            do {
                guard let data = FileManager.default.contents(atPath: automation) else { throw ValidationError("\(automation): cannot read") }
                let rules = try AutomationRule.parse(
                    String(decoding: data, as: UTF8.self), path: automation, playbooks: PlaybookLibrary(directory: directory))
                print("\(automation): \(rules.count) automation rules")
            } catch {
                printError("\(error)")
                failed += 1
            }
        }
        if let actions {
            do {
                guard let data = FileManager.default.contents(atPath: actions) else { throw ValidationError("\(actions): cannot read") }
                let parsed = try ResponseAction.parse(String(decoding: data, as: UTF8.self), path: actions)
                print("\(actions): \(parsed.count) response actions (\(parsed.filter(\.requiresApproval).count) need approval)")
            } catch {
                printError("\(error)")
                failed += 1
            }
        }
        if failed > 0 { throw ExitCode(2) }
    }
}
