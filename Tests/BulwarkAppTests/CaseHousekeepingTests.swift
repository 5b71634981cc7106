// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Prometheus
import Testing
@testable import BulwarkApp

/// The case gauges on /metrics: open cases by severity and phase, SLA breaches, regulatory clocks at risk.
@Suite struct CaseHousekeepingTests {
    @Test func gaugesCountTheOpenCases() async throws {
        try await CommandTests.withDirectory { directory in
            let platform = try await CommandTests.open(directory)
            let actor = AuditActor(username: "ann", source: "test")
            let high = try await platform.incidents.cases.create(CaseService.NewCase(title: "a", severity: .high), by: actor)
            _ = try await platform.incidents.cases.update(
                id: high.id, CaseService.Change(status: .triage, regulations: [.gdpr], awareAt: Date().addingTimeInterval(-60 * 3600)), by: actor)
            _ = try await platform.incidents.cases.create(CaseService.NewCase(title: "b", severity: .high), by: actor)
            let closed = try await platform.incidents.cases.create(CaseService.NewCase(title: "c", severity: .low), by: actor)
            _ = try await platform.incidents.cases.update(
                id: closed.id, CaseService.Change(status: .closed, resolution: .benign, summary: "x"), by: actor)
            let registry = PrometheusCollectorRegistry()
            try await CaseHousekeeping.publish(platform.incidents.cases, PrometheusMetricsFactory(registry: registry))
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            let text = String(decoding: buffer, as: UTF8.self)
            #expect(text.contains(#"bulwark_cases_open{severity="high",status="triage"} 1"#))
            #expect(text.contains(#"bulwark_cases_open{severity="high",status="new"} 1"#))
            #expect(text.contains(#"bulwark_cases_open{severity="low",status="new"} 0"#), "closed cases are not open; zero series stay")
            #expect(text.contains("bulwark_cases_regulatory_at_risk 1"), "the GDPR clock started 60 hours ago")
            #expect(text.contains("bulwark_cases_sla_breached 0"))
            await platform.close()
        }
    }
}
