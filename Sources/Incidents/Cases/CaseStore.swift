// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Where cases live. Incidents owns the `cases`, `case_records` and `case_views` tables; Storage implements this.
public protocol CaseStore: Sendable {
    /// Stores a new case and answers it with its number.
    func create(_ item: Case) async throws -> Case
    func get(id: String) async throws -> Case?
    func get(number: Int) async throws -> Case?
    func update(_ item: Case) async throws
    /// Newest first.
    func list(_ query: CaseQuery, page: PageRequest) async throws -> Page<Case>
    /// Cases detected in a period (metrics).
    func detected(from: Date, to: Date) async throws -> [Case]

    /// Inserts or replaces a record.
    func save<Record: CaseRecord>(_ record: Record) async throws
    func records<Record: CaseRecord>(caseID: String, as type: Record.Type) async throws -> [Record]
    func record<Record: CaseRecord>(id: String, as type: Record.Type) async throws -> Record?
    /// Removes a record (an observable the merge target already has).
    func delete<Record: CaseRecord>(id: String, as type: Record.Type) async throws
    /// The case ids holding a record of this kind with this key (observables by type and value).
    func caseIDs(kind: String, key: String) async throws -> [String]

    func views(owner: String) async throws -> [CaseView]
    func saveView(_ view: CaseView) async throws
    func deleteView(id: String, owner: String) async throws -> Bool
}
