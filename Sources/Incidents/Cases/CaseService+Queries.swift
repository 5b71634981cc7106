// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// What the API and the pages may read of cases, and the saved views of a case list: the service is the only door to
/// its store.
extension CaseService {
    /// The case, or nil when there is none with this id.
    public nonisolated func findCase(id: String) async throws -> Case? { try await store.get(id: id) }

    /// The case with this number (the `#12` of its reference), or nil.
    public nonisolated func findCase(number: Int) async throws -> Case? { try await store.get(number: number) }

    /// The case an address names: its id, its number (`12`) or its reference (`#12`); nil when there is none.
    public nonisolated func findCase(reference: String) async throws -> Case? {
        if let number = CaseReference.number(reference) { return try await store.get(number: number) }
        return try await store.get(id: reference)
    }

    public nonisolated func listCases(_ query: CaseQuery, page: PageRequest) async throws -> Page<Case> {
        try await store.list(query, page: page)
    }

    /// The saved filters of the case list that belong to `owner`.
    public nonisolated func views(owner: String) async throws -> [CaseView] { try await store.views(owner: owner) }

    public nonisolated func saveView(_ view: CaseView) async throws { try await store.saveView(view) }

    /// Whether a view of this owner was deleted.
    public nonisolated func deleteView(id: String, owner: String) async throws -> Bool { try await store.deleteView(id: id, owner: owner) }
}

/// A case's number as people write it: `12` or `#12`.
public enum CaseReference {
    public static func number(_ text: String) -> Int? {
        let digits = text.hasPrefix("#") ? text.dropFirst() : Substring(text)
        guard (1...9).contains(digits.count), digits.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(digits)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
