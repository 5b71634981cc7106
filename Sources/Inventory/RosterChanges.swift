// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// What an import of the HR roster changed in the organisation: who **joined** (new, or back after leaving), who
/// **moved** (department, manager or job title), who **left** (terminated, or an end date that has come). The
/// access reviews and the leaver findings start from these.
public struct RosterChanges: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var field: String
        public var from: String
        public var to: String

        public init(field: String, from: String, to: String) {
            self.field = field
            self.from = from
            self.to = to
        }
    }

    public struct Move: Sendable, Equatable {
        public var email: String
        public var changes: [Change]
    }

    public var joiners: [String] = []
    public var movers: [Move] = []
    public var leavers: [String] = []

    public var isEmpty: Bool { joiners.isEmpty && movers.isEmpty && leavers.isEmpty }

    /// The changes from `before` (the people as stored, by e-mail) to `after` (the rows to write), on `today`
    /// (`YYYY-MM-DD`). Each list in the rows' order.
    public static func between(before: [String: Person], after: [Person], today: String) -> RosterChanges {
        var changes = RosterChanges()
        for person in after {
            guard let old = before[person.email] else {
                if !person.hasLeft(today: today) { changes.joiners.append(person.email) }
                continue
            }
            switch (old.hasLeft(today: today), person.hasLeft(today: today)) {
            case (false, true): changes.leavers.append(person.email)
            case (true, false): changes.joiners.append(person.email)
            case (true, true): continue
            case (false, false):
                let moved = [
                    ("department", old.department, person.department), ("manager", old.manager, person.manager),
                    ("job_title", old.jobTitle, person.jobTitle),
                ]
                .filter { $0.1 != $0.2 }.map { Change(field: $0.0, from: $0.1, to: $0.2) }
                if !moved.isEmpty { changes.movers.append(Move(email: person.email, changes: moved)) }
            }
        }
        return changes
    }
}

extension Person {
    /// Terminated, or past an end date (`today` as `YYYY-MM-DD`).
    public func hasLeft(today: String) -> Bool {
        employmentStatus == .terminated || (!endDate.isEmpty && endDate <= today)
    }
}
