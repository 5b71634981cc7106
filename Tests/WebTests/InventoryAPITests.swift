// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Inventory
import Foundation
import Hummingbird
import HummingbirdTesting
import BulwarkTesting
import Testing

@Suite struct InventoryAPITests {
    @Test func assetLifecycleAndAudit() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.engineer)
            try await harness.test { client in
                let created = try await client.execute(
                    uri: "/api/v1/assets", method: .post, headers: .json(token),
                    body: ByteBuffer(json: [
                        "name": "web-01", "hostnames": ["web-01.example.com"], "ips": ["10.0.0.1", "2001:db8::1"], "owner": "ops@example.com",
                        "criticality": "high", "environment": "production", "internet_facing": true, "tags": ["web", "pci"],
                    ])
                ) { response in
                    #expect(response.status == .created)
                    return response.json
                }
                let id = try #require(created["id"] as? String)
                #expect(created["internet_facing"] as? Bool == true)
                #expect(created["ips"] as? [String] == ["10.0.0.1", "2001:db8::1"])
                try await client.execute(
                    uri: "/api/v1/assets/\(id)", method: .patch, headers: .json(token),
                    body: ByteBuffer(json: ["criticality": "critical", "tags": ["web"]])
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["criticality"] as? String == "critical")
                    #expect(response.json["hostnames"] as? [String] == ["web-01.example.com"], "fields absent from PATCH stay")
                }
                try await client.execute(uri: "/api/v1/assets?criticality=critical", method: .get, headers: .bearer(token)) { response in
                    #expect((response.json["assets"] as? [Any])?.count == 1)
                }
                try await client.execute(uri: "/api/v1/assets/\(id)", method: .delete, headers: .bearer(token)) { #expect($0.status == .noContent) }
                try await client.execute(uri: "/api/v1/assets/\(id)", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .notFound)
                    #expect(response.errorCode == "not_found")
                }
            }
            let actions = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "asset."), page: PageRequest()).items.map(
                \.action)
            #expect(actions == ["asset.delete", "asset.update", "asset.create"])
            let update = try await harness.platform.foundation.audit.list(AuditQuery(actionPrefix: "asset.update"), page: PageRequest()).items.first
            #expect(update?.actor == "engineer")
            #expect(update?.detail.contains("criticality") == true)
        }
    }

    @Test func errorsHaveTheRightStatusAndNameTheField() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.admin)
            try await harness.test { client in
                try await client.execute(uri: "/api/v1/assets", method: .post, headers: .json(token), body: ByteBuffer(string: "{not json")) {
                    response in
                    #expect(response.status == .badRequest)
                    #expect(response.errorCode == "bad_request")
                }
                try await client.execute(uri: "/api/v1/assets", method: .post, headers: .json(token), body: ByteBuffer(string: #"{"name": 7}"#)) {
                    response in
                    #expect(response.status == .badRequest)
                    #expect((response.json["error"] as? [String: Any])?["message"] as? String == "name: expected a string")
                }
                try await client.execute(
                    uri: "/api/v1/assets", method: .post, headers: .json(token),
                    body: ByteBuffer(json: ["name": "a", "ips": ["10.0.0.300"], "criticality": "low"])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    let details = (response.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
                    #expect(details?.first?["field"] as? String == "ips")
                }
                try await client.execute(
                    uri: "/api/v1/assets", method: .post, headers: .json(token),
                    body: ByteBuffer(json: ["name": "typo", "internet_facng": true])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    let details = (response.json["error"] as? [String: Any])?["details"] as? [[String: Any]]
                    #expect(details?.first?["field"] as? String == "internet_facng")
                }
                try await client.execute(uri: "/api/v1/assets", method: .post, headers: .json(token), body: ByteBuffer(string: "[1,2]")) { response in
                    #expect(response.status == .badRequest)
                }
                try await client.execute(uri: "/api/v1/assets", method: .post, headers: .json(token), body: ByteBuffer(json: ["name": "dup"])) {
                    #expect($0.status == .created)
                }
                try await client.execute(uri: "/api/v1/assets", method: .post, headers: .json(token), body: ByteBuffer(json: ["name": "dup"])) {
                    response in
                    #expect(response.status == .conflict)
                    #expect(response.errorCode == "conflict")
                }
                try await client.execute(
                    uri: "/api/v1/assets", method: .post, headers: .json(token),
                    body: ByteBuffer(string: String(repeating: " ", count: 300_000))
                ) { response in
                    #expect(response.status == .contentTooLarge)
                    #expect(response.errorCode == "payload_too_large")
                }
                try await client.execute(uri: "/api/v1/assets?limit=0", method: .get, headers: .bearer(token)) { #expect($0.status == .badRequest) }
                try await client.execute(uri: "/api/v1/assets?cursor=%%%", method: .get, headers: .bearer(token)) {
                    #expect($0.status == .unprocessableContent)
                }
                try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .notFound)
                    #expect(response.errorCode == "not_found")
                }
                try await client.execute(uri: "/api/v1/assets", method: .get, headers: .bearer("bwk_not-a-real-token")) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.errorCode == "invalid_token")
                }
            }
        }
    }

    @Test func listingsPageByCursorWithoutGapsOrRepeats() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.admin)
            for index in 0..<23 {
                _ = try await harness.platform.foundation.inventory.createAsset(
                    Asset(name: String(format: "host-%02d", index), createdAt: harness.clock.now()),
                    by: .init(username: "t", source: "t"))
            }
            try await harness.test { client in
                var names: [String] = []
                var cursor: String? = nil
                repeat {
                    let uri =
                        "/api/v1/assets?limit=5"
                        + (cursor.map { "&cursor=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" } ?? "")
                    cursor = try await client.execute(uri: uri, method: .get, headers: .bearer(token)) { response in
                        names += ((response.json["assets"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
                        return response.json["next"] as? String
                    }
                } while cursor != nil
                #expect(names == (0..<23).map { String(format: "host-%02d", $0) })
            }
        }
    }

    @Test func csvImportIsAllOrNothingUnlessPartial() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.admin)
            let csv = """
                name,ips,criticality,internet_facing,tags
                db-01,10.0.0.5,critical,false,db;pci
                bad-1,999.1.1.1,high,no,
                db-02,10.0.0.6,urgent,yes,db
                db-03,,low,true,
                """
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/assets/import", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"],
                    body: ByteBuffer(string: csv)
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.json["applied"] as? Bool == false)
                    let rejected = response.json["rejected"] as? [[String: Any]] ?? []
                    #expect(rejected.compactMap { $0["line"] as? Int } == [3, 4])
                    #expect(rejected.compactMap { $0["field"] as? String } == ["ips", "criticality"])
                }
                #expect(try await harness.platform.foundation.inventory.assetCount() == 0)
                try await client.execute(
                    uri: "/api/v1/assets/import?partial=true", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"],
                    body: ByteBuffer(string: csv)
                ) { response in
                    #expect(response.status == .ok)
                    #expect(response.json["created"] as? Int == 2)
                    #expect((response.json["rejected"] as? [Any])?.count == 2)
                }
                let names = try await harness.platform.foundation.inventory.listAssets(AssetQuery(), page: PageRequest()).items.map(\.name)
                #expect(names == ["db-01", "db-03"])
                #expect(try await harness.platform.foundation.inventory.findAsset(name: "db-01")?.tags == ["db", "pci"])
            }
        }
    }

    @Test func peopleValidationAndFilters() async throws {
        try await Harness.with { harness in
            let token = try await harness.token(.manager)
            try await harness.test { client in
                try await client.execute(
                    uri: "/api/v1/people", method: .post, headers: .json(token),
                    body: ByteBuffer(json: [
                        "name": "Ann Lee", "email": "Ann.Lee@Example.com", "department": "Finance", "employment_status": "terminated",
                    ])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("end_date"))
                }
                try await client.execute(
                    uri: "/api/v1/people", method: .post, headers: .json(token),
                    body: ByteBuffer(json: [
                        "name": "Ann Lee", "email": "Ann.Lee@Example.com", "department": "Finance", "start_date": "2024-02-30",
                    ])
                ) { response in
                    #expect(response.status == .unprocessableContent)
                    #expect(response.text.contains("start_date"))
                }
                try await client.execute(
                    uri: "/api/v1/people", method: .post, headers: .json(token),
                    body: ByteBuffer(json: [
                        "name": "Ann Lee", "email": "Ann.Lee@Example.com", "department": "Finance", "start_date": "2024-02-29",
                    ])
                ) { response in
                    #expect(response.status == .created)
                    #expect(response.json["email"] as? String == "ann.lee@example.com")
                }
                try await client.execute(uri: "/api/v1/people?employment_status=active&q=ann", method: .get, headers: .bearer(token)) { response in
                    #expect((response.json["people"] as? [Any])?.count == 1)
                }
                try await client.execute(uri: "/api/v1/people?employment_status=retired", method: .get, headers: .bearer(token)) { response in
                    #expect(response.status == .badRequest)
                    #expect(response.text.contains("employment_status"))
                }
            }
        }
    }
}

@Suite struct InventoryPageTests {
    @Test func pagesLinkAssetsAndTheirOwnersAndFlagLeavers() async throws {
        try await Harness.with { harness in
            let actor = InventoryService.Actor(username: "t", source: "t")
            let leaver = try await harness.platform.foundation.inventory.createPerson(
                Person(
                    name: "Lee <Leaver>", email: "lee@example.com", employmentStatus: .terminated, endDate: "2026-10-01",
                    createdAt: harness.clock.now()), by: actor)
            let asset = try await harness.platform.foundation.inventory.createAsset(
                Asset(name: "erp-01", owner: "lee@example.com", criticality: .high, createdAt: harness.clock.now()), by: actor)
            try await harness.user(.auditor)
            let grant = try await harness.platform.foundation.auth.login(
                username: "auditor", password: "correct horse battery", source: "t", userAgent: "t")
            try await harness.test { client in
                try await client.execute(uri: "/people/\(leaver.id)", method: .get, headers: [.cookie: "bulwark_session=\(grant.cookieSecret)"]) {
                    response in
                    #expect(response.status == .ok)
                    #expect(response.text.contains("Assets owned (1)"))
                    #expect(response.text.contains("href=\"/assets/\(asset.id)\""))
                    #expect(response.text.contains("has left but still owns 1 assets"))
                    #expect(response.text.contains("Lee &lt;Leaver&gt;"), "names are escaped")
                    #expect(!response.text.contains("<form method=\"post\" action=\"/people/"), "an auditor gets no edit form")
                }
                try await client.execute(uri: "/assets/\(asset.id)", method: .get, headers: [.cookie: "bulwark_session=\(grant.cookieSecret)"]) {
                    response in
                    #expect(response.text.contains("href=\"/people/\(leaver.id)\""))
                    #expect(response.text.contains("The owner left the organisation on 2026-10-01"))
                }
            }
            let token = try await harness.token(.analyst)
            try await harness.test { client in
                try await client.execute(uri: "/api/v1/assets?owner=lee%40example.com", method: .get, headers: .bearer(token)) { response in
                    #expect(((response.json["assets"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String } == ["erp-01"])
                }
            }
        }
    }
}
