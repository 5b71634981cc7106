// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Detection
import Foundation
import Testing

@Suite struct IndicatorTests {
    @Test func valuesAreClassifiedAndNormalised() {
        #expect(Indicator.classify("203.0.113.7")?.0 == .ip)
        #expect(Indicator.classify("2001:DB8::1")?.1 == "2001:db8::1")
        #expect(Indicator.classify("10.0.0.0/8")?.0 == .cidr)
        #expect(Indicator.classify("Evil.Example.COM.")?.1 == "evil.example.com")
        #expect(Indicator.classify("HTTP://Evil.com:80/a?b=1#frag")?.1 == "http://evil.com/a?b=1")
        #expect(Indicator.classify(String(repeating: "A", count: 32))?.0 == .md5)
        #expect(Indicator.classify(String(repeating: "b", count: 40))?.0 == .sha1)
        #expect(Indicator.classify(String(repeating: "c", count: 64))?.0 == .sha256)
        #expect(Indicator.classify("Bad.Actor@Example.org")?.1 == "bad.actor@example.org")
        #expect(Indicator.classify("not an indicator") == nil)
        #expect(Indicator.classify("999.1.1.1") == nil)
    }

    @Test func csvReportsEachRowItLeavesOut() throws {
        let csv = """
            type,value,confidence,expires,description
            ip,203.0.113.7,90,2030-01-01,C2
            ,evil.example.com,,,
            sha256,nothex,50,,
            ip,198.51.100.1,150,,
            domain,ok.example.net,40,someday,
            """
        let result = try IndicatorImport.parse(Data(csv.utf8), format: .csv, source: "feed", now: Date())
        #expect(result.indicators.map(\.value) == ["203.0.113.7", "evil.example.com"])
        #expect(result.indicators.first?.confidence == 90)
        #expect(result.rejected.map(\.place) == ["line 4", "line 5", "line 6"])
        #expect(result.rejected[1].reason.contains("confidence"))
        #expect(throws: (any Error).self) { try IndicatorImport.parse(Data("a,b\n1,2\n".utf8), format: .csv, source: "x", now: Date()) }
    }

    @Test func stixBundleIndicators() throws {
        let bundle = """
            {"type":"bundle","id":"bundle--1","objects":[
             {"type":"indicator","spec_version":"2.1","id":"indicator--a","pattern_type":"stix","confidence":85,"name":"C2",
              "pattern":"[ipv4-addr:value = '198.51.100.9'] OR [domain-name:value = 'c2.example.org']","valid_from":"2026-01-01T00:00:00Z"},
             {"type":"indicator","spec_version":"2.1","id":"indicator--b","pattern_type":"stix",
              "pattern":"[file:hashes.'SHA-256' = '\(String(repeating: "a", count: 64))']","valid_until":"2020-01-01T00:00:00Z"},
             {"type":"indicator","spec_version":"2.1","id":"indicator--c","pattern_type":"sigma","pattern":"title: x"},
             {"type":"indicator","spec_version":"2.1","id":"indicator--d","pattern_type":"stix","pattern":"[url:value = 'https://bad.example/x']"},
             {"type":"malware","id":"malware--e","name":"not an indicator"}]}
            """
        let result = try IndicatorImport.parse(Data(bundle.utf8), format: IndicatorImport.detect(Data(bundle.utf8)), source: "stix", now: Date())
        #expect(result.indicators.map(\.value) == ["198.51.100.9", "c2.example.org", "https://bad.example/x"])
        #expect(result.indicators.first?.confidence == 85)
        #expect(result.rejected.count == 2)
        #expect(result.rejected.contains { $0.place.contains("indicator--b") && $0.reason.contains("expired") })
        #expect(result.rejected.contains { $0.place.contains("indicator--c") && $0.reason.contains("sigma") })
    }

    @Test func mispFeedEvent() throws {
        let event = """
            {"Event":{"info":"Phishing wave","Tag":[{"name":"tlp:amber"}],"Attribute":[
              {"type":"ip-dst|port","value":"192.0.2.44|443","to_ids":true,"uuid":"u1"},
              {"type":"domain","value":"login-micros0ft.example","to_ids":true,"uuid":"u2"},
              {"type":"comment","value":"context only","to_ids":false,"uuid":"u3"},
              {"type":"yara","value":"rule x {}","to_ids":true,"uuid":"u4"},
              {"type":"md5","value":"zz","to_ids":true,"uuid":"u5"}],
             "Object":[{"Attribute":[{"type":"filename|sha1","value":"invoice.exe|\(String(repeating: "1", count: 40))","to_ids":true,"uuid":"u6"}]}]}}
            """
        let result = try IndicatorImport.parse(Data(event.utf8), format: IndicatorImport.detect(Data(event.utf8)), source: "misp", now: Date())
        #expect(result.indicators.map(\.kind) == [.ip, .domain, .sha1])
        #expect(result.indicators.first?.value == "192.0.2.44")
        #expect(result.indicators.first?.tags == ["tlp:amber"])
        #expect(result.rejected.map { $0.place.contains("u4") || $0.place.contains("u5") } == [true, true])
    }

    @Test func indexMatchesTheRelevantFields() {
        let now = Date()
        let indicators = [
            Indicator(kind: .ip, value: "203.0.113.7", source: "t", createdAt: now),
            Indicator(kind: .cidr, value: "198.51.100.0/24", source: "t", createdAt: now),
            Indicator(kind: .domain, value: "evil.example.com", source: "t", createdAt: now),
            Indicator(kind: .sha256, value: String(repeating: "a", count: 64), source: "t", createdAt: now),
            Indicator(kind: .url, value: "http://bad.example/x", source: "t", createdAt: now),
            Indicator(kind: .email, value: "x@bad.example", source: "t", expiresAt: now.addingTimeInterval(-1), createdAt: now),
        ]
        let index = IntelIndex(indicators, now: now)
        #expect(index.count == 5)
        func hits(_ fields: [String: FieldValue]) -> [String] { index.matches(fields, now: now).map(\.indicator.value) }
        #expect(hits(["destination.ip": .string("203.0.113.7")]) == ["203.0.113.7"])
        #expect(hits(["source.ip": .string("198.51.100.77")]) == ["198.51.100.0/24"])
        #expect(hits(["dns.question.name": .string("a.b.EVIL.example.com")]) == ["evil.example.com"])
        #expect(hits(["dns.question.name": .string("notevil.example.com")]).isEmpty)
        #expect(hits(["Hashes": .string("MD5=00,SHA256=\(String(repeating: "A", count: 64))")]) == [String(repeating: "a", count: 64)])
        #expect(hits(["url.original": .string("HTTP://bad.example/x")]) == ["http://bad.example/x"])
        #expect(hits(["url.original": .string("https://www.evil.example.com/login")]) == ["evil.example.com"])
        #expect(hits(["email.from.address": .string("x@bad.example")]).isEmpty)  // expired
        #expect(hits(["message": .string("203.0.113.7")]).isEmpty)  // only the named fields are looked at
    }
}
