// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Inventory
import Testing

/// Joiners, movers and leavers between the stored people and an HR roster's rows, and the roster's HR columns.
@Suite struct RosterChangesTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)
    let today = "2026-06-01"

    func person(
        _ email: String, department: String = "Sales", manager: String = "", title: String = "Rep", status: EmploymentStatus = .active,
        end: String = ""
    ) -> Person {
        Person(
            name: email, email: email, department: department, manager: manager, employmentStatus: status, endDate: end, jobTitle: title,
            createdAt: now)
    }

    @Test func joinersMoversAndLeavers() {
        let before = [
            person("stays@x.test"), person("moves@x.test", manager: "a@x.test"), person("fired@x.test"), person("ends@x.test"),
            person("later@x.test"), person("back@x.test", status: .terminated, end: "2025-01-01"),
            person("gone@x.test", status: .terminated, end: "2025-01-01"),
        ]
        let after = [
            person("stays@x.test"),
            person("moves@x.test", department: "Finance", manager: "b@x.test", title: "Controller"),
            person("fired@x.test", status: .terminated, end: "2026-05-30"),
            person("ends@x.test", end: "2026-06-01"),  // the end date is today: left
            person("later@x.test", end: "2026-07-01"),  // leaves next month: not yet
            person("back@x.test"),  // rehired
            person("gone@x.test", title: "Former rep", status: .terminated, end: "2025-01-01"),  // a leaver long gone: nothing new
            person("new@x.test"),
            person("new-but-gone@x.test", status: .terminated, end: "2026-01-01"),  // arrives already gone: not a joiner
        ]
        let changes = RosterChanges.between(before: Dictionary(uniqueKeysWithValues: before.map { ($0.email, $0) }), after: after, today: today)
        #expect(changes.joiners == ["back@x.test", "new@x.test"])
        #expect(changes.leavers == ["fired@x.test", "ends@x.test"])
        #expect(changes.movers.map(\.email) == ["moves@x.test"])
        #expect(
            changes.movers.first?.changes == [
                .init(field: "department", from: "Sales", to: "Finance"), .init(field: "manager", from: "a@x.test", to: "b@x.test"),
                .init(field: "job_title", from: "Rep", to: "Controller"),
            ])
    }

    @Test func theRosterCarriesEmployeeIDsAndJobTitles() {
        let csv = "name,email,employee_id,job_title\nAnn,ann@x.test,E-1001,Head of Sales\nBob,bob@x.test,E 2,\n"
        let plan = InventoryImport.people(csv: csv, now: now)
        #expect(plan.errors.isEmpty)
        #expect(plan.items.map(\.item.employeeID) == ["E-1001", "E 2"])
        #expect(plan.items.map(\.item.jobTitle) == ["Head of Sales", ""])
        let bad = InventoryImport.people(csv: "name,email,employee_id\nCy,cy@x.test,\(String(repeating: "9", count: 65))\n", now: now)
        #expect(bad.errors.map { "\($0.line ?? 0):\($0.field)" } == ["2:employee_id"])
    }
}
