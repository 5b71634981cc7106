import Foundation

extension AuditEntry {
    /// Column names of the CSV export, in order.
    public static let csvHeader = ["id", "time", "actor", "action", "target", "source", "outcome", "detail"]

    /// The entry as one CSV record (RFC 4180 quoting), without the line break.
    public var csvRecord: String {
        let time = ISO8601DateFormatter.bulwark.string(from: self.time)
        return [id, time, actor, action, target, source, outcome.rawValue, detail].map(CSV.quote).joined(separator: ",")
    }
}

extension ISO8601DateFormatter {
    /// RFC 3339 with milliseconds, UTC: the one timestamp format of the API and exports.
    public static var bulwark: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
