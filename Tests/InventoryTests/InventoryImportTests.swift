// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import Inventory
import BulwarkCore
import Foundation
import Testing

@Suite struct InventoryImportTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func goodRowsParseWithListsAndDefaults() {
        let plan = InventoryImport.assets(csv: "Name,IPs,Tags,Internet_Facing\nweb-1,10.0.0.1; ::1,a;b,yes\ndb-1,,,\n", now: now)
        #expect(plan.errors.isEmpty)
        #expect(plan.items.map(\.line) == [2, 3])
        #expect(plan.items[0].item.ips == ["10.0.0.1", "::1"])
        #expect(plan.items[0].item.tags == ["a", "b"])
        #expect(plan.items[0].item.internetFacing)
        #expect(plan.items[1].item.criticality == .medium)
        #expect(plan.items[1].item.environment == "production")
    }

    @Test func everyBadRowIsReportedWithLineAndField() {
        let csv = """
            name,ips,criticality,internet_facing
            ok-1,10.0.0.1,high,no
            ,10.0.0.2,low,no
            bad-ip,10.0.0.256,low,no
            bad-crit,,severe,maybe
            short,1.1.1.1
            """
        let plan = InventoryImport.assets(csv: csv, now: now)
        #expect(plan.items.map(\.line) == [2])
        let found = plan.errors.map { "\($0.line ?? 0):\($0.field)" }
        #expect(found == ["3:name", "4:ips", "5:criticality", "5:internet_facing", "6:row"])
    }

    @Test func headerProblemsStopTheFile() {
        let plan = InventoryImport.people(csv: "name,e-mail\nAnn,ann@example.com\n", now: now)
        #expect(plan.items.isEmpty)
        #expect(Set(plan.errors.map(\.field)) == ["e-mail", "email"])
        #expect(plan.errors.allSatisfy { $0.line == 1 })
        #expect(InventoryImport.assets(csv: "", now: now).errors.first?.message.contains("empty") == true)
    }

    @Test func peopleRules() {
        let csv = """
            name,email,manager,employment_status,start_date,end_date
            Ann,ANN@example.com,boss@example.com,active,2024-01-31,
            Bob,bob@example,,active,,
            Cy,cy@example.com,cy@example.com,terminated,2020-01-01,
            Di,di@example.com,,on_leave,2023-05-01,2022-01-01
            """
        let plan = InventoryImport.people(csv: csv, now: now)
        #expect(plan.items.map(\.item.email) == ["ann@example.com"])
        #expect(plan.errors.map { "\($0.line ?? 0):\($0.field)" } == ["3:email", "4:manager", "4:end_date", "5:end_date"])
    }
}

@Suite struct ValidationTests {
    @Test(arguments: ["10.0.0.1", "255.255.255.255", "::1", "2001:db8::8a2e:370:7334", "::ffff:192.0.2.1"])
    func validIPs(_ ip: String) { #expect(Validation.isIPAddress(ip)) }

    @Test(arguments: ["10.0.0", "256.1.1.1", "1.2.3.4/24", "gggg::1", "", "1.2.3.4:80"])
    func invalidIPs(_ ip: String) { #expect(!Validation.isIPAddress(ip)) }

    @Test func hostnamesEmailsDates() {
        #expect(Validation.isHostname("web-01.dc1.example.com"))
        #expect(!Validation.isHostname("-web.example.com"))
        #expect(!Validation.isHostname("a..b"))
        #expect(!Validation.isHostname(String(repeating: "a", count: 64) + ".com"))
        #expect(Validation.isEmail("first.last+tag@example.co.uk"))
        #expect(!Validation.isEmail("no-at-sign.example.com"))
        #expect(!Validation.isEmail("a@b@example.com"))
        #expect(!Validation.isEmail("a b@example.com"))
        #expect(Validation.isDate("2024-02-29"))
        #expect(!Validation.isDate("2023-02-29"))
        #expect(!Validation.isDate("1900-02-29"))
        #expect(Validation.isDate("2000-02-29"))
        #expect(!Validation.isDate("2024-13-01"))
    }
}

/// The probe's CSV headers: millions of columns took minutes (a quadratic duplicate check, an error per column).
@Suite struct InventoryImportBoundsTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test func aHeaderOfMillionsOfColumnsStopsAtTheColumnBound() {
        let header = "name," + Array(repeating: "x", count: 2_000_000).joined(separator: ",")
        let plan = InventoryImport.assets(csv: header + "\nweb-1\n", now: now)
        #expect(plan.items.isEmpty)
        #expect(plan.errors.count == 1)
        #expect(plan.errors.first?.message == "more than \(InventoryImport.maxColumns) fields in one record")
        #expect(plan.errors.first?.line == 1)
    }

    @Test func unknownAndRepeatedColumnsAreReportedOnceEach() {
        let header = ["name", "name", "name"] + Array(repeating: "bogus", count: 30) + ["other", "other"]
        let plan = InventoryImport.assets(csv: header.joined(separator: ",") + "\n", now: now)
        #expect(plan.errors.map(\.field) == ["name", "bogus", "other"])
        #expect(plan.errors.first?.message == "column appears twice")
    }

    @Test func aReportListsAThousandProblemsAndCountsAll() async throws {
        let rows = (1...5000).map { "bad-\($0),,severe" }.joined(separator: "\n")
        let plan = InventoryImport.assets(csv: "name,ips,criticality\n" + rows, now: now)
        #expect(plan.errors.count == 5000)
        let report = InventoryService.ImportReport(created: 0, updated: 0, rejected: plan.errors, applied: false)
        #expect(report.rejected.count == 1000)
        #expect(report.rejectedTotal == 5000)
        #expect(report.rejected.first?.line == 2)
    }
}
