import ArgumentParser
import Collectors
import Foundation
import NIOCore

/// Flags that bound what clients can ask of the server: request sizes in events, connections, timeouts.
/// The defaults are safe; raise them for a large deployment behind a load balancer.
struct LimitOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Most events one HTTP ingest request may hold; more is refused with 413 before decoding (default 50000; env BULWARK_MAX_EVENTS_PER_REQUEST).", valueName: "N"))
    var maxEventsPerRequest: Int?

    @Option(name: .long, help: ArgumentHelp("Close an HTTP connection that sends no request, or stalls in one, for this long (default 30s; env BULWARK_HTTP_IDLE_TIMEOUT).", valueName: "DURATION"))
    var httpIdleTimeout: String?

    @Option(name: .long, help: ArgumentHelp("HTTP connections open at once (default 1024; env BULWARK_HTTP_MAX_CONNECTIONS).", valueName: "N"))
    var httpMaxConnections: Int?

    @Option(name: .long, help: ArgumentHelp("HTTP connections open at once from one client address (default 128; env BULWARK_HTTP_MAX_CONNECTIONS_PER_ADDRESS).", valueName: "N"))
    var httpMaxConnectionsPerAddress: Int?

    @Option(name: .long, help: ArgumentHelp("Syslog TCP/TLS connections open at once, per listener (default 1024; env BULWARK_SYSLOG_MAX_CONNECTIONS).", valueName: "N"))
    var syslogMaxConnections: Int?

    @Option(name: .long, help: ArgumentHelp("Syslog TCP/TLS connections open at once from one sender (default 64; env BULWARK_SYSLOG_MAX_CONNECTIONS_PER_ADDRESS).", valueName: "N"))
    var syslogMaxConnectionsPerAddress: Int?

    @Option(name: .long, help: ArgumentHelp("Close a syslog TCP/TLS connection that sends nothing for this long; senders reconnect (default 10m; env BULWARK_SYSLOG_IDLE_TIMEOUT).", valueName: "DURATION"))
    var syslogIdleTimeout: String?

    @Option(name: .long, help: ArgumentHelp("Stop an event search (count, page or histogram) that runs longer than this; answered 503 with the reason (default 30s; env BULWARK_SEARCH_TIMEOUT).", valueName: "DURATION"))
    var searchTimeout: String?

    @Option(name: .long, help: ArgumentHelp("On SIGTERM, wait this long for requests in flight and queued events, then cancel them (default 30s; env BULWARK_SHUTDOWN_TIMEOUT).", valueName: "DURATION"))
    var shutdownTimeout: String?

    func apply(to settings: inout ServerSettings, environment: Environment) throws {
        func number(_ value: Int?, _ variable: String, _ flag: String, range: ClosedRange<Int>) throws -> Int? {
            guard let text = value.map(String.init) ?? environment[variable] else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw SettingsError("\(flag): '\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        func duration(_ value: String?, _ variable: String, _ flag: String) throws -> TimeAmount? {
            guard let text = value ?? environment[variable] else { return nil }
            return .milliseconds(Int64(try ServerSettings.parseDuration(text, flag: flag) * 1000))
        }
        if let value = try number(maxEventsPerRequest, "BULWARK_MAX_EVENTS_PER_REQUEST", "--max-events-per-request", range: 1...1_000_000) {
            settings.monitoring.maximumEventsPerRequest = value
        }
        if let value = try duration(httpIdleTimeout, "BULWARK_HTTP_IDLE_TIMEOUT", "--http-idle-timeout") { settings.httpIdleTimeout = value }
        if let value = try number(httpMaxConnections, "BULWARK_HTTP_MAX_CONNECTIONS", "--http-max-connections", range: 1...1_000_000) {
            settings.httpConnections.total = value
        }
        if let value = try number(httpMaxConnectionsPerAddress, "BULWARK_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "--http-max-connections-per-address", range: 1...1_000_000) {
            settings.httpConnections.perAddress = value
        }
        if let value = try number(syslogMaxConnections, "BULWARK_SYSLOG_MAX_CONNECTIONS", "--syslog-max-connections", range: 1...1_000_000) {
            settings.syslog.connectionLimits.total = value
        }
        if let value = try number(syslogMaxConnectionsPerAddress, "BULWARK_SYSLOG_MAX_CONNECTIONS_PER_ADDRESS", "--syslog-max-connections-per-address", range: 1...1_000_000) {
            settings.syslog.connectionLimits.perAddress = value
        }
        if let text = searchTimeout ?? environment["BULWARK_SEARCH_TIMEOUT"] {
            settings.storage.searchTimeout = try ServerSettings.parseDuration(text, flag: "--search-timeout")
        }
        if let text = shutdownTimeout ?? environment["BULWARK_SHUTDOWN_TIMEOUT"] {
            settings.shutdownTimeout = .milliseconds(Int64(try ServerSettings.parseDuration(text, flag: "--shutdown-timeout") * 1000))
        }
        if let value = try duration(syslogIdleTimeout, "BULWARK_SYSLOG_IDLE_TIMEOUT", "--syslog-idle-timeout") { settings.syslog.connectionLimits.idleTimeout = value }
    }
}
