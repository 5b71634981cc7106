import Inventory

/// The assets findings are on, as vulnerability management reads them: through the inventory's service (its owner),
/// never its tables.
public protocol FindingAssets: Sendable {
    /// The asset, or nil when there is none with this id.
    func findAsset(id: String) async throws -> Asset?
}

extension InventoryService: FindingAssets {}
