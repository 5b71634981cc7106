// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing
@testable import Monitoring

@Suite struct QueryTests {
    @Test func aQuotedValueMatchesItselfWhateverItHolds() throws {
        let value = #"C:\Temp\"a b" OR x*"#
        #expect(QueryParser.quoted(value) == #""C:\\Temp\\\"a b\" OR x*""#)
        let event = Event(timestamp: Self.now, received: Self.now, host: "h", input: "test", raw: "", fields: ["file.path": .string(value)])
        #expect(QueryMatcher.matches(try parse("file.path:" + QueryParser.quoted(value)), event))
        let other = Event(timestamp: Self.now, received: Self.now, host: "h", input: "test", raw: "", fields: ["file.path": .string("x")])
        #expect(!QueryMatcher.matches(try parse("file.path:" + QueryParser.quoted(value)), other), "the OR and the * stay inside the value")
    }

    static let now = Date(timeIntervalSince1970: 1_795_924_800)

    func parse(_ text: String) throws -> QueryNode { try QueryParser.parse(text, now: Self.now) }

    @Test func grammar() throws {
        #expect(try parse("") == .all)
        #expect(try parse("Failed") == .words(["failed"], prefix: false))
        #expect(try parse("\"failed password\"") == .words(["failed", "password"], prefix: false))
        #expect(try parse("10.0.0.5") == .words(["10", "0", "0", "5"], prefix: false))
        #expect(try parse("pass*") == .words(["pass"], prefix: true))
        #expect(try parse("*word*") == .rawPattern("*word*"))
        #expect(try parse("user.name:root") == .field("user.name", .equals("root")))
        #expect(try parse("user.name:\"a b\"") == .field("user.name", .equals("a b")))
        #expect(try parse("source.ip:10.*") == .field("source.ip", .pattern("10.*")))
        #expect(try parse("user.name:*") == .field("user.name", .exists))
        #expect(try parse("port>=22") == .field("port", .compare(.greaterOrEqual, 22)))
        #expect(try parse("port:<1024") == .field("port", .compare(.less, 1024)))
        #expect(try parse("@timestamp>now-1h") == .field("@timestamp", .compare(.greater, (Self.now.timeIntervalSince1970 - 3600) * 1000)))
        #expect(try parse("a b OR c") == .or([.and([.words(["a"], prefix: false), .words(["b"], prefix: false)]), .words(["c"], prefix: false)]))
        #expect(
            try parse("a AND (b OR c)") == .and([.words(["a"], prefix: false), .or([.words(["b"], prefix: false), .words(["c"], prefix: false)])]))
        #expect(try parse("NOT a") == .not(.words(["a"], prefix: false)))
        #expect(try parse("-user.name:root") == .not(.field("user.name", .equals("root"))))
        #expect(try parse("x -y") == .and([.words(["x"], prefix: false), .not(.words(["y"], prefix: false))]))
    }

    @Test(arguments: [
        ("(a OR b", 0, "never closed"),
        ("a OR", 3, "ends where a term"),
        ("a )", 2, "no matching"),
        ("port>abc", 5, "not a number"),
        ("@timestamp>yesterday", 11, "not a time"),
        ("\"open quote", 0, "never closed"),
        ("AND a", 0, "expected a term"),
        ("user.name:", 10, "a value must follow"),
    ])
    func errorsPointAtThePosition(_ text: String, _ position: Int, _ message: String) {
        do {
            _ = try parse(text)
            Issue.record("\(text) parsed")
        } catch let error as QueryError {
            #expect(error.position == position, "\(text): \(error)")
            #expect(error.message.contains(message), "\(text): \(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    static let event = Event(
        timestamp: now, received: now, host: "web-01", input: "syslog-udp",
        raw: "<38>Nov 28 web-01 sshd[1]: Failed password for root from 10.0.0.5 port 4242 ssh2",
        fields: [
            "user.name": .string("Root"), "source.port": .int(4242), "event.category": .list([.string("authentication"), .string("network")]),
            "flag": .bool(true), "code": .string("4625"), "empty": .null,
        ])

    @Test(arguments: [
        ("failed", true), ("FAILED password", true), ("\"password for\"", true), ("\"for password\"", false), ("passw*", true),
        ("assword", false), ("*assword*", true), ("10.0.0.5", true), ("10.0.0.6", false),
        ("user.name:root", true), ("user.name:ro*", true), ("user.name:r?ot", true), ("user.name:admin", false),
        ("event.category:network", true), ("event.category:auth*", true), ("flag:true", true), ("empty:*", false),
        ("missing:*", false), ("user.name:*", true), ("source.port>4000", true), ("source.port<=4000", false), ("code>=4625", true),
        ("host.name:WEB-01", true), ("event.input:syslog-udp", true), ("@timestamp>=now-1m", true), ("@timestamp<now-1m", false),
        ("failed AND NOT user.name:root", false), ("admin OR user.name:root", true), ("-missing:*", true),
    ])
    func matcher(_ query: String, _ expected: Bool) throws {
        #expect(QueryMatcher.matches(try parse(query), Self.event) == expected, "\(query)")
    }
}
