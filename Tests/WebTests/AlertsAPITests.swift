// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Detection
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Incidents
import BulwarkTesting
import Testing

/// Events in through the ingest API, alerts out of the alert API: the whole path with real rules and SQLite.
@Suite struct AlertsAPITests {
    static let whoami = """
        title: Whoami Execution
        id: 11111111-1111-4111-8111-111111111111
        level: high
        tags: [attack.discovery, attack.t1033]
        logsource: {product: windows, category: process_creation}
        detection:
            selection:
                Image|endswith: '\\whoami.exe'
            condition: selection
        """

    static let failedLogons = """
        title: Failed logon
        id: 22222222-2222-4222-8222-222222222222
        name: failed_logon
        level: low
        logsource: {product: windows, service: security}
        detection:
            selection: {EventID: 4625}
            condition: selection
        ---
        title: Password guessing against one account
        id: 33333333-3333-4333-8333-333333333333
        level: high
        tags: [attack.credential_access, attack.t1110]
        correlation:
            type: event_count
            rules: [failed_logon]
            group-by: [TargetUserName]
            timespan: 10m
            condition: {gte: 3}
        """

    static func sysmon(_ host: String, user: String = "CORP\\\\bob", image: String = "C:\\\\Windows\\\\System32\\\\whoami.exe") -> String {
        #"{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"\#(host)","TimeCreated_SystemTime":"2026-11-28T10:00:00Z","Image":"\#(image)","CommandLine":"whoami /all","User":"\#(user)"}"#
    }

    /// Polls until `condition` holds for the alert list (detection runs just after the commit that answered the ingest call).
    static func alerts(_ client: any TestClientProtocol, _ token: String, query: String = "", until condition: ([[String: Any]]) -> Bool) async throws
        -> [[String: Any]]
    {
        var last: [[String: Any]] = []
        for _ in 0..<100 {
            last = try await client.execute(uri: "/api/v1/alerts?status=new,acknowledged,closed\(query)", method: .get, headers: .bearer(token)) {
                response in
                response.json["alerts"] as? [[String: Any]] ?? []
            }
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        return last
    }

    @Test func aSigmaMatchOnIngestBecomesOneGroupedAlertWithItsEvents() async throws {
        try await Harness.with(rules: ["whoami.yml": Self.whoami]) { harness in
            let analyst = try await harness.token(.analyst)
            let engineer = try await harness.token(.engineer)
            _ = try await harness.platform.foundation.inventory.createAsset(
                Asset(name: "ws-042", hostnames: ["ws-042.corp.example"], criticality: .high, createdAt: Date(), updatedAt: Date()),
                by: InventoryService.Actor(username: "test", source: "test"))
            try await harness.test { client in
                let body = [Self.sysmon("ws-042"), Self.sysmon("ws-042"), Self.sysmon("ws-042", image: "C:\\\\Windows\\\\notepad.exe")].joined(
                    separator: "\n")
                try await client.execute(uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer), body: ByteBuffer(string: body)) {
                    response in
                    #expect(response.json["accepted"] as? Int == 3)
                }
                let alerts = try await Self.alerts(client, analyst) { $0.first?["count"] as? Int == 2 }
                #expect(alerts.count == 1)
                let alert = try #require(alerts.first)
                #expect(alert["rule_id"] as? String == "11111111-1111-4111-8111-111111111111")
                #expect(alert["severity"] as? String == "high")
                #expect(alert["host"] as? String == "ws-042")
                #expect(alert["user"] as? String == "bob")
                #expect(alert["attack"] as? [String] == ["attack.discovery", "attack.t1033"])
                #expect(alert["asset_id"] as? String != nil, "the host resolves to the inventory asset")
                #expect((alert["event_ids"] as? [Int])?.count == 2)
                let id = try #require(alert["id"] as? String)
                try await client.execute(uri: "/api/v1/alerts/\(id)", method: .get, headers: .bearer(analyst)) { response in
                    let events = response.json["events"] as? [[String: Any]] ?? []
                    #expect(events.count == 2)
                    #expect((events.first?["fields"] as? [String: Any])?["Image"] as? String == "C:\\Windows\\System32\\whoami.exe")
                    #expect(response.json["allowed_transitions"] as? [String] == ["acknowledged", "closed"])
                }
            }
        }
    }

    @Test func workflowOverTheAPI() async throws {
        try await Harness.with { harness in
            let analyst = try await harness.token(.analyst)
            let auditor = try await harness.token(.auditor)
            try await harness.test { client in
                let id: String = try await client.execute(
                    uri: "/api/v1/alerts", method: .post, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"title":"User reported a strange pop-up","severity":"medium","host":"ws-7"}"#)
                ) { response in
                    #expect(response.status == .created)
                    #expect(response.json["source"] as? String == "manual")
                    return response.json["id"] as? String ?? ""
                }
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)", method: .patch, headers: .json(auditor), body: ByteBuffer(string: #"{"status":"acknowledged"}"#)
                ) { response in
                    #expect(response.status == .forbidden)
                }
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)", method: .patch, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"status":"acknowledged","assignee":"analyst"}"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["acknowledged_by"] as? String == "analyst")
                    #expect(response.json["assignee"] as? String == "analyst")
                }
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)", method: .patch, headers: .json(analyst), body: ByteBuffer(string: #"{"status":"new"}"#)
                ) { response in
                    #expect(response.status == .conflict)
                    #expect(response.text.contains("allowed: closed"))
                }
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)", method: .patch, headers: .json(analyst), body: ByteBuffer(string: #"{"status":"closed"}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("close_reason"))
                }
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)", method: .patch, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"status":"closed","close_reason":"maybe"}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                }
                try await client.execute(
                    uri: "/api/v1/alerts/\(id)/comments", method: .post, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"text":"Adware; removed."}"#)
                ) { response in
                    #expect(response.status == .created)
                }
                try await client.execute(
                    uri: "/api/v1/alerts/bulk", method: .post, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"ids":["\#(id)","\#(UUID().uuidString.lowercased())"],"status":"closed","close_reason":"benign"}"#)
                ) { response in
                    #expect(response.json["updated"] as? Int == 1)
                    let results = response.json["results"] as? [[String: Any]] ?? []
                    #expect(results.map { $0["ok"] as? Bool } == [true, false])
                }
                try await client.execute(uri: "/api/v1/alerts/\(id)", method: .get, headers: .bearer(auditor)) { response in
                    #expect(response.json["status"] as? String == "closed")
                    #expect(response.json["close_reason"] as? String == "benign")
                    #expect((response.json["comments"] as? [[String: Any]])?.first?["text"] as? String == "Adware; removed.")
                }
                try await client.execute(uri: "/api/v1/alerts?status=closed", method: .get, headers: .bearer(auditor)) { response in
                    #expect((response.json["alerts"] as? [[String: Any]])?.count == 1)
                }
                try await client.execute(uri: "/api/v1/alerts?status=done", method: .get, headers: .bearer(auditor)) { response in
                    #expect(response.status == .badRequest)
                }
            }
            let actions = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "alert."), page: PageRequest()).items.map(
                \.action)
            #expect(actions.filter { $0 == "alert.update" }.count == 2)
            #expect(actions.contains("alert.create") && actions.contains("alert.comment"))
        }
    }

    @Test func correlationsAndThreatIntelRaiseTheirOwnAlerts() async throws {
        try await Harness.with(rules: ["failed.yml": Self.failedLogons]) { harness in
            let analyst = try await harness.token(.analyst)
            let engineer = try await harness.token(.engineer)
            try await harness.test { client in
                // Threat intelligence: a CSV with a bad row is refused whole; with partial=true the good rows land.
                let csv = "type,value,confidence,description\nip,203.0.113.66,90,Known C2\nip,not-an-ip,50,\n"
                try await client.execute(
                    uri: "/api/v1/intel/import?format=csv&source=team", method: .post, headers: .bearer(analyst), body: ByteBuffer(string: csv)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect((response.json["rejected"] as? [[String: Any]])?.first?["place"] as? String == "line 3")
                }
                try await client.execute(
                    uri: "/api/v1/intel/import?format=csv&source=team&partial=true", method: .post, headers: .bearer(analyst),
                    body: ByteBuffer(string: csv)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["created"] as? Int == 1)
                }
                var lines: [String] = []
                for second in 0..<3 {
                    lines.append(
                        #"{"EventID":4625,"Channel":"Security","Computer":"dc-01","TimeCreated_SystemTime":"2026-11-28T10:00:0\#(second)Z","TargetUserName":"svc-backup","IpAddress":"10.1.1.1"}"#
                    )
                }
                lines.append(#"{"message":"outbound","host":"fw-01","destination.ip":"203.0.113.66"}"#)
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer), body: ByteBuffer(string: lines.joined(separator: "\n"))
                ) { response in
                    #expect(response.json["accepted"] as? Int == 4)
                }
                let alerts = try await Self.alerts(client, analyst) { $0.count >= 2 }
                let sources = Set(alerts.compactMap { $0["source"] as? String })
                #expect(sources == ["correlation", "intel"], "the base rule (generate: false) raises no alert of its own")
                let correlation = try #require(alerts.first { $0["source"] as? String == "correlation" })
                #expect((correlation["event_ids"] as? [Int])?.count == 3)
                #expect((correlation["context"] as? [String: Any])?["group.TargetUserName"] as? String == "svc-backup")
                let intel = try #require(alerts.first { $0["source"] as? String == "intel" })
                #expect((intel["context"] as? [String: Any])?["indicator_source"] as? String == "team")
                #expect(intel["severity"] as? String == "high")
            }
        }
    }

    @Test func rulesSwitchReloadAndExclusions() async throws {
        try await Harness.with(rules: [
            "whoami.yml": Self.whoami,
            "broken.yml": "title: broken\nlogsource: {product: windows}\ndetection:\n  sel: {A|nope: 1}\n  condition: sel\n",
        ]) { harness in
            let analyst = try await harness.token(.analyst)
            let engineer = try await harness.token(.engineer)
            let ruleID = "11111111-1111-4111-8111-111111111111"
            try await harness.test { client in
                try await client.execute(uri: "/api/v1/detection/report", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.json["running"] as? Int == 1)
                    let error = (response.json["errors"] as? [[String: Any]])?.first
                    #expect((error?["file"] as? String)?.hasSuffix("broken.yml") == true)
                    #expect(error?["line"] as? Int == 4)
                    #expect((error?["reason"] as? String)?.contains("unknown modifier 'nope'") == true)
                }
                try await client.execute(uri: "/api/v1/detection/rules?state=running", method: .get, headers: .bearer(analyst)) { response in
                    #expect((response.json["rules"] as? [[String: Any]])?.map { $0["id"] as? String } == [ruleID])
                }
                // An exclusion with a bad condition is refused, naming the field; a good one drops matching events.
                try await client.execute(
                    uri: "/api/v1/detection/exclusions", method: .post, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"rule_id":"\#(ruleID)","condition":"Computer|nope: x","reason":"lab"}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("condition"))
                }
                try await client.execute(
                    uri: "/api/v1/detection/exclusions", method: .post, headers: .json(analyst),
                    body: ByteBuffer(string: #"{"rule_id":"\#(ruleID)","condition":"Computer: lab-01","reason":"red team lab"}"#)
                ) { response in
                    #expect(response.status == .created)
                }
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer), body: ByteBuffer(string: Self.sysmon("lab-01"))
                ) { _ in }
                // Switched off: no alert either.
                try await client.execute(
                    uri: "/api/v1/detection/rules/\(ruleID)", method: .patch, headers: .json(analyst), body: ByteBuffer(string: #"{"enabled":false}"#)
                ) { response in
                    #expect(response.json["state"] as? String == "disabled")
                }
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer), body: ByteBuffer(string: Self.sysmon("ws-1"))
                ) { _ in }
                try await client.execute(
                    uri: "/api/v1/detection/rules/\(ruleID)", method: .patch, headers: .json(analyst), body: ByteBuffer(string: #"{"enabled":true}"#)
                ) { response in
                    #expect(response.json["state"] as? String == "running")
                }
                // A rule file added on disk runs after a reload, without a restart.
                try Self.whoami.replacingOccurrences(of: "11111111-1111-4111-8111-111111111111", with: "44444444-4444-4444-8444-444444444444")
                    .replacingOccurrences(of: "Whoami Execution", with: "Whoami, second rule")
                    .write(toFile: harness.directory + "/rules/second.yml", atomically: true, encoding: .utf8)
                try await client.execute(uri: "/api/v1/detection/reload", method: .post, headers: .bearer(analyst)) { response in
                    #expect(response.json["running"] as? Int == 2)
                }
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer), body: ByteBuffer(string: Self.sysmon("ws-2"))
                ) { _ in }
                let alerts = try await Self.alerts(client, analyst) { $0.count >= 2 }
                #expect(
                    Set(alerts.compactMap { $0["host"] as? String }) == ["ws-2"], "excluded (lab-01) and disabled-time (ws-1) events raised nothing")
                #expect(alerts.count == 2)
            }
            let actions = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "detection."), page: PageRequest()).items.map(
                \.action)
            #expect(Set(actions) == ["detection.exclusion.create", "detection.rule.disable", "detection.rule.enable", "detection.reload"])
        }
    }

    @Test func newAlertsGoToTheWebhookSignedAndThrottled() async throws {
        let transport = RecordingWebhooks()
        try await Harness.with(
            rules: ["whoami.yml": Self.whoami],
            webhooks: [WebhookSettings(url: "https://hooks.example/bulwark", secret: "k", minimumSeverity: .high)],
            transport: transport
        ) { harness in
            let analyst = try await harness.token(.analyst)
            let engineer = try await harness.token(.engineer)
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer),
                    body: ByteBuffer(string: [Self.sysmon("a"), Self.sysmon("b"), Self.sysmon("c")].joined(separator: "\n"))
                ) { _ in }
                _ = try await Self.alerts(client, analyst) { $0.count == 3 }
            }
            for _ in 0..<100 where await transport.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            let bodies = await transport.requests
            #expect(bodies.count == 1, "three alerts of one rule within the throttle interval: one post")
            let object = try #require(try JSONSerialization.jsonObject(with: bodies[0].body) as? [String: Any])
            #expect((object["alert"] as? [String: Any])?["rule_id"] as? String == "11111111-1111-4111-8111-111111111111")
            let timestamp = try #require(bodies[0].headers["X-Bulwark-Timestamp"].flatMap { Int($0) })
            #expect(bodies[0].headers["X-Bulwark-Signature"] == WebhookNotifier.signatureHeader(bodies[0].body, secret: "k", timestamp: timestamp))
        }
    }

    @Test func aMisspeltQueryParameterIsRefusedNamingItNotIgnored() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.analyst)
            try await harness.test { client in
                let refused = try await client.execute(uri: "/api/v1/alerts?sevrity=critical", method: .get, headers: .json(token)) {
                    ($0.status, $0.json)
                }
                #expect(refused.0 == .badRequest)
                let message = ((refused.1["error"] as? [String: Any])?["message"] as? String) ?? ""
                #expect(message.hasPrefix("sevrity: not a query parameter of GET /api/v1/alerts") && message.contains("severity"), "\(message)")
                let known = try await client.execute(uri: "/api/v1/alerts?severity=critical&limit=5", method: .get, headers: .json(token)) {
                    $0.status
                }
                #expect(known == .ok)
                let none = try await client.execute(uri: "/api/v1/me?x=1", method: .get, headers: .json(token)) { ($0.status, $0.json) }
                #expect(
                    none.0 == .badRequest
                        && (((none.1["error"] as? [String: Any])?["message"] as? String)?.contains("takes no query parameters") ?? false))
            }
        }
    }
}
