// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Monitoring
import Vulnerabilities
import BulwarkTesting
import Testing

@testable import Web

/// Response bodies as types keep the API's shape: snake_case keys, RFC 3339 times, and every key of the schema
/// present (null when there is no value), as the dictionaries they replace wrote them.
@Suite struct ResponseBodyTests {
    @Test func anAlertIsWrittenWithEveryKeyAndNullsWhereNothingIsKnown() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let alert = Alert(
            title: "Brute force", source: .sigma, ruleID: nil, severity: .high, tags: ["attack.t1110", "ssh"], host: "web-1",
            groupKey: "k", eventIDs: [7, 9], firstEventAt: at, lastEventAt: at, createdAt: at)
        let object = try #require(AlertBody(alert).jsonObject as? [String: Any])
        for key in ["rule_id", "asset_id", "assignee", "acknowledged_at", "acknowledged_by", "closed_at", "closed_by", "close_reason"] {
            #expect(object[key] is NSNull, "\(key) is written as null")
        }
        #expect(object["event_ids"] as? [Int] == [7, 9])
        #expect(object["first_event_at"] as? String == Timestamp.format(at))
        #expect(object["attack"] as? [String] == ["attack.t1110"])
        #expect(object.keys.allSatisfy { $0 == $0.lowercased() && !$0.contains("I_D") }, "snake_case: \(object.keys.sorted())")
        #expect(object.count == 25)
        let list = try #require(AlertListBody(alerts: [], next: nil).jsonObject as? [String: Any])
        #expect(list["next"] is NSNull)
    }

    @Test func aCaseWithItsRecordsIsOneObjectWithTheCasesKeysAndTheRecordsBesideThem() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let item = Case(title: "Ransomware on ws-042", severity: .critical, createdAt: at, createdBy: "ann", detectedAt: at)
        let body = CaseBody(item, regulatory: RegulatorySettings(), now: at)
        let object = try #require(body.jsonObject as? [String: Any])
        #expect(object.count == 38, "the keys the dictionary had: \(object.keys.sorted())")
        for key in ["assignee", "merged_into", "resolution", "aware_at", "first_event_at", "acknowledged_at", "time_to_detect"] {
            #expect(object[key] is NSNull, "\(key) is written as null")
        }
        #expect(object["detected_at"] as? String == Timestamp.format(at))
        #expect(object["alert_ids"] as? [String] == [])
        let detail = CaseDetailBody(item: body, tasks: [], observables: [], timeline: [], evidence: [], actions: [], comments: [])
        let merged = try #require(detail.jsonObject as? [String: Any])
        #expect(Set(merged.keys) == Set(object.keys).union(["tasks", "observables", "timeline", "evidence", "actions", "comments"]))
        #expect(merged["reference"] as? String == item.reference)
    }

    @Test func aRuleIsListedWithoutItsDetailsAndShownWithThem() async throws {
        try await Harness.with(rules: ["r.yml": ResponseSchemaTests.rule]) { harness in
            let info = try #require(await harness.detection.rule(id: "5c1e0a7e-0000-4000-8000-00000000a001"))
            let listed = try #require(RuleBody(info, full: false).jsonObject as? [String: Any])
            let shown = try #require(RuleBody(info, full: true).jsonObject as? [String: Any])
            #expect(listed["description"] == nil && listed["author"] == nil, "the list leaves the details out")
            #expect(shown["author"] is NSNull, "a rule's own answer writes what it lacks as null")
            #expect(shown["falsepositives"] as? [String] == [])
            #expect(Set(shown.keys) == Set(listed.keys).union(["description", "author", "references", "falsepositives", "date", "modified"]))
            #expect(listed["status"] is NSNull && listed["level"] as? String == "low")
            #expect((listed["logsource"] as? [String: Any])?["category"] is NSNull)
        }
    }

    @Test func anEventKeepsItsFieldNamesAsTheyCameAndWritesWhatIsNotANumberAsNull() throws {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let event = StoredEvent(
            id: 42,
            event: Event(
                timestamp: at, received: at, host: "dc-1", input: "http", raw: "{}",
                fields: ["winlog.event_data.SubjectUserName": .string("ann"), "ratio": .double(.nan), "ports": .list([.int(22), .null])]))
        let object = try #require(event.jsonObject as? [String: Any])
        #expect(Set(object.keys) == ["id", "@timestamp", "received", "host", "input", "raw", "fields"])
        #expect(object["@timestamp"] as? String == Timestamp.format(at))
        let fields = try #require(object["fields"] as? [String: Any])
        #expect(fields["winlog.event_data.SubjectUserName"] as? String == "ann", "field names are not snake_cased: \(fields.keys.sorted())")
        #expect(fields["ratio"] is NSNull)
        #expect((fields["ports"] as? [Any])?.first as? Int == 22)
        let search = try #require(EventSearchResult(total: 1, events: [event], next: nil).jsonObject as? [String: Any])
        #expect(search["next"] is NSNull && search["total"] as? Int == 1)
    }

    @Test func anInventoryImportIsTheChangesKeysWithTheRejectedBesideThem() throws {
        let json = #"""
            {"id":"c1","assetID":"a1","source":"os","format":"dpkg","importedAt":0,"importedBy":"ann","packages":3,"added":["x"],
             "removed":[],"changed":[],"newFindings":1,"fixedFindings":0,"reopenedFindings":0,"skipped":[]}
            """#
        let change = try JSONDecoder().decode(InventoryChange.self, from: Data(json.utf8))
        let changeObject = try #require(InventoryChangeBody(change).jsonObject as? [String: Any])
        #expect(changeObject.count == 14 && changeObject["asset_id"] as? String == "a1" && changeObject["new_findings"] as? Int == 1)
        let body = InventoryImportBody(change: InventoryChangeBody(change), rejected: [RejectionBody(.init(place: "status:4", reason: "no version"))])
        let object = try #require(body.jsonObject as? [String: Any])
        #expect(Set(object.keys) == Set(changeObject.keys).union(["rejected"]))
        #expect((object["rejected"] as? [[String: String]])?.first == ["place": "status:4", "reason": "no version"])
        var counts = FindingCounts()
        counts.fixedLast30Days = 4
        let countsObject = try #require(FindingCountsBody(counts).jsonObject as? [String: Any])
        #expect(countsObject["fixed_last_30_days"] as? Int == 4, "the digits are split as before: \(countsObject.keys.sorted())")
        #expect(countsObject["sla_compliance"] is NSNull)
        #expect((countsObject["open_by_severity"] as? [String: Int])?.count == Severity.allCases.count)
    }

    @Test func bulkItemsAndHECAnswersAreWrittenAsTheirProtocolsWriteThem() throws {
        let created = ElasticsearchBulkBody.ItemResult(index: "logs", id: "1", status: 201, error: nil)
        let refused = ElasticsearchBulkBody.ItemResult(
            index: "logs", id: "2", status: 400, error: .init(type: "mapper_parsing_exception", reason: "x"))
        let body = ElasticsearchBulkBody(took: 3, errors: true, items: [["create": created], ["index": refused]])
        let object = try #require(body.jsonObject as? [String: Any])
        let items = try #require(object["items"] as? [[String: [String: Any]]])
        #expect(
            Set(try #require(items[0]["create"]).keys) == ["_index", "_id", "status", "result", "_version", "_shards", "_seq_no", "_primary_term"])
        #expect(Set(try #require(items[1]["index"]).keys) == ["_index", "_id", "status", "error"])
        let hec = try #require(SplunkHECBody(text: "Invalid data format", code: 6, invalidEventNumber: 2).jsonObject as? [String: Any])
        #expect(hec["invalid-event-number"] as? Int == 2)
        #expect((SplunkHECBody.success.jsonObject as? [String: Any])?.keys.sorted() == ["code", "text"])
    }

    @Test func anErrorNamesItsDetailsOnlyWhenItHasThem() throws {
        let plain = try #require(ErrorBody(.badRequest("q: too long")).jsonObject as? [String: [String: Any]])
        #expect(plain["error"]?.keys.sorted() == ["code", "message"])
        let invalid = APIError(
            status: .unprocessableContent, code: "invalid", message: "2 problems",
            details: [FieldError(field: "name", message: "empty"), FieldError(field: "email", message: "not an address", line: 3)])
        let object = try #require(ErrorBody(invalid).jsonObject as? [String: [String: Any]])
        let details = try #require(object["error"]?["details"] as? [[String: Any]])
        #expect(details[0]["line"] == nil && details[1]["line"] as? Int == 3)
    }
}
