import BulwarkCore
import Foundation
import Incidents
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
}
