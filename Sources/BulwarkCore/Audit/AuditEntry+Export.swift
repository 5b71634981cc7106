import Foundation

extension AuditEntry {
    /// Column names of the CSV export, in order.
    public static let csvHeader = ["id", "time", "actor", "action", "target", "source", "outcome", "detail"]

    /// The entry as one CSV record (RFC 4180 quoting), without the line break.
    public var csvRecord: String {
        let time = Timestamp.format(self.time)
        return [id, time, actor, action, target, source, outcome.rawValue, detail].map(CSV.quote).joined(separator: ",")
    }
}
