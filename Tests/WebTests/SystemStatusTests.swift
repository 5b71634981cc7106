// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Incidents
import Monitoring
import Vulnerabilities
import NIOCore
import Testing

@testable import Web

/// The admin's health readings move with what the server does.
@Suite struct SystemStatusTests {
    @Test func healthReadsTheQueueDetectionAndFeeds() async throws {
        try await Harness.with { harness in
            let admin = try await harness.token(.admin)
            func readings() async throws -> [String: [String: String]] {
                try await harness.test { client in
                    try await client.execute(uri: "/api/v1/system/health", method: .get, headers: .bearer(admin)) { response in
                        #expect(response.status == .ok)
                        let list = response.json["readings"] as? [[String: Any]] ?? []
                        return Dictionary(
                            list.map { ($0["name"] as? String ?? "", $0.compactMapValues { $0 as? String }) }, uniquingKeysWith: { a, _ in a })
                    }
                }
            }
            let before = try await readings()
            #expect(before["Advisory feeds"]?["state"] == "problem", "no advisories yet")
            #expect(before["Database"]?["value"]?.hasPrefix("SQLite, ") == true)
            var batch = AdvisoryBatch()
            batch.epss = [EPSSScore(cve: "CVE-2024-0001", probability: 0.1, percentile: 0.5)]
            _ = try await harness.platform.vulnerabilities.service.importAdvisories(batch, source: "t", by: .cli)
            let now = harness.clock.now()
            try await harness.monitoring.pipeline.submit([Event(timestamp: now, received: now, host: "h1", input: "test", raw: "hello", fields: [:])])
            let after = try await readings()
            #expect(after["Advisory feeds"]?["state"] == "ok")
            #expect(after["Ingest, last hour"]?["value"] == "1 events")
        }
    }
}
