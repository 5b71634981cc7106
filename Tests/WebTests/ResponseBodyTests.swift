import BulwarkCore
import Foundation
import Incidents
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
}
