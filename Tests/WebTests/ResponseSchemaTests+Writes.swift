// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Incidents
import NIOCore
import BulwarkTesting
import Testing
import Web

/// Every JSON operation that changes something, called for real over the demo's data, its answer checked against the
/// OpenAPI document; and a check that the walk covers every such operation the server registers (a new one fails
/// this test until it is added here).
extension ResponseSchemaTests {
    /// One request of the walk: its path (ids filled from earlier answers by `{name}`), body and content type, and the
    /// answers' ids it keeps for later steps.
    struct Step {
        var method: HTTPRequest.Method
        var path: String
        var body: String = ""
        var contentType = "application/json"
        /// Names under which to keep `id` of the answer (or the value at a key path, `name=key.path`).
        var keep: [String] = []
        /// Whose token sends it (a second admin approves what the first requested).
        var second = false
    }

    /// A response action that needs approval, so that both decisions can be made; its transport answers 200.
    struct Accepting: ResponseActionTransport {
        func send(_ request: ResponseActionRequest) async throws -> (status: Int, body: String) { (200, #"{"ok":true}"#) }
    }

    static let block = ResponseAction(
        id: "block-ip", name: "Block IP", url: "https://firewall.example.test/block", body: #"{"ip":"{{value}}"}"#, observableTypes: [.ip],
        requiresApproval: true)

    static let rule = """
        title: Schema test rule
        id: 5c1e0a7e-0000-4000-8000-00000000a001
        level: low
        logsource: {product: linux, service: sshd}
        detection:
          selection: {message|contains: 'schema never matches this'}
          condition: selection
        """

    static let osv = #"""
        {"id":"SCHEMA-2026-1","modified":"2026-11-01T00:00:00Z","summary":"schema test","aliases":["CVE-2026-99999"],"affected":[{"package":{"ecosystem":"PyPI","name":"schemapkg"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0"}]}]}]}
        """#

    static let vex =
        #"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"schema-vex","author":"a","timestamp":"2026-11-01T00:00:00Z","version":1,"statements":[{"vulnerability":{"name":"CVE-2026-99999"},"products":[{"@id":"pkg:pypi/schemapkg"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#

    static var steps: [Step] {
        let now = "2026-11-30T10:00:00Z"
        return [
            Step(
                method: .post, path: "/api/v1/assets", body: #"{"name":"schema-web-01","criticality":"high","owner":"schema@example.com"}"#,
                keep: ["asset"]),
            Step(method: .patch, path: "/api/v1/assets/{asset}", body: #"{"environment":"production"}"#),
            Step(method: .post, path: "/api/v1/assets/import", body: "name,criticality\nschema-db-01,low\n", contentType: "text/csv"),
            Step(method: .post, path: "/api/v1/people", body: #"{"name":"Schema Person","email":"schema@example.com"}"#, keep: ["person"]),
            Step(method: .patch, path: "/api/v1/people/{person}", body: #"{"department":"IT"}"#),
            Step(method: .post, path: "/api/v1/people/import", body: "name,email\nSchema Two,schema2@example.com\n", contentType: "text/csv"),
            Step(method: .post, path: "/api/v1/users", body: #"{"username":"schema-user","role":"analyst"}"#, keep: ["user=user.id"]),
            Step(method: .patch, path: "/api/v1/users/{user}", body: #"{"display_name":"Schema User"}"#),
            Step(method: .post, path: "/api/v1/users/{user}/password", body: "{}"),
            Step(method: .post, path: "/api/v1/tokens", body: #"{"name":"schema","scopes":["read"]}"#),
            Step(
                method: .post, path: "/api/v1/ingest", body: #"{"message":"schema test","host":"schema-web-01"}"# + "\n",
                contentType: "application/x-ndjson"),
            Step(method: .post, path: "/_bulk", body: "{\"index\":{}}\n{\"message\":\"schema bulk\"}\n", contentType: "application/x-ndjson"),
            Step(method: .post, path: "/logs/_bulk", body: "{\"index\":{}}\n{\"message\":\"schema bulk\"}\n", contentType: "application/x-ndjson"),
            Step(method: .post, path: "/services/collector", body: #"{"event":"schema hec"}"#),
            Step(method: .post, path: "/services/collector/event", body: #"{"event":"schema hec"}"#),
            Step(method: .post, path: "/services/collector/event/1.0", body: #"{"event":"schema hec"}"#),
            Step(method: .post, path: "/services/collector/raw", body: "schema raw line\n", contentType: "text/plain"),
            Step(method: .patch, path: "/api/v1/detection/rules/{rule}", body: #"{"enabled":false}"#),
            Step(method: .post, path: "/api/v1/detection/reload"),
            Step(method: .post, path: "/api/v1/detection/exclusions", body: #"{"condition":"Computer: schema-build","reason":"schema test"}"#),
            Step(method: .post, path: "/api/v1/intel/indicators", body: #"{"value":"203.0.113.99"}"#),
            Step(method: .post, path: "/api/v1/intel/import?format=csv", body: "value\n198.51.100.77\n", contentType: "text/csv"),
            Step(method: .post, path: "/api/v1/alerts", body: #"{"title":"Schema alert","severity":"high","host":"schema-web-01"}"#, keep: ["alert"]),
            Step(method: .patch, path: "/api/v1/alerts/{alert}", body: #"{"status":"acknowledged"}"#),
            Step(method: .post, path: "/api/v1/alerts/{alert}/comments", body: #"{"text":"looked at it"}"#),
            Step(method: .post, path: "/api/v1/alerts/bulk", body: #"{"ids":["{alert}"],"assignee":"schema-admin"}"#),
            Step(method: .post, path: "/api/v1/alert-suppressions", body: #"{"host":"schema-web-01","reason":"schema test"}"#),
            Step(method: .post, path: "/api/v1/cases", body: #"{"title":"Schema case","severity":"medium"}"#, keep: ["case"]),
            Step(method: .post, path: "/api/v1/cases", body: #"{"title":"Schema case, second","severity":"low"}"#, keep: ["other"]),
            Step(method: .patch, path: "/api/v1/cases/{case}", body: #"{"status":"triage"}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/alerts", body: #"{"alert_ids":["{alert}"]}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/links", body: #"{"case_id":"{other}"}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/playbook", body: #"{"playbook":"{playbook}"}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/tasks", body: #"{"title":"Schema task"}"#, keep: ["task"]),
            Step(method: .patch, path: "/api/v1/cases/{case}/tasks/{task}", body: #"{"status":"done"}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/comments", body: #"{"text":"schema comment"}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/timeline", body: #"{"text":"schema entry","event_at":"\#(now)"}"#),
            Step(method: .post, path: "/api/v1/cases/{case}/observables", body: #"{"type":"ip","value":"203.0.113.45"}"#, keep: ["observable"]),
            Step(method: .post, path: "/api/v1/cases/{case}/observables/{observable}/promote"),
            Step(method: .post, path: "/api/v1/cases/{case}/evidence?name=notes.txt", body: "what we saw", contentType: "application/octet-stream"),
            Step(method: .post, path: "/api/v1/cases/{case}/actions", body: #"{"action":"block-ip","observable_id":"{observable}"}"#, keep: ["run"]),
            Step(method: .post, path: "/api/v1/cases/{case}/actions/{run}/approve", second: true),
            Step(method: .post, path: "/api/v1/cases/{case}/actions", body: #"{"action":"block-ip","value":"203.0.113.46"}"#, keep: ["run2"]),
            Step(method: .post, path: "/api/v1/cases/{case}/actions/{run2}/reject", second: true),
            Step(method: .post, path: "/api/v1/cases/{other}/merge", body: #"{"into":"{case}"}"#),
            Step(method: .post, path: "/api/v1/case-views", body: #"{"name":"Schema view","query":"status=triage"}"#),
            Step(
                method: .post, path: "/api/v1/saved-searches",
                body: #"{"name":"Schema search","query":"event.outcome:failure","range":"7d","shared":true}"#),
            Step(method: .post, path: "/api/v1/vulnerabilities/import?name=schema.json", body: osv),
            Step(
                method: .post, path: "/api/v1/assets/{asset}/inventory?format=requirements&name=requirements.txt", body: "schemapkg==1.0\n",
                contentType: "application/octet-stream"),
            Step(method: .patch, path: "/api/v1/findings/{finding}", body: #"{"state":"in_remediation","reason":"CHG-1"}"#),
            Step(method: .post, path: "/api/v1/findings/bulk", body: #"{"ids":["{finding}"],"state":"open"}"#),
            Step(
                method: .post, path: "/api/v1/maintenance-windows",
                body:
                    #"{"name":"Schema window","recurrence":"weekly","weekdays":[1,2,3,4,5,6,7],"start":"00:00","duration_minutes":1440,"#
                    + #""time_zone":"UTC"}"#,
                keep: ["window"]),
            Step(
                method: .post, path: "/api/v1/patch-jobs", body: #"{"title":"Schema job","finding_ids":["{finding}"],"window_id":"{window}"}"#,
                keep: ["job"]),
            Step(method: .patch, path: "/api/v1/patch-jobs/{job}", body: #"{"status":"submitted","comment":"please"}"#),
            Step(method: .post, path: "/api/v1/patch-jobs/{job}/approve", body: #"{"comment":"ok"}"#, second: true),
            Step(method: .post, path: "/api/v1/patch-jobs/{job}/results", body: #"{"asset_id":"{asset}","exit_status":0,"output":"done"}"#),
            Step(method: .post, path: "/api/v1/vex", body: vex),
            Step(
                method: .post, path: "/api/v1/identity-sources",
                body: #"{"name":"schema-crm","kind":"application","criticality":"high","service_accounts":{"svc-crm":"jonas.berg@example.com"}}"#,
                keep: ["source=source.id"]),
            Step(method: .patch, path: "/api/v1/identity-sources/{source}", body: #"{"dormant_days":30,"asset_id":null}"#),
            Step(
                method: .post, path: "/api/v1/identity-sources/{source}/import?format=accounts_csv&name=crm.csv",
                body: "account,display_name,email,roles,last_login,enabled\nzz-nobody,Nobody,,sales,2026-01-01,true\n", contentType: "text/csv"),
            Step(
                method: .post, path: "/api/v1/identity-sources/{source}/import?format=accounts_csv&name=crm.csv&partial=true",
                body: "account,display_name,email,roles,last_login,enabled\nzz-nobody,Nobody,,sales;admin,2026-01-01,true\nbad,,,,never,true\n",
                contentType: "text/csv", keep: ["account=changed.0.account_id"]),
            Step(method: .patch, path: "/api/v1/accounts/{account}", body: #"{"person_id":null}"#),
            Step(
                method: .post, path: "/api/v1/identity-sources",
                body: #"{"name":"schema-ldap","kind":"ldap","directory":{"url":"{ldap_url}","bind_dn":"{ldap_root}","#
                    + #""bind_password":"{ldap_password}","base_dn":"{ldap_base}","page_size":2}}"#,
                keep: ["ldap_source=source.id"]),
            Step(
                method: .patch, path: "/api/v1/identity-sources/{ldap_source}",
                body: #"{"directory":{"url":"{ldap_url}","bind_dn":"{ldap_root}","base_dn":"{ldap_base}","sync_minutes":60}}"#),
            Step(method: .post, path: "/api/v1/identity-sources/{ldap_source}/sync"),
            Step(
                method: .patch, path: "/api/v1/access-findings/{access_finding}",
                body: #"{"state":"accepted","reason":"schema check","expires_at":"{in_a_month}"}"#),
            Step(
                method: .post, path: "/api/v1/access-reviews",
                body: #"""
                    {"name":"Schema review","scope":{"source_ids":["{source}"],"privileged_only":false},"reviewers":"owner",
                    "due_at":"{in_a_month}","recur_months":6,"default_outcome":"flag"}
                    """#, keep: ["review"]),
            Step(
                method: .post, path: "/api/v1/access-reviews/{review}/items/{review_item}/decision",
                body: #"{"decision":"revoke","comment":"schema check"}"#),
            Step(
                method: .post, path: "/api/v1/access-reviews/{review}/decisions",
                body: #"{"item_ids":["{review_item}","0f0f0f0f-0000-4000-8000-000000000000"],"decision":"keep","comment":"schema check"}"#),
        ]
    }

    @Test func everyJSONWriteOperationAnswersAsItsSchemaSays() async throws {
        let directory = try Slapd(
            entries: (1...3).map {
                "dn: uid=schema\($0),\(Slapd.suffix)\nobjectClass: inetOrgPerson\ncn: Schema \($0)\nsn: \($0)\nuid: schema\($0)\n"
            }.joined(separator: "\n"))
        defer { directory.stop() }
        try await Harness.with(rules: ["schema.yml": Self.rule], actions: Accepting(), incidents: Self.withBlockAction) { harness in
            _ = try await harness.platform.loadDemo()
            let first = try await harness.token(.admin, username: "schema-admin")
            let second = try await harness.token(.admin, username: "schema-approver")
            let document = try JSONValue.decode(JSONSerialization.data(withJSONObject: OpenAPIDocument.build(harness.catalog, version: "test")))
            let schemas = document["components"]?["schemas"]?.objectValue ?? [:]
            let operations = harness.catalog.operations.filter { $0.method != .get && $0.responseSchema != nil }
            let called = try await harness.test { client in
                var ids: [String: String] = [:]
                // A real directory for the sync (slapd, three people); the update in between keeps the password.
                ids["ldap_url"] = directory.url
                ids["ldap_root"] = Slapd.root
                ids["ldap_password"] = Slapd.rootPassword
                ids["ldap_base"] = Slapd.suffix
                ids["in_a_month"] = Timestamp.format(harness.platform.foundation.clock.now().addingTimeInterval(30 * 86400))
                // Ids the demo already has: a rule, a playbook; a finding is found after the inventory import.
                ids["rule"] = try await client.execute(uri: "/api/v1/detection/rules?limit=1", method: .get, headers: .bearer(first)) {
                    try JSONValue.decode(Data(buffer: $0.body)).firstListedID
                }
                ids["playbook"] = harness.platform.incidents.cases.playbooks.sorted.first?.id
                var called: Set<String> = []
                for step in Self.steps {
                    if step.path.contains("{finding}"), ids["finding"] == nil {
                        ids["finding"] = try await client.execute(
                            uri: "/api/v1/findings?asset_id=\(ids["asset"] ?? "")", method: .get, headers: .bearer(first)
                        ) { try JSONValue.decode(Data(buffer: $0.body)).firstListedID }
                    }
                    if step.path.contains("{access_finding}"), ids["access_finding"] == nil {
                        ids["access_finding"] = try await client.execute(
                            uri: "/api/v1/access-findings?state=open", method: .get, headers: .bearer(first)
                        ) { try JSONValue.decode(Data(buffer: $0.body)).firstListedID }
                    }
                    if step.path.contains("{review_item}"), ids["review_item"] == nil {
                        ids["review_item"] = try await client.execute(
                            uri: "/api/v1/access-reviews/\(ids["review"] ?? "")/items", method: .get, headers: .bearer(first)
                        ) { try JSONValue.decode(Data(buffer: $0.body)).firstListedID }
                    }
                    var path = step.path
                    var body = step.body
                    for (name, id) in ids {
                        path = path.replacingOccurrences(of: "{\(name)}", with: id)
                        body = body.replacingOccurrences(of: "{\(name)}", with: id)
                    }
                    let template = String(step.path.split(separator: "?").first ?? "")
                    guard let operation = operations.first(where: { $0.method == step.method && Self.matches(template, $0.path) }) else {
                        Issue.record("\(step.method) \(template) is not an operation with a JSON answer")
                        continue
                    }
                    var headers: HTTPFields = .bearer(step.second ? second : first)
                    if step.path.hasPrefix("/services/collector") { headers[.authorization] = "Splunk \(step.second ? second : first)" }
                    headers[.contentType] = step.contentType
                    let (status, data) = try await client.execute(uri: path, method: step.method, headers: headers, body: ByteBuffer(string: body)) {
                        ($0.status, Data(buffer: $0.body))
                    }
                    #expect(
                        status.code == operation.successStatus,
                        "\(step.method) \(path): \(status) \(String(decoding: data, as: UTF8.self).prefix(300))")
                    guard status.code == operation.successStatus else { continue }
                    let value = try JSONValue.decode(data)
                    let problems = SchemaCheck(schemas: schemas).check(
                        value, against: .object(["$ref": .string("#/components/schemas/\(operation.responseSchema!)")]), at: path)
                    #expect(problems.isEmpty, "\(operation.operationID) \(path): \(problems.prefix(5))")
                    called.insert("\(operation.method.rawValue) \(operation.path)")
                    for keep in step.keep {
                        let parts = keep.split(separator: "=", maxSplits: 1).map(String.init)
                        var found: JSONValue? = value
                        for key in (parts.count > 1 ? parts[1] : "id").split(separator: ".") { found = found?[String(key)] }
                        ids[parts[0]] = found?.stringValue
                    }
                }
                return called
            }
            let missing = operations.map { "\($0.method.rawValue) \($0.path)" }.filter { !called.contains($0) }
            #expect(missing.isEmpty, "write operations never called with success: \(missing)")
        }
    }

    static var withBlockAction: IncidentsArea.Settings {
        var settings = IncidentsArea.Settings()
        settings.cases.actions = [block]
        return settings
    }

    /// Whether a concrete path template of a step (`/logs/_bulk`) is the operation's (`/{index}/_bulk`).
    static func matches(_ path: String, _ template: String) -> Bool {
        let given = path.split(separator: "/", omittingEmptySubsequences: false)
        let wanted = template.split(separator: "/", omittingEmptySubsequences: false)
        guard given.count == wanted.count else { return false }
        return zip(given, wanted).allSatisfy { $0 == $1 || ($1.hasPrefix("{") && $1.hasSuffix("}")) }
    }
}
