// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Monitoring

/// `bulwark events …`: search, sources and purge, on the local database.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Search stored events, list log sources, purge old events.",
        subcommands: [Search.self, Sources.self, Purge.self])

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Search events; prints {\"total\":N,\"events\":[…],\"next\":\"…\"} as the API does.",
            discussion: """
                The query language: words and "quoted phrases" in the raw text (word* for a prefix, *part* for a substring); \
                field:value (case-insensitive), field:val* (wildcards), field:* (present); field>10, field<=2.5; \
                @timestamp>=2026-01-31T00:00:00Z or @timestamp>now-1h; AND, OR, NOT (or -term), parentheses. Terms side by \
                side must all match. Errors give the position of the problem.

                Examples:
                  bulwark events search 'process.name:sshd AND event.outcome:failure' --from now-24h
                  bulwark events search '"invalid user" OR source.ip:10.0.0.*' --format lines
                """)

        @Argument(help: "The query (empty matches everything).")
        var query: String = ""

        @Option(name: .long, help: "Start (inclusive): RFC 3339 time, date, or now-15m / now-24h / now-7d.")
        var from: String?

        @Option(name: .long, help: "End (exclusive), same forms.")
        var to: String?

        @Option(name: .long, help: "Events to print, 1–500.")
        var limit: Int = 50

        @Option(name: .long, help: "Continue from a previous result's `next`.")
        var cursor: String?

        @Option(name: .long, help: "json (the API's answer) or lines (time, host, message).")
        var format: String = "json"

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard (1...500).contains(limit) else { throw InputError("--limit: must be from 1 to 500") }
            guard format == "json" || format == "lines" else { throw InputError("--format: must be json or lines") }
            let now = Date()
            func time(_ text: String?, _ flag: String) throws -> Date? {
                guard let text else { return nil }
                guard let date = QueryParser.parseTime(text, now: now) else {
                    throw InputError("\(flag): '\(text)' is not a time (2026-01-31T12:00:00Z, 2026-01-31 or now-15m)")
                }
                return date
            }
            let eventQuery: EventQuery
            do {
                eventQuery = try EventQuery(query, from: try time(from, "--from"), to: try time(to, "--to"), now: now)
            } catch let error as QueryError {
                throw InputError("query: \(error.description)\n  \(query)\n  \(String(repeating: " ", count: error.position))^")
            }
            let platform = try await openPlatform(storage, existing: true)
            let result: EventSearchResult
            do {
                result = try await platform.monitoring.events.search(eventQuery, limit: limit, cursor: cursor)
            } catch {
                await platform.close()
                throw InputError("\(error)")
            }
            await platform.close()
            if format == "lines" {
                for stored in result.events {
                    let event = stored.event
                    print(
                        "\(Timestamp.format(event.timestamp)) \(event.host.isEmpty ? "-" : event.host) \(event.fields["message"]?.text ?? event.raw)")
                }
                FileHandle.standardError.write(Data("\(result.total) events match\(result.next.map { "; more with --cursor \($0)" } ?? "")\n".utf8))
            } else {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                let data = try encoder.encode(result)
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    struct Sources: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every host and input seen, with last-seen time, events and rate.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let platform = try await openPlatform(storage, existing: true)
            let sources = try await platform.monitoring.events.sources()
            await platform.close()
            print("HOST\tINPUT\tLAST SEEN\tEVENTS\tPER MIN\tSTATUS")
            for source in sources {
                print(
                    "\(source.host.isEmpty ? "-" : source.host)\t\(source.input)\t\(Timestamp.format(source.lastSeen))\t\(source.events)\t\(String(format: "%.1f", source.eventsPerMinute))\t\(source.silentSince.map { "silent since \(Timestamp.format($0))" } ?? "active")"
                )
            }
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete events older than a date (by @timestamp); recorded in the audit log.",
            discussion: "Example: bulwark events purge --before 2026-01-01")

        @Option(name: .long, help: "RFC 3339 time or date; events before it are deleted.")
        var before: String

        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard let date = TimeParser.iso(before)?.date else { throw InputError("--before: '\(before)' is not a date or RFC 3339 time") }
            let platform = try await openPlatform(storage, existing: true)
            let monitoring = platform.monitoring.service
            let deleted: Int
            do {
                deleted = try await monitoring.purge(before: date, actor: "cli", source: "cli")
            } catch {
                await platform.close()
                throw InputError("\(error)")
            }
            await platform.close()
            print("deleted \(deleted) events before \(Timestamp.format(date))")
        }
    }
}
