// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import BulwarkTesting
import Foundation
import Inventory
import Storage
import Testing

/// The HR roster imported twice over a real database: its employee ids and job titles stored, and the second
/// import's joiners, movers and leavers reported and written to the audit log.
@Suite struct HRRosterImportTests {
    @Test(arguments: TestDatabases.kinds)
    func theSecondRosterSaysWhoJoinedMovedAndLeft(_ kind: Database.Dialect) async throws {
        try await TestDatabases.with(kind) { database in
            let clock = ManualClock(Timestamp.parse("2026-06-01T09:00:00Z")!)
            let audit = SQLAuditLog(database: database)
            let people = SQLPersonStore(database: database)
            let inventory = InventoryService(assets: SQLAssetStore(database: database), people: people, audit: audit, clock: clock)
            let header = "name,email,department,manager,employment_status,start_date,end_date,employee_id,job_title\n"
            let first = try await inventory.importPeople(
                csv: header + """
                    Ann Lee,ann@x.test,Sales,,active,2020-01-01,,E1,Head of Sales
                    Bo Kim,bo@x.test,Sales,ann@x.test,active,2021-01-01,,E2,Account Executive
                    Cy Ng,cy@x.test,Finance,,active,2022-01-01,,E3,Accountant

                    """, partial: false, by: .cli)
            #expect(first.applied && first.roster.joiners == ["ann@x.test", "bo@x.test", "cy@x.test"] && first.roster.leavers.isEmpty)
            let bo = try #require(try await people.get(email: "bo@x.test"))
            #expect(bo.employeeID == "E2" && bo.jobTitle == "Account Executive")

            let second = try await inventory.importPeople(
                csv: header + """
                    Ann Lee,ann@x.test,Sales,,active,2020-01-01,,E1,Head of Sales
                    Bo Kim,bo@x.test,Finance,cy@x.test,active,2021-01-01,,E2,Controller
                    Cy Ng,cy@x.test,Finance,,terminated,2022-01-01,2026-05-31,E3,Accountant
                    Di Oz,di@x.test,Security,,active,2026-06-01,,E4,Security Analyst

                    """, partial: false, by: .cli)
            #expect(second.created == 1 && second.updated == 3)
            #expect(second.roster.joiners == ["di@x.test"] && second.roster.leavers == ["cy@x.test"])
            #expect(second.roster.movers.map(\.email) == ["bo@x.test"])
            #expect(second.roster.movers.first?.changes.map(\.field) == ["department", "manager", "job_title"])
            #expect(try await people.get(emails: ["ann@x.test", "di@x.test", "nobody@x.test"]).map(\.employeeID).sorted() == ["E1", "E4"])

            let entries = try await audit.list(AuditQuery(actionPrefix: "person.roster"), page: PageRequest(limit: 10)).items
            #expect(entries.map(\.detail).contains("joiners=1 movers=1 leavers=1 left=cy@x.test"))
            #expect(entries.map(\.detail).contains("joiners=3 movers=0 leavers=0"))

            // A roster that stops the import changes nothing and reports no one.
            let refused = try await inventory.importPeople(csv: header + "Eve,not-an-email,,,,,,,\n", partial: false, by: .cli)
            #expect(!refused.applied && refused.roster.isEmpty)
        }
    }
}
