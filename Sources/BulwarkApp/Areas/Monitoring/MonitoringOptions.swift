// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Collectors
import Foundation

/// Monitoring's flags: syslog listeners, retention, silent sources, ingest bounds.
struct MonitoringOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Receive syslog over UDP, e.g. 0.0.0.0:514 (off by default; env BULWARK_SYSLOG_UDP).", valueName: "HOST:PORT")
    )
    var syslogUdp: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Receive syslog over TCP, LF or octet-counted framing (off by default; env BULWARK_SYSLOG_TCP).", valueName: "HOST:PORT"))
    var syslogTcp: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Receive syslog over TLS (RFC 5425); needs --tls-cert and --tls-key (off by default; env BULWARK_SYSLOG_TLS).", valueName: "HOST:PORT"))
    var syslogTls: String?

    @Option(name: .long, help: ArgumentHelp("PEM certificate chain for --syslog-tls (env BULWARK_TLS_CERT).", valueName: "FILE"))
    var tlsCert: String?

    @Option(name: .long, help: ArgumentHelp("PEM private key for --syslog-tls (env BULWARK_TLS_KEY).", valueName: "FILE"))
    var tlsKey: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Longest syslog message kept, in bytes; longer ones are cut and flagged (default 65536; env BULWARK_SYSLOG_MAX_MESSAGE).",
            valueName: "BYTES"))
    var syslogMaxMessage: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Syslog TCP/TLS connections open at once, per listener (default 1024; env BULWARK_SYSLOG_MAX_CONNECTIONS).", valueName: "N"))
    var syslogMaxConnections: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Syslog TCP/TLS connections open at once from one sender (default 64; env BULWARK_SYSLOG_MAX_CONNECTIONS_PER_ADDRESS).", valueName: "N"))
    var syslogMaxConnectionsPerAddress: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Close a syslog TCP/TLS connection that sends nothing for this long; senders reconnect (default 10m; env BULWARK_SYSLOG_IDLE_TIMEOUT).",
            valueName: "DURATION"))
    var syslogIdleTimeout: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Most events one HTTP ingest request may hold; more is refused with 413 before decoding (default 50000; env BULWARK_MAX_EVENTS_PER_REQUEST).",
            valueName: "N"))
    var maxEventsPerRequest: Int?

    @Option(name: .long, help: ArgumentHelp("Delete events older than this, e.g. 90d (default: keep; env BULWARK_RETENTION).", valueName: "DURATION"))
    var retention: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Delete the oldest events while they take more than this, e.g. 20GB (default: no limit; env BULWARK_RETENTION_SIZE).", valueName: "SIZE"))
    var retentionSize: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Notify when a log source sends nothing for this long (default 1h; env BULWARK_SOURCE_SILENCE).", valueName: "DURATION"))
    var sourceSilence: String?

    func settings(environment: Environment) throws -> MonitoringArea.Settings {
        var settings = MonitoringArea.Settings()
        func endpoint(_ value: String?, _ variable: String, _ flag: String) throws -> SyslogSettings.Endpoint? {
            guard let text = value ?? environment[variable] else { return nil }
            let address = try ServerSettings.parseAddress(text, flag: flag)
            return SyslogSettings.Endpoint(host: address.host, port: address.port)
        }
        settings.syslog.udp = try endpoint(syslogUdp, "BULWARK_SYSLOG_UDP", "--syslog-udp")
        settings.syslog.tcp = try endpoint(syslogTcp, "BULWARK_SYSLOG_TCP", "--syslog-tcp")
        if let tls = try endpoint(syslogTls, "BULWARK_SYSLOG_TLS", "--syslog-tls") {
            guard let cert = tlsCert ?? environment["BULWARK_TLS_CERT"] else {
                throw SettingsError("--syslog-tls: needs --tls-cert FILE (a PEM certificate chain)")
            }
            guard let key = tlsKey ?? environment["BULWARK_TLS_KEY"] else {
                throw SettingsError("--syslog-tls: needs --tls-key FILE (a PEM private key)")
            }
            settings.syslog.tls = SyslogSettings.TLS(endpoint: tls, certificatePath: cert, keyPath: key)
        }
        if let text = syslogMaxMessage.map(String.init) ?? environment["BULWARK_SYSLOG_MAX_MESSAGE"] {
            guard let value = Int(text), (480...(16 << 20)).contains(value) else {
                throw SettingsError("--syslog-max-message: '\(text)' must be a number of bytes from 480 to 16777216")
            }
            settings.syslog.maximumMessageLength = value
        }
        if let value = try FoundationOptions.number(syslogMaxConnections, environment["BULWARK_SYSLOG_MAX_CONNECTIONS"], "--syslog-max-connections") {
            settings.syslog.connectionLimits.total = value
        }
        if let value = try FoundationOptions.number(
            syslogMaxConnectionsPerAddress, environment["BULWARK_SYSLOG_MAX_CONNECTIONS_PER_ADDRESS"],
            "--syslog-max-connections-per-address")
        {
            settings.syslog.connectionLimits.perAddress = value
        }
        if let value = try FoundationOptions.duration(syslogIdleTimeout ?? environment["BULWARK_SYSLOG_IDLE_TIMEOUT"], "--syslog-idle-timeout") {
            settings.syslog.connectionLimits.idleTimeout = value
        }
        if let value = try FoundationOptions.number(maxEventsPerRequest, environment["BULWARK_MAX_EVENTS_PER_REQUEST"], "--max-events-per-request") {
            settings.service.maximumEventsPerRequest = value
        }
        if let text = retention ?? environment["BULWARK_RETENTION"] {
            settings.service.retentionAge = try ServerSettings.parseDuration(text, flag: "--retention")
        }
        if let text = retentionSize ?? environment["BULWARK_RETENTION_SIZE"] {
            settings.service.retentionBytes = try ServerSettings.parseSize(text, flag: "--retention-size")
        }
        if let text = sourceSilence ?? environment["BULWARK_SOURCE_SILENCE"] {
            settings.service.sourceSilence = try ServerSettings.parseDuration(text, flag: "--source-silence")
        }
        return settings
    }
}
