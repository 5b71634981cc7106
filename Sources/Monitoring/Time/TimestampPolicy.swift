import Foundation

/// How an event's `@timestamp` is chosen, predictably, when its source's clock or format cannot be trusted:
///
/// - **missing** or unreadable: the time Bulwark received it; `bulwark.timestamp_issue` = `missing`.
/// - **no time zone** (RFC 3164 syslog, many application logs): read as UTC; `bulwark.timestamp_issue` = `no_zone`.
/// - **in the future** by more than ``futureTolerance`` of the receipt time (a wrong clock): the receipt time,
///   with the claimed time kept in `bulwark.original_timestamp`; `bulwark.timestamp_issue` = `future`.
///
/// Old times are kept as they are: late-arriving logs are normal, and retention removes them by their own time.
public struct TimestampPolicy: Sendable {
    public var futureTolerance: TimeInterval

    public init(futureTolerance: TimeInterval = 15 * 60) {
        self.futureTolerance = futureTolerance
    }

    public func apply(_ parsed: ParsedTime?, to event: inout Event) {
        guard let parsed else {
            event.timestamp = event.received
            event.fields["bulwark.timestamp_issue"] = .string("missing")
            return
        }
        if parsed.date.timeIntervalSince(event.received) > futureTolerance {
            event.timestamp = event.received
            event.fields["bulwark.timestamp_issue"] = .string("future")
            event.fields["bulwark.original_timestamp"] = .string(isoString(parsed.date))
            return
        }
        event.timestamp = parsed.date
        if !parsed.hasZone { event.fields["bulwark.timestamp_issue"] = .string("no_zone") }
    }
}

/// RFC 3339 in UTC with milliseconds, as events are shown.
public func isoString(_ date: Date) -> String {
    let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    let seconds = Int(millis.quotientAndRemainder(dividingBy: 1000).quotient - (millis < 0 && millis % 1000 != 0 ? 1 : 0))
    let ms = Int(millis - Int64(seconds) * 1000)
    var days = seconds / 86400
    var secs = seconds % 86400
    if secs < 0 { secs += 86400; days -= 1 }
    // Civil from days (Hinnant).
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secs / 3600, 2)):\(pad(secs % 3600 / 60, 2)):\(pad(secs % 60, 2)).\(pad(ms, 3))Z"
}
