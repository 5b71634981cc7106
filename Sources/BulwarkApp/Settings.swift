import AccessControl
import Collectors
import Detection
import Incidents
import Foundation
import Vulnerabilities
import Logging
import Monitoring
import NIOCore

/// The server's configuration, built once from flags, then `BULWARK_*` environment variables, then defaults.
public struct ServerSettings: Sendable {
    public var host = "127.0.0.1"
    public var port = 8080
    public var storage = StorageSettings()
    public var logLevel: Logger.Level = .info
    public var secureCookies = false
    public var publicMetrics = false
    public var policy = AuthPolicy()
    public var syslog = SyslogSettings()
    public var monitoring = MonitoringSettings()
    /// Sigma rule paths (empty: `<data>/rules` when it exists), logsource configuration, minimum level.
    public var detection = DetectionService.Settings()
    /// Matches of the same rule, host and user within this window grow one alert.
    public var alertGrouping: TimeInterval = 3600
    /// Days to remediate findings by severity (`--vuln-sla`).
    public var vulnerabilitySLA: SLAPolicy = .standard
    /// Webhooks told of every new alert at or above a severity.
    public var webhooks: [WebhookSettings] = []
    /// Mail for new alerts: where to, from, and the lowest severity; and the SMTP server (`smtp://` or `smtps://`).
    public var email: EmailSettings?
    public var smtpURL: String?
    /// Sender of alert and case mail (`--mail-from`).
    public var mailFrom = "bulwark@\(ProcessInfo.processInfo.hostName)"
    /// Case SLAs, regulatory deadlines, response actions, playbooks, automation (`--case-sla` …).
    public var incidents = IncidentSettings()
    /// HTTP connections at once, in all and per client address (`--http-max-connections`, `--http-max-connections-per-address`).
    public var httpConnections = ConnectionGate.Limits(total: 1024, perAddress: 128, idleTimeout: nil)
    /// An HTTP connection that sends no request (or no more of one) for this long is closed: slow or half-sent
    /// headers cannot hold a connection (`--http-idle-timeout`).
    public var httpIdleTimeout: TimeAmount = .seconds(30)
    /// How long a graceful shutdown waits for requests in flight and the ingest queue before cancelling them
    /// (`--shutdown-timeout`).
    public var shutdownTimeout: Duration = .seconds(30)

    public init() {}

    /// The rule paths in force: the configured ones, else the data directory's `rules` folder when it exists.
    public var rulePaths: [String] {
        if !detection.rulePaths.isEmpty { return detection.rulePaths }
        let folder = (storage.dataDirectory as NSString).appendingPathComponent("rules")
        return FileManager.default.fileExists(atPath: folder) ? [folder] : []
    }

    /// `90d`, `12h`, `30m`, `45s` (or plain seconds); errors name the flag.
    public static func parseDuration(_ text: String, flag: String) throws -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let unit = trimmed.last, let scale = units[unit], let value = Double(trimmed.dropLast()), value > 0 { return value * scale }
        if let value = Double(trimmed), value > 0 { return value }
        throw SettingsError("\(flag): '\(text)' is not a duration such as 30d, 12h, 15m or 90s")
    }

    /// `500MB`, `10GB`, `1TB`, `65536` (bytes); errors name the flag.
    public static func parseSize(_ text: String, flag: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "IB", with: "B")
        let units: [(String, Double)] = [("TB", 1_099_511_627_776), ("GB", 1_073_741_824), ("MB", 1_048_576), ("KB", 1024), ("B", 1)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            if let value = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), value > 0 { return Int64(value * scale) }
        }
        if let value = Int64(trimmed), value > 0 { return value }
        throw SettingsError("\(flag): '\(text)' is not a size such as 500MB or 10GB")
    }

    /// Splits `HOST:PORT` (IPv6 as `[::1]:8080`); errors name the flag.
    public static func parseAddress(_ text: String, flag: String) throws -> (host: String, port: Int) {
        var host = ""
        var portText = ""
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw SettingsError("\(flag): '\(text)' has '[' without ']'") }
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = String(text[close...].dropFirst().drop(while: { $0 == ":" }))
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw SettingsError("\(flag): '\(text)' must be HOST:PORT, e.g. 127.0.0.1:8080") }
            host = String(text[..<colon])
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = Int(portText), (0...65535).contains(port) else { throw SettingsError("\(flag): '\(portText)' is not a port number (0–65535)") }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

/// A configuration mistake, said so that the user can fix it.
public struct SettingsError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Reads `BULWARK_*` variables; the only place that reads the environment.
public struct Environment: Sendable {
    public var values: [String: String]
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) { self.values = values }

    public subscript(_ name: String) -> String? {
        values[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    public func flag(_ name: String) throws -> Bool? {
        guard let value = self[name] else { return nil }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingsError("\(name): '\(value)' is not true or false")
        }
    }
}
