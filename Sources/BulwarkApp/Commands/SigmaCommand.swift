// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Detection
import Foundation
import Monitoring

/// `bulwark sigma check|eval`: the Sigma engine offline, for rule authors, scripts and CI pipelines.
struct SigmaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sigma",
        abstract: "Validate Sigma rules and run them over event files, without a server.",
        subcommands: [SigmaCheckCommand.self, SigmaEvalCommand.self])
}

/// Options shared by check and eval: where the logsource mapping and placeholders come from.
struct DetectionConfigOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("YAML file adding logsource mappings, field names and |expand placeholders to the defaults.", valueName: "FILE"))
    var config: String?

    func mapping() throws -> LogsourceMapping {
        guard let config else { return .defaults }
        guard let text = try? String(contentsOfFile: config, encoding: .utf8) else { throw InputError("--config: cannot read \(config)") }
        do {
            return try LogsourceMapping.load(yaml: text, path: config)
        } catch {
            throw InputError("--config: \(error)")
        }
    }
}

struct SigmaCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate Sigma rules (files or directories); exit 2 if any rule is invalid.",
        discussion: """
            Every rule is read and compiled as the server would (YAML, fields, modifiers, condition, correlation and \
            filter references, |expand placeholders). Each invalid rule is listed on standard error as FILE:LINE: reason; \
            a summary follows. Rules whose logsource has no mapping are valid, and counted.

            Example:
              bulwark sigma check rules/ my-rules/custom.yml
            """)

    @Argument(help: ArgumentHelp("Rule files or directories (searched for .yml and .yaml).", valueName: "PATH"))
    var paths: [String]

    @OptionGroup var configuration: DetectionConfigOption

    func validate() throws {
        if paths.isEmpty { throw ValidationError("name at least one rule file or directory") }
    }

    func run() throws {
        let mapping = try configuration.mapping()
        let loaded = SigmaLoader.load(paths: paths)
        var options = SigmaEngine.Options()
        options.selection = .all
        options.ignoreLogsource = true
        let engine = SigmaEngine(rules: loaded.rules, mapping: mapping, options: options)
        let mapped = SigmaEngine(
            rules: loaded.rules.filter { if case .detection = $0.kind { return true } else { return false } }, mapping: mapping,
            options: {
                var options = SigmaEngine.Options()
                options.selection = .all
                return options
            }())
        let errors = (loaded.errors + engine.rejected).sorted { ($0.location.path, $0.location.line) < ($1.location.path, $1.location.line) }
        for error in errors { printError(error.description) }
        let valid = loaded.rules.count - engine.rejected.count
        printError(
            "\(loaded.files) files: \(valid) valid rules (\(engine.rules.count) detection, \(engine.correlations.count) correlation, \(engine.filters.count) filter), \(errors.count) invalid, \(mapped.unmapped.count) with a logsource that has no mapping"
        )
        if !errors.isEmpty { throw ExitCode(2) }
    }
}

struct SigmaEvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run Sigma rules over events (JSON lines) and print one JSON line per match.",
        discussion: """
            EVENTS is a file of JSON objects, one per line (gzip accepted; - for standard input). Nested objects are \
            flattened with dots (winlog.event_data.Image). For each match, in event order, standard output gets
              {"rule_id":"…","title":"…","level":"…","event":N}
            where N is the event's 0-based line number; a correlation rule that fires gives
              {"correlation_id":"…","events":[N,…],"group":{"field":"value"}}
            after the event that completed it. The event time for correlations is read from @timestamp, timestamp, \
            TimeCreated_SystemTime, UtcTime or EventTime (else the line number, as seconds).

            A rule's logsource becomes conditions on the event (for Windows as pySigma's Sysmon and Windows logsource \
            pipelines do: category process_creation on windows is Sysmon event 1 in the Sysmon channel, service security \
            is the Security channel). Rules whose logsource has no mapping do not run; --no-logsource ignores logsource \
            and matches on detection alone. Rules of every status run.

            A summary (rules loaded, rejected, unmapped, events, matches, events per second) goes to standard error; \
            rejected rules and unreadable lines are listed there as FILE:LINE: reason, the rest is evaluated (exit code 1 then).

            Example:
              bulwark sigma eval --rules sigma/rules/windows --events security.jsonl.gz
            """)

    @Option(name: .long, help: ArgumentHelp("Rule file or directory (repeatable).", valueName: "PATH"))
    var rules: [String] = []

    @Option(name: .long, help: ArgumentHelp("JSON lines of events (gzip accepted, - for standard input).", valueName: "FILE"))
    var events: String

    @Flag(name: .long, help: "Ignore logsource: match on detection alone.")
    var noLogsource = false

    @OptionGroup var configuration: DetectionConfigOption

    func validate() throws {
        if rules.isEmpty { throw ValidationError("name at least one --rules PATH") }
    }

    static let timeFields = ["@timestamp", "timestamp", "TimeCreated_SystemTime", "UtcTime", "EventTime"]

    func run() async throws {
        let mapping = try configuration.mapping()
        let loadStart = Date()
        let loaded = SigmaLoader.load(paths: rules)
        var options = SigmaEngine.Options()
        options.selection = .all
        options.ignoreLogsource = noLogsource
        let engine = SigmaEngine(rules: loaded.rules, mapping: mapping, options: options)
        let loadSeconds = Date().timeIntervalSince(loadStart)
        var inputErrors = 0
        for error in loaded.errors + engine.rejected {
            printError(error.description)
            inputErrors += 1
        }

        var output = BufferedOutput()
        var eventCount = 0
        var matchCount = 0
        let start = Date()
        let reader = EventFileReader(path: events)
        do {
            try await reader.read { lines, _ in
                for line in lines {
                    let index = Int64(line.number - 1)
                    guard let object = try? JSONSerialization.jsonObject(with: Data(line.text.utf8)) as? [String: Any] else {
                        printError("\(events):\(line.number): not a JSON object")
                        inputErrors += 1
                        continue
                    }
                    var fields: [String: FieldValue] = [:]
                    JSONFlattener.flatten(object, into: &fields)
                    let time =
                        Self.timeFields.lazy.compactMap { fields[$0].flatMap { TimeParser.parse($0.text)?.date } }.first
                        ?? Date(timeIntervalSince1970: Double(index))
                    eventCount += 1
                    for match in engine.evaluate(DetectionEvent(fields: fields, time: time), reference: index) {
                        matchCount += 1
                        output.write(match)
                    }
                }
                output.flush()
            }
        } catch {
            throw InputError("\(error)")
        }
        for match in engine.flush() {
            matchCount += 1
            output.write(match)
        }
        output.flush()
        let seconds = max(Date().timeIntervalSince(start), 1e-9)
        printError(
            """
            rules: \(engine.rules.count) running, \(engine.correlations.count) correlation, \(engine.rejected.count + loaded.errors.count) rejected, \
            \(engine.unmapped.count) not run (logsource without mapping); loaded in \(String(format: "%.2f", loadSeconds)) s
            events: \(eventCount), matches: \(matchCount), \(Int(Double(eventCount) / seconds)) events/s; \(engine.averageCandidates) rules evaluated per event on average
            """)
        if inputErrors > 0 { throw ExitCode(1) }
    }
}

/// Match lines on standard output, in the exact shape scripts parse.
struct BufferedOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ match: DetectionMatch) {
        switch match {
        case .rule(let match):
            buffer += Array("{\"rule_id\":".utf8) + JSONText.quoted(match.rule.id) + Array(",\"title\":".utf8) + JSONText.quoted(match.rule.title)
            buffer += Array(",\"level\":".utf8) + (match.rule.level.map { JSONText.quoted($0.rawValue) } ?? Array("null".utf8))
            buffer += Array(",\"event\":\(match.event)}\n".utf8)
        case .correlation(let match):
            buffer += Array("{\"correlation_id\":".utf8) + JSONText.quoted(match.rule.id)
            buffer += Array(",\"events\":[\(match.events.map(String.init).joined(separator: ","))],\"group\":{".utf8)
            for (index, item) in match.group.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer += JSONText.quoted(item.field) + [UInt8(ascii: ":")] + JSONText.quoted(item.value)
            }
            buffer += Array("}}\n".utf8)
        }
        if buffer.count > 1 << 16 { flush() }
    }

    /// Any line of text; a newline is added.
    mutating func line(_ text: String) {
        buffer += Array(text.utf8)
        buffer.append(0x0a)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

enum JSONText {
    static func quoted(_ text: String) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return Array(data.dropFirst().dropLast())
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
