// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Incidents
import BulwarkTesting
import Testing
import BulwarkApp

/// The case API end to end over the in-process router and SQLite: the issue's names and shapes, a refused
/// transition's 409, tasks, observables, playbooks, evidence, the report, metrics, views; and roles.
@Suite struct CasesAPITests {
    static func post(_ client: any TestClientProtocol, _ token: String, _ uri: String, _ body: String, method: HTTPRequest.Method = .post)
        async throws -> (status: HTTPResponse.Status, json: [String: Any])
    {
        try await client.execute(uri: uri, method: method, headers: .json(token), body: ByteBuffer(string: body)) { ($0.status, $0.json) }
    }

    @Test func aCaseFromAnAlertThroughTheWorkflowToItsReport() async throws {
        var incidents = IncidentsArea.Settings()
        incidents.cases.maximumEvidenceBytes = 64
        try await Harness.with(incidents: incidents) { harness in
            let analyst = try await harness.token(.analyst)
            let auditor = try await harness.token(.auditor)
            let employee = try await harness.token(.employee)
            try await harness.test { client in
                let alert = try await Self.post(client, analyst, "/api/v1/alerts", #"{"title":"Phish reported","severity":"high","host":"laptop-7"}"#)
                #expect(alert.status == .created)
                let alertID = try #require(alert.json["id"] as? String)
                let created = try await Self.post(
                    client, analyst, "/api/v1/cases",
                    #"{"title":"Reported phishing","severity":"high","description":"**Bold** <b>x</b>","alert_ids":["\#(alertID)"]}"#)
                #expect(created.status == .created)
                let id = try #require(created.json["id"] as? String)
                #expect(created.json["status"] as? String == "new")
                #expect(created.json["number"] as? Int == 1)
                #expect(created.json["alert_ids"] as? [String] == [alertID])
                #expect(created.json["allowed_transitions"] as? [String] == ["triage", "closed"])
                #expect((created.json["sla"] as? [[String: Any]])?.count == 2)

                // A refused transition: 409, naming the allowed ones.
                let refused = try await Self.post(client, analyst, "/api/v1/cases/\(id)", #"{"status":"recovery"}"#, method: .patch)
                #expect(refused.status == .conflict)
                #expect(((refused.json["error"] as? [String: Any])?["message"] as? String)?.contains("allowed: triage, closed") == true)
                let triage = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)", #"{"status":"triage","assignee":"analyst","tlp":"red"}"#, method: .patch)
                #expect(triage.status == .ok && triage.json["status"] as? String == "triage" && triage.json["tlp"] as? String == "red")
                let nobody = try await Self.post(client, analyst, "/api/v1/cases/\(id)", #"{"assignee":"nobody"}"#, method: .patch)
                #expect(nobody.status == .unprocessableContent, "an assignee must be a user")
                let unknown = try await Self.post(client, analyst, "/api/v1/cases/\(id)", #"{"stauts":"closed"}"#, method: .patch)
                #expect(unknown.status == .unprocessableContent, "a misspelt field is refused, not ignored")

                // Playbook, tasks, observables.
                let playbook = try await Self.post(client, analyst, "/api/v1/cases/\(id)/playbook", #"{"playbook":"phishing"}"#)
                #expect(playbook.status == .created)
                let tasks = try #require(playbook.json["tasks"] as? [[String: Any]])
                #expect(tasks.count == 8)
                let task = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)/tasks", #"{"title":"Call the reporter","phase":"triage","owner":"analyst"}"#)
                #expect(task.status == .created)
                let taskID = try #require(task.json["id"] as? String)
                let done = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)/tasks/\(taskID)", #"{"status":"done","log":"called"}"#, method: .patch)
                #expect(done.json["status"] as? String == "done")
                let gated = try #require(tasks.first { !(($0["required_evidence"] as? [String]) ?? []).isEmpty }?["id"] as? String)
                let refusedDone = try await Self.post(client, analyst, "/api/v1/cases/\(id)/tasks/\(gated)", #"{"status":"done"}"#, method: .patch)
                #expect(refusedDone.status == .conflict)
                let observable = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)/observables", #"{"type":"domain","value":"Evil.Example.","ioc":true}"#)
                #expect(observable.status == .created && observable.json["value"] as? String == "evil.example")
                let again = try await Self.post(client, analyst, "/api/v1/cases/\(id)/observables", #"{"type":"domain","value":"evil.example"}"#)
                #expect(again.status == .ok)
                let bad = try await Self.post(client, analyst, "/api/v1/cases/\(id)/observables", #"{"type":"ip","value":"1.2.3"}"#)
                #expect(bad.status == .unprocessableContent)
                let list = try await client.execute(uri: "/api/v1/cases/\(id)/observables", method: .get, headers: .bearer(auditor)) { $0.json }
                #expect(
                    (list["observables"] as? [[String: Any]])?.contains { ($0["value"] as? String) == "laptop-7" } == true,
                    "the alert's host was extracted")
                let stix = try await client.execute(uri: "/api/v1/cases/\(id)/observables/export", method: .get, headers: .bearer(analyst)) {
                    $0.json
                }
                let objects = try #require(stix["objects"] as? [[String: Any]])
                #expect(stix["type"] as? String == "bundle")
                #expect(
                    objects.contains { $0["type"] as? String == "indicator" && $0["pattern"] as? String == "[domain-name:value = 'evil.example']" })

                // Evidence: the body, hashed; over the limit, 413.
                let upload = try await client.execute(
                    uri: "/api/v1/cases/\(id)/evidence?name=headers.txt&task_id=\(gated)", method: .post,
                    headers: [.authorization: "Bearer \(analyst)", .contentType: "text/plain"], body: ByteBuffer(string: "abc")
                ) { ($0.status, $0.json) }
                #expect(upload.0 == .created)
                #expect(upload.1["sha256"] as? String == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                let evidenceID = try #require(upload.1["id"] as? String)
                let tooBig = try await client.execute(
                    uri: "/api/v1/cases/\(id)/evidence?name=big.bin", method: .post, headers: [.authorization: "Bearer \(analyst)"],
                    body: ByteBuffer(repeating: 0, count: 65)
                ) { $0.status }
                #expect(tooBig == .contentTooLarge)
                let download = try await client.execute(uri: "/api/v1/cases/\(id)/evidence/\(evidenceID)", method: .get, headers: .bearer(auditor)) {
                    ($0.status, $0.body, $0.headers)
                }
                #expect(download.0 == .ok && String(buffer: download.1) == "abc")
                #expect(download.2[.contentDisposition] == "attachment; filename=\"headers.txt\"")
                let nowDone = try await Self.post(client, analyst, "/api/v1/cases/\(id)/tasks/\(gated)", #"{"status":"done"}"#, method: .patch)
                #expect(nowDone.status == .ok)

                // Manual timeline entry, comment, close, report.
                let entry = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)/timeline", #"{"text":"Reporter clicked the link","event_at":"2026-01-02T03:04:05Z"}"#)
                #expect(entry.status == .created && (entry.json["event_at"] as? String)?.hasPrefix("2026-01-02T03:04:05") == true)
                _ = try await Self.post(client, analyst, "/api/v1/cases/\(id)/comments", #"{"text":"@manager FYI"}"#)
                let closing = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)", #"{"status":"closed","resolution":"true_positive"}"#, method: .patch)
                #expect(closing.status == .unprocessableContent, "closing needs a summary")
                let closed = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)",
                    #"{"status":"closed","resolution":"true_positive","summary":"Purged; one password reset.","lessons_learned":"Report button works."}"#,
                    method: .patch)
                #expect(closed.status == .ok && closed.json["resolved_at"] is String)
                let markdown = try await client.execute(uri: "/api/v1/cases/\(id)/report?format=markdown", method: .get, headers: .bearer(auditor)) {
                    String(buffer: $0.body)
                }
                #expect(markdown.hasPrefix("**TLP:RED**"))
                #expect(markdown.contains("# Incident report #1: Reported phishing"))
                #expect(markdown.contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
                #expect(markdown.contains("Reporter clicked the link"))
                #expect(
                    markdown.contains("Status recovery") == false
                        && markdown.contains("Status triage → closed (true_positive): Purged; one password reset."))
                #expect(markdown.contains("Report button works."))
                let html = try await client.execute(uri: "/api/v1/cases/\(id)/report?format=html", method: .get, headers: .bearer(auditor)) {
                    ($0.headers, String(buffer: $0.body))
                }
                #expect(html.0[.contentType] == "text/html; charset=utf-8")
                #expect(html.1.contains("<strong>Bold</strong> &lt;b&gt;x&lt;/b&gt;"), "Markdown rendered, HTML escaped")
                let alertAfter = try await client.execute(uri: "/api/v1/alerts/\(alertID)", method: .get, headers: .bearer(analyst)) { $0.json }
                #expect(alertAfter["status"] as? String == "closed")

                // Metrics; views; roles.
                let metrics = try await client.execute(uri: "/api/v1/metrics/incidents?interval=day", method: .get, headers: .bearer(auditor)) {
                    $0.json
                }
                let high = try #require((metrics["by_severity"] as? [String: Any])?["high"] as? [String: Any])
                #expect(high["cases"] as? Int == 1 && high["closed"] as? Int == 1)
                #expect(high["mttr_seconds"] is Double)
                let today = String(Timestamp.format(harness.clock.now()).prefix(10))
                let byDay = try await client.execute(
                    uri: "/api/v1/metrics/incidents?from=\(today)&to=\(today)", method: .get, headers: .bearer(auditor)
                ) { $0.json }
                #expect((byDay["all"] as? [String: Any])?["cases"] as? Int == 1, "a day as 'to' runs through its end")
                let badRange = try await client.execute(uri: "/api/v1/metrics/incidents?from=yesterday", method: .get, headers: .bearer(auditor)) {
                    $0.status
                }
                #expect(badRange == .badRequest, "a malformed parameter is a 400, as the document says")
                let view = try await Self.post(client, analyst, "/api/v1/case-views", #"{"name":"Mine","query":"assignee=analyst&cursor=x"}"#)
                #expect(view.json["query"] as? String == "assignee=analyst")
                let forbidden = try await Self.post(client, auditor, "/api/v1/cases", #"{"title":"x","severity":"low"}"#)
                #expect(forbidden.status == .forbidden)
                let hidden = try await client.execute(uri: "/api/v1/cases", method: .get, headers: .bearer(employee)) { $0.status }
                #expect(hidden == .forbidden)
                let playbooks = try await client.execute(uri: "/api/v1/playbooks", method: .get, headers: .bearer(auditor)) { $0.json }
                #expect((playbooks["playbooks"] as? [[String: Any]])?.count == 8)
            }
            let audit = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "case."), page: PageRequest(limit: 200)).items
            #expect(
                Set(audit.map(\.action)).isSuperset(of: [
                    "case.create", "case.update", "case.playbook", "case.task.create", "case.evidence.add", "case.evidence.download", "case.comment",
                ]))
        }
    }

    @Test func observablesComeFromTheAlertsEventsAndMeetThreatIntelligence() async throws {
        try await Harness.with(rules: ["whoami.yml": AlertsAPITests.whoami]) { harness in
            let engineer = try await harness.token(.engineer)
            let analyst = try await harness.token(.analyst)
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/ingest", method: .post, headers: .bearer(engineer), body: ByteBuffer(string: AlertsAPITests.sysmon("lab-01"))
                ) { _ in }
                let alerts = try await AlertsAPITests.alerts(client, analyst) { !$0.isEmpty }
                let alertID = try #require(alerts.first?["id"] as? String)
                let created = try await Self.post(client, analyst, "/api/v1/cases", #"{"title":"whoami on lab-01","alert_ids":["\#(alertID)"]}"#)
                #expect(created.status == .created && created.json["severity"] as? String == "high", "severity from the alert")
                let id = try #require(created.json["id"] as? String)
                let indicator = try await Self.post(
                    client, analyst, "/api/v1/intel/indicators", #"{"value":"203.0.113.5","source":"feed","confidence":90}"#)
                #expect(indicator.status == .created)
                _ = try await Self.post(client, analyst, "/api/v1/cases/\(id)/observables", #"{"type":"ip","value":"203.0.113.5"}"#)
                let domain = try await Self.post(
                    client, analyst, "/api/v1/cases/\(id)/observables", #"{"type":"domain","value":"c2.example.org","ioc":true}"#)
                let list = try await client.execute(uri: "/api/v1/cases/\(id)/observables", method: .get, headers: .bearer(analyst)) {
                    $0.json["observables"] as? [[String: Any]] ?? []
                }
                let values = Set(list.map { "\($0["type"] as? String ?? ""):\($0["value"] as? String ?? "")" })
                #expect(values.isSuperset(of: ["host:lab-01", "file:whoami.exe", "ip:203.0.113.5", "domain:c2.example.org"]), "\(values)")
                let ip = try #require(list.first { $0["value"] as? String == "203.0.113.5" }?["seen"] as? [String: Any])
                #expect((ip["intel"] as? [String])?.first?.hasPrefix("ip 203.0.113.5 (feed, confidence 90)") == true)
                let host = try #require(list.first { $0["value"] as? String == "lab-01" }?["seen"] as? [String: Any])
                #expect((host["events_30_days"] as? Int ?? 0) >= 1, "the event names the host")
                let domainID = try #require(domain.json["id"] as? String)
                let promoted = try await Self.post(client, analyst, "/api/v1/cases/\(id)/observables/\(domainID)/promote", "")
                #expect(promoted.status == .ok && promoted.json["indicator_id"] is String)
                let indicators = try await client.execute(uri: "/api/v1/intel/indicators", method: .get, headers: .bearer(analyst)) {
                    String(buffer: $0.body)
                }
                #expect(indicators.contains("c2.example.org") && indicators.contains("case #1"))
                let fileID = try #require(list.first { $0["value"] as? String == "whoami.exe" }?["id"] as? String)
                let refused = try await Self.post(client, analyst, "/api/v1/cases/\(id)/observables/\(fileID)/promote", "")
                #expect(refused.status == .unprocessableContent, "a file name is not an indicator kind")
            }
        }
    }

    @Test func aCaseIsFoundByItsNumberWhereverItsIdIsTaken() async throws {
        try await Harness.with { harness in
            let analyst = try await harness.token(.analyst)
            try await harness.user(.analyst, username: "ann")
            let grant = try await harness.platform.foundation.auth.login(
                username: "ann", password: "correct horse battery", source: "test", userAgent: "test")
            try await harness.test { client in
                let first = try await Self.post(client, analyst, "/api/v1/cases", #"{"title":"Ransomware on ws-042","severity":"critical"}"#)
                _ = try await Self.post(client, analyst, "/api/v1/cases", #"{"title":"Phishing #2 wave","severity":"low"}"#)
                let id = try #require(first.json["id"] as? String)
                for address in ["1", "%231"] {
                    let found = try await client.execute(uri: "/api/v1/cases/\(address)", method: .get, headers: .json(analyst)) {
                        ($0.status, $0.json)
                    }
                    #expect(found.0 == .ok && found.1["id"] as? String == id, "GET /api/v1/cases/\(address)")
                }
                let comment = try await Self.post(client, analyst, "/api/v1/cases/1/comments", #"{"text":"by number"}"#)
                #expect(comment.status == .created)
                let dossier = try await client.execute(uri: "/api/v1/cases/\(id)", method: .get, headers: .json(analyst)) { $0.json }
                #expect((dossier["comments"] as? [[String: Any]])?.first?["text"] as? String == "by number")
                let missing = try await client.execute(uri: "/api/v1/cases/99", method: .get, headers: .json(analyst)) { $0.status }
                #expect(missing == .notFound)
                let listed = try await client.execute(uri: "/api/v1/cases?q=%231", method: .get, headers: .json(analyst)) { $0.json }
                let titles = (listed["cases"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
                #expect(titles.contains("Ransomware on ws-042") && !titles.contains("Phishing #2 wave"), "#1 finds case 1: \(titles)")
                let page = try await client.execute(
                    uri: "/incidents/1?timeline=desc", method: .get,
                    headers: [.accept: "text/html", .cookie: "bulwark_session=\(grant.cookieSecret)"]
                ) { ($0.status, $0.headers[.location]) }
                #expect(page.0 == .seeOther || page.0 == .found)
                #expect(page.1 == "/incidents/\(id)?timeline=desc")
            }
        }
    }
}
