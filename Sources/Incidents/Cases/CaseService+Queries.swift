import BulwarkCore
import Foundation

/// What the API and the pages may read of cases, and the saved views of a case list: the service is the only door to
/// its store.
extension CaseService {
    /// The case, or nil when there is none with this id.
    public nonisolated func findCase(id: String) async throws -> Case? { try await store.get(id: id) }

    /// The case with this number (the `#12` of its reference), or nil.
    public nonisolated func findCase(number: Int) async throws -> Case? { try await store.get(number: number) }

    public nonisolated func listCases(_ query: CaseQuery, page: PageRequest) async throws -> Page<Case> {
        try await store.list(query, page: page)
    }

    /// The saved filters of the case list that belong to `owner`.
    public nonisolated func views(owner: String) async throws -> [CaseView] { try await store.views(owner: owner) }

    public nonisolated func saveView(_ view: CaseView) async throws { try await store.saveView(view) }

    /// Whether a view of this owner was deleted.
    public nonisolated func deleteView(id: String, owner: String) async throws -> Bool { try await store.deleteView(id: id, owner: owner) }
}
