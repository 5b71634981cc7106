// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Testing
@testable import Monitoring

/// Data-driven: each fixture line is a real-world log line or JSON event and the fields it must yield.
@Suite struct NormaliserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var isJSON: Bool
        var expect: [String: FieldValue]
        var testDescription: String { name }
    }

    /// 2026-11-29T04:00:00Z: the receipt time every case uses.
    static let received = Date(timeIntervalSince1970: 1_795_924_800)

    static func load(_ file: String, key: String) -> [Case] {
        let url = Bundle.module.url(forResource: "Fixtures/\(file)", withExtension: "jsonl")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").map { line in
            let object = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let input: String
            if key == "line" {
                input = object["line"] as! String
            } else {
                input = String(decoding: try! JSONSerialization.data(withJSONObject: object["event"]!), as: UTF8.self)
            }
            let expect = (object["expect"] as! [String: Any]).mapValues { FieldValue(json: $0) }
            return Case(name: object["case"] as! String, input: input, isJSON: key == "event", expect: expect)
        }
    }

    static let syslogCases = load("syslog-lines", key: "line")
    static let jsonCases = load("json-events", key: "event")

    @Test(arguments: syslogCases + jsonCases)
    func fixture(_ fixture: Case) {
        let event = Normaliser().line(fixture.input, input: "test", received: Self.received)
        #expect(event.raw == fixture.input)
        for (field, expected) in fixture.expect {
            if field == "@timestamp" {
                let wanted = expected.text == "RECEIVED" ? Timestamp.format(Self.received) : expected.text
                #expect(Timestamp.format(event.timestamp) == wanted, "@timestamp")
                continue
            }
            let actual = event.fields[field]
            #expect(actual?.text == expected.text, "\(field): \(String(describing: actual)) ≠ \(expected)")
        }
        #expect(event.host == (event.fields["host.name"]?.text ?? ""))
    }

    @Test func unknownTextIsKeptWhole() {
        let line = "\u{1}binary\u{7f} garbage ünïcode"
        let event = Normaliser().syslog(line, input: "syslog-udp", received: Self.received, peer: "192.0.2.1")
        #expect(event.raw == line)
        #expect(event.fields["message"]?.text == line)
        #expect(event.host == "192.0.2.1", "the sender's address stands in for a missing hostname")
    }

    @Test func bsdTimestampTakesTheYearNearestReceipt() {
        // Received on 2 January: a December line is from the year before.
        let january = Date(timeIntervalSince1970: 1_767_312_000)  // 2026-01-02T00:00:00Z
        let event = Normaliser().syslog("<13>Dec 31 23:59:00 h app: x", input: "t", received: january)
        #expect(Timestamp.format(event.timestamp) == "2025-12-31T23:59:00.000Z")
    }

    @Test func futureToleranceIsConfigurable() {
        let soon = Self.received.addingTimeInterval(600)
        let line = "<13>1 \(Timestamp.format(soon)) h app - - - ahead"
        #expect(Normaliser().syslog(line, input: "t", received: Self.received).timestamp == soon.addingTimeInterval(0).rounded)
        let strict = Normaliser(timestamps: TimestampPolicy(futureTolerance: 60)).syslog(line, input: "t", received: Self.received)
        #expect(strict.timestamp == Self.received)
        #expect(strict.fields["bulwark.timestamp_issue"] == .string("future"))
    }
}

extension Date {
    /// Milliseconds, as Timestamp.format keeps them.
    var rounded: Date { Date(timeIntervalSince1970: (timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
}
