// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import BulwarkTesting
import Testing

/// Vulnerability management over HTTP: advisories and an inventory in, findings out sorted by risk, states with
/// the permissions they need, exports, the vulnerability, VEX, and bad input named.
@Suite struct VulnerabilitiesAPITests {
    static let advisories = [
        #"{"id":"PYSEC-2021-109","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2021-35042"],"summary":"SQL injection in QuerySet.order_by","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],"references":[{"type":"WEB","url":"https://www.djangoproject.com/weblog/2021/jul/01/security-releases/"}],"affected":[{"package":{"ecosystem":"PyPI","name":"django"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"3.1"},{"fixed":"3.1.13"},{"introduced":"3.2"},{"fixed":"3.2.5"}]}]}]}"#,
        #"{"id":"PYSEC-2023-74","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2023-32681"],"affected":[{"package":{"ecosystem":"PyPI","name":"requests"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.3.0"},{"fixed":"2.31.0"}]}]}]}"#,
        "",
        #"{"id":"BROKEN"}"#,
    ].joined(separator: "\n")

    @Test func inventoryToFindingsToStates() async throws {
        try await Harness.with { harness in
            let engineer = try await harness.token(.engineer)
            let manager = try await harness.token(.manager)
            let analyst = try await harness.token(.analyst)
            let asset = try await harness.platform.foundation.inventory.createAsset(
                Asset(name: "web-1", criticality: .critical, internetFacing: true, createdAt: Date()),
                by: InventoryService.Actor(username: "test", source: "test"))
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/vulnerabilities/import?name=feed.jsonl", method: .post, headers: .bearer(engineer),
                    body: ByteBuffer(string: Self.advisories)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["added"] as? Int == 2)
                    let rejected = response.json["rejected"] as? [[String: Any]] ?? []
                    #expect(rejected.first?["place"] as? String == "feed.jsonl:4")
                }
                // Analysts read findings but do not import inventories.
                try await client.execute(
                    uri: "/api/v1/assets/\(asset.id)/inventory", method: .post, headers: .bearer(analyst),
                    body: ByteBuffer(string: "django==3.2.4\n")
                ) { response in
                    #expect(response.status == .forbidden)
                }
                // A malformed file is refused whole, each entry named.
                try await client.execute(
                    uri: "/api/v1/assets/\(asset.id)/inventory?format=rpm&name=rpms", method: .post, headers: .bearer(engineer),
                    body: ByteBuffer(string: "openssh 0:8.7p1-34.el9 x86_64\nbroken\n")
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("rpms:2"))
                }
                try await client.execute(
                    uri: "/api/v1/assets/\(asset.id)/inventory?name=requirements.txt&source=app", method: .post, headers: .bearer(engineer),
                    body: ByteBuffer(string: "django==3.2.4\nrequests==2.28.0\nflask>=2\n")
                ) { response in
                    #expect(response.status == .created)
                    #expect(response.json["packages"] as? Int == 2)
                    #expect(response.json["new_findings"] as? Int == 2)
                    #expect((response.json["skipped"] as? [Any])?.count == 1)
                }
                let findings: [[String: Any]] = try await client.execute(uri: "/api/v1/findings", method: .get, headers: .bearer(analyst)) {
                    response in
                    #expect(response.status == .ok)
                    #expect((response.json["counts"] as? [String: Any])?["open"] as? Int == 2)
                    return response.json["findings"] as? [[String: Any]] ?? []
                }
                #expect(findings.map { $0["vulnerability"] as? String } == ["PYSEC-2021-109", "PYSEC-2023-74"])
                let top = findings[0]
                #expect(top["asset_name"] as? String == "web-1" && top["severity"] as? String == "critical")
                #expect(top["fixed"] as? [String] == ["3.1.13", "3.2.5"])
                #expect((top["reasons"] as? [String])?.contains { $0.contains("internet-facing") } == true)
                #expect(top["applicable_fix"] as? String == "3.2.5", "the fix above 3.2.4, not the first listed")
                // Filters by what the asset is: the one asset is critical and internet-facing.
                for (filter, expected) in [
                    ("internet_facing=true", 2), ("internet_facing=false", 0), ("criticality=critical", 2), ("criticality=low", 0),
                    ("criticality=critical&internet_facing=true&severity=critical", 1), ("owner=nobody@example.com", 0),
                ] {
                    let count = try await client.execute(uri: "/api/v1/findings?\(filter)", method: .get, headers: .bearer(analyst)) {
                        ($0.json["findings"] as? [Any])?.count ?? -1
                    }
                    #expect(count == expected, "\(filter)")
                }
                let id = try #require(top["id"] as? String)
                // In remediation with an owner, a planned date, a note and a ticket; a ticket must be a web address.
                let second = try #require(findings[1]["id"] as? String)
                let plan =
                    #"{"state":"in_remediation","owner":"web-team","due_at":"2099-01-15T00:00:00Z","note":"upgrade in the next release","#
                    + #""ticket":"https://tickets.example.com/SEC-42"}"#
                try await client.execute(uri: "/api/v1/findings/\(second)", method: .patch, headers: .json(engineer), body: ByteBuffer(string: plan))
                {
                    response in
                    #expect(response.status == .ok && response.json["state"] as? String == "in_remediation")
                    let remediation = response.json["remediation"] as? [String: Any]
                    #expect(
                        remediation?["owner"] as? String == "web-team" && remediation?["ticket"] as? String == "https://tickets.example.com/SEC-42")
                    #expect(remediation?["due_at"] as? String == "2099-01-15T00:00:00.000Z")
                }
                for (body, field) in [
                    (#"{"state":"in_remediation","ticket":"javascript:alert(1)"}"#, "ticket"), (#"{"state":"open","owner":"x"}"#, "state"),
                ] {
                    try await client.execute(
                        uri: "/api/v1/findings/\(second)", method: .patch, headers: .json(engineer), body: ByteBuffer(string: body)
                    ) {
                        response in
                        #expect(response.status == .unprocessableContent)
                        let details = ((response.json["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? []
                        #expect(details.contains { $0["field"] as? String == field }, "\(body)")
                    }
                }
                // Risk acceptance needs the approver's permission: an engineer may not, a manager may.
                let accept = #"{"state":"risk_accepted","reason":"WAF rule 942100 blocks it","accepted_until":"2099-01-01T00:00:00Z"}"#
                try await client.execute(uri: "/api/v1/findings/\(id)", method: .patch, headers: .json(engineer), body: ByteBuffer(string: accept)) {
                    response in
                    #expect(response.status == .forbidden)
                }
                let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(30 * 86_400))
                try await client.execute(
                    uri: "/api/v1/findings/\(id)", method: .patch, headers: .json(manager),
                    body: ByteBuffer(string: #"{"state":"risk_accepted","reason":"WAF rule 942100 blocks it","accepted_until":"\#(soon)"}"#)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["state"] as? String == "risk_accepted")
                    #expect(response.json["state_by"] as? String == "manager")
                }
                try await client.execute(
                    uri: "/api/v1/findings/\(id)", method: .patch, headers: .json(engineer), body: ByteBuffer(string: #"{"state":"false_positive"}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("reason"))
                }
                try await client.execute(
                    uri: "/api/v1/findings/\(id)", method: .patch, headers: .json(engineer), body: ByteBuffer(string: #"{"state":"done"}"#)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                }
                // Filters and exports.
                try await client.execute(uri: "/api/v1/findings?state=risk_accepted", method: .get, headers: .bearer(analyst)) { response in
                    #expect((response.json["findings"] as? [Any])?.count == 1)
                }
                try await client.execute(uri: "/api/v1/findings?severity=urgent", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.status == .badRequest)
                }
                try await client.execute(
                    uri: "/api/v1/findings/export?format=csv&state=open,in_remediation,risk_accepted", method: .get, headers: .bearer(analyst)
                ) { response in
                    #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                    let lines = response.text.split(separator: "\r\n")
                    #expect(lines.count == 3)
                    #expect(lines.first?.hasPrefix("id,asset,ecosystem,package") == true)
                }
                try await client.execute(uri: "/api/v1/vulnerabilities/CVE-2021-35042", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["id"] as? String == "PYSEC-2021-109")
                    #expect((response.json["findings"] as? [Any])?.count == 1)
                    #expect(
                        (response.json["references"] as? [[String: Any]])?.first?["url"] as? String
                            == "https://www.djangoproject.com/weblog/2021/jul/01/security-releases/")
                }
                try await client.execute(uri: "/api/v1/vulnerabilities/CVE-1999-0000", method: .get, headers: .bearer(analyst)) { response in
                    #expect(response.status == .notFound)
                }
                // VEX closes the requests finding.
                let vex =
                    #"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"a","timestamp":"2024-01-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2023-32681"},"products":[{"@id":"pkg:pypi/requests"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#
                try await client.execute(uri: "/api/v1/vex?name=vendor", method: .post, headers: .json(engineer), body: ByteBuffer(string: vex)) {
                    response in
                    #expect(response.json["applied"] as? Int == 1)
                }
                try await client.execute(uri: "/api/v1/findings", method: .get, headers: .bearer(analyst)) { response in
                    #expect((response.json["findings"] as? [Any])?.isEmpty == true)
                }
                try await client.execute(uri: "/api/v1/assets/\(asset.id)/inventory", method: .get, headers: .bearer(analyst)) { response in
                    #expect((response.json["packages"] as? [Any])?.count == 2)
                    #expect((response.json["imports"] as? [Any])?.count == 1)
                }
            }
        }
    }
}
