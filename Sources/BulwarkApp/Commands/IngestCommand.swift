// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Monitoring

/// `bulwark ingest FILE…`: events from files, into the local database or a running server.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest events from files: JSON lines, syslog or other log lines, Windows event JSON; gzip accepted.",
        discussion: """
            Each line becomes one event: a JSON object keeps its fields (Windows events in the flat, Winlogbeat and NXLog \
            shapes are recognised), any other line is parsed as syslog and by the application parsers (sshd, sudo, su, PAM, \
            Linux audit, access logs, key=value). A file that is a JSON array is read element by element. Use - for standard input.

            Without --server the events go into the database of --data/--database; with --server URL --token TOKEN they are \
            sent to a running Bulwark (a token with the ingest scope), which answers only once they are stored (the server \
            is not told the file's name, so those events carry no log.file.path).

            Lines that cannot be ingested are listed on standard error as FILE:LINE: reason; the rest are ingested and the \
            exit code is 1 (see `bulwark --help`). A progress bar shows on a terminal; a summary is printed at the end.

            Examples:
              bulwark ingest /var/log/auth.log
              bulwark ingest --format json winlogbeat-*.json.gz --server https://bulwark.example --token bwk_…
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto, json, syslog
    }

    @Argument(help: ArgumentHelp("Files to read (- for standard input).", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: "auto (JSON objects, else syslog/text), json (every line must be a JSON object) or syslog.")
    var format: Format = .auto

    @Option(name: .long, help: ArgumentHelp("Send to this running Bulwark instead of the local database.", valueName: "URL"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("API token with the ingest scope, for --server (env BULWARK_TOKEN).", valueName: "TOKEN"))
    var token: String?

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one FILE (or - for standard input)") }
    }

    func run() async throws {
        let started = Date()
        let progress = Progress(enabled: isatty(STDERR_FILENO) != 0)
        var totals = Totals()
        if let server {
            guard let token = token ?? Environment()["BULWARK_TOKEN"] else { throw InputError("--server needs --token TOKEN (or BULWARK_TOKEN)") }
            guard let base = URL(string: server), base.scheme == "http" || base.scheme == "https" else {
                throw InputError("--server: '\(server)' is not an http(s) URL")
            }
            let sender = RemoteSender(base: base, token: token, format: format)
            for file in files { try await ingest(file, progress: progress, totals: &totals) { lines in try await sender.send(lines, file: file) } }
        } else {
            let platform = try await openPlatform(storage)
            let monitoring = platform.monitoring.service
            let writer = Task { await monitoring.pipeline.run() }
            do {
                for file in files {
                    try await ingest(file, progress: progress, totals: &totals) { lines in
                        let (events, rejected) = convert(lines, file: file, normaliser: monitoring.normaliser)
                        try await monitoring.pipeline.submit(events)
                        return (events.count, rejected)
                    }
                }
            } catch {
                await monitoring.pipeline.shutdown()
                await writer.value
                await platform.close()
                throw error
            }
            await monitoring.pipeline.shutdown()
            await writer.value
            await platform.close()
        }
        let seconds = max(0.001, Date().timeIntervalSince(started))
        let rate = Int(Double(totals.accepted) / seconds)
        FileHandle.standardError.write(
            Data(
                "ingested \(totals.accepted) events from \(files.count) file\(files.count == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s (\(rate) events/s); \(totals.rejected) rejected\n"
                    .utf8))
        if totals.rejected > 0 { throw ExitCode(1) }
    }

    struct Totals {
        var accepted = 0
        var rejected = 0
    }

    /// Reads one file in batches and hands each to `sink`, which returns how many it took and the lines it refused.
    private func ingest(
        _ file: String, progress: Progress, totals: inout Totals,
        _ sink: ([EventFileReader.Line]) async throws -> (Int, [(Int, String)])
    ) async throws {
        let reader = EventFileReader(path: file)
        let size = reader.size
        var accepted = 0
        var rejected = 0
        do {
            try await reader.read { lines, bytesRead in
                let (count, refused) = try await sink(lines)
                accepted += count
                rejected += refused.count
                for (line, reason) in refused.prefix(max(0, 100 - rejected + refused.count)) {
                    progress.clear()
                    FileHandle.standardError.write(Data("\(file):\(line): \(reason)\n".utf8))
                }
                progress.show(file: file, done: bytesRead, total: size, events: accepted)
            }
        } catch let error as EventFileReader.Failure {
            progress.clear()
            throw InputError(error.description)
        }
        progress.finish(file: file, events: accepted)
        if rejected > 100 { FileHandle.standardError.write(Data("\(file): \(rejected - 100) more lines rejected\n".utf8)) }
        totals.accepted += accepted
        totals.rejected += rejected
    }

    /// Lines to events by `--format`; the lines refused, with why.
    private func convert(_ lines: [EventFileReader.Line], file: String, normaliser: Normaliser) -> ([Event], [(Int, String)]) {
        let received = Date()
        var events: [Event] = []
        var refused: [(Int, String)] = []
        for line in lines where !line.text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            var event: Event
            switch format {
            case .auto:
                event = normaliser.line(line.text, input: "file", received: received)
            case .syslog:
                event = normaliser.syslog(line.text, input: "file", received: received)
            case .json:
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.text.utf8)) as? [String: Any] else {
                    refused.append((line.number, "not a JSON object"))
                    continue
                }
                event = normaliser.json(object, raw: line.text, input: "file", received: received)
            }
            if event.fields["log.file.path"] == nil { event.fields["log.file.path"] = .string(file) }
            events.append(event)
        }
        return (events, refused)
    }
}

/// Sends lines to `POST /api/v1/ingest` as NDJSON (other lines as JSON strings), retrying when the server is busy.
struct RemoteSender: Sendable {
    let base: URL
    let token: String
    let format: IngestCommand.Format

    func send(_ lines: [EventFileReader.Line], file: String) async throws -> (Int, [(Int, String)]) {
        var body = ""
        var numbers: [Int] = []
        var refused: [(Int, String)] = []
        for line in lines where !line.text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            let isObject = line.text.first == "{" && (try? JSONSerialization.jsonObject(with: Data(line.text.utf8))) is [String: Any]
            if format == .json && !isObject {
                refused.append((line.number, "not a JSON object"))
                continue
            }
            if isObject && format != .syslog {
                body += line.text
            } else {
                let data = (try? JSONSerialization.data(withJSONObject: line.text, options: [.fragmentsAllowed])) ?? Data("\"\"".utf8)
                body += String(decoding: data, as: UTF8.self)
            }
            body += "\n"
            numbers.append(line.number)
        }
        if numbers.isEmpty { return (0, refused) }
        var request = URLRequest(url: base.appendingPathComponent("api/v1/ingest"))
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/x-ndjson", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        for attempt in 1...30 {
            let (data, response): (Data, URLResponse)
            do {
                (data, response) = try await URLSession.shared.data(for: request)
            } catch {
                throw InputError("\(base.absoluteString): \(error.localizedDescription)")
            }
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            if status == 429 || status == 503 {
                let wait = Double((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Retry-After") ?? "") ?? Double(min(attempt, 5))
                try await Task.sleep(for: .seconds(wait))
                continue
            }
            guard status == 200 else {
                let message = ((json["error"] as? [String: Any])?["message"] as? String) ?? String(decoding: data.prefix(300), as: UTF8.self)
                throw InputError("\(base.absoluteString) answered \(status): \(message)")
            }
            let accepted = json["accepted"] as? Int ?? 0
            let errors = (json["errors"] as? [[String: Any]] ?? []).map { error -> (Int, String) in
                let line = error["line"] as? Int ?? 0
                return (line >= 1 && line <= numbers.count ? numbers[line - 1] : line, error["message"] as? String ?? "rejected")
            }
            return (accepted, refused + errors)
        }
        throw InputError("\(base.absoluteString) stayed busy; \(file) was not fully sent")
    }
}

/// A one-line progress bar on standard error, when it is a terminal.
final class Progress: @unchecked Sendable {
    let enabled: Bool
    private var last = Date.distantPast
    init(enabled: Bool) { self.enabled = enabled }

    func show(file: String, done: Int64, total: Int64, events: Int) {
        guard enabled, Date().timeIntervalSince(last) > 0.2 else { return }
        last = Date()
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
        let filled = Int(fraction * 30)
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        FileHandle.standardError.write(
            Data("\r\((file as NSString).lastPathComponent.prefix(30))  \(bar) \(Int(fraction * 100))%  \(events) events\u{1B}[K".utf8))
    }

    func clear() {
        if enabled { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    func finish(file: String, events: Int) {
        guard enabled else { return }
        FileHandle.standardError.write(
            Data("\r\((file as NSString).lastPathComponent.prefix(30))  \(String(repeating: "█", count: 30)) 100%  \(events) events\u{1B}[K\n".utf8))
    }
}
