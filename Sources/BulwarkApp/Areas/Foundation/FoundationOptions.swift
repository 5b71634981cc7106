// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import ArgumentParser
import BulwarkCore
import Foundation
import Logging
import NIOCore
import Outbound

/// The server's own flags: address, logging, cookies, sign-in policy, mail, HTTP limits, timeouts.
struct FoundationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Address to listen on (default 127.0.0.1:8080; env BULWARK_HTTP).", valueName: "HOST:PORT"))
    var http: String?

    @Option(
        name: .long,
        help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (default info; env BULWARK_LOG_LEVEL).", valueName: "LEVEL"))
    var logLevel: String?

    @Flag(name: .long, help: "Mark cookies Secure: set when users reach Bulwark over HTTPS (env BULWARK_SECURE_COOKIES).")
    var secureCookies = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A reverse proxy's address whose X-Forwarded-For names the client (repeatable; env BULWARK_TRUSTED_PROXIES, comma-separated).",
            valueName: "IP"))
    var trustedProxy: [String] = []

    @Flag(name: .long, help: "Serve /metrics without credentials, for a scraper on a trusted network (env BULWARK_PUBLIC_METRICS).")
    var publicMetrics = false

    @Flag(name: .long, help: "Admins must set up TOTP two-factor authentication before anything else (env BULWARK_REQUIRE_ADMIN_MFA).")
    var requireAdminMfa = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "SMTP server for Bulwark's mail (alerts, case notices): smtp://relay:25, or smtps://user:password@host:465 (env BULWARK_SMTP_URL).",
            valueName: "URL"))
    var smtp: String?

    @Option(name: .long, help: ArgumentHelp("Sender of Bulwark's mail (default bulwark@HOSTNAME; env BULWARK_MAIL_FROM).", valueName: "ADDRESS"))
    var mailFrom: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Close an HTTP connection that sends no request, or stalls in one, for this long (default 30s; env BULWARK_HTTP_IDLE_TIMEOUT).",
            valueName: "DURATION"))
    var httpIdleTimeout: String?

    @Option(name: .long, help: ArgumentHelp("HTTP connections open at once (default 1024; env BULWARK_HTTP_MAX_CONNECTIONS).", valueName: "N"))
    var httpMaxConnections: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "HTTP connections open at once from one client address (default 128; env BULWARK_HTTP_MAX_CONNECTIONS_PER_ADDRESS).", valueName: "N"))
    var httpMaxConnectionsPerAddress: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Stop an event search (count, page or histogram) that runs longer than this; answered 503 with the reason (default 30s; env BULWARK_SEARCH_TIMEOUT).",
            valueName: "DURATION"))
    var searchTimeout: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "On SIGTERM, wait this long for requests in flight and queued events, then cancel them (default 30s; env BULWARK_SHUTDOWN_TIMEOUT).",
            valueName: "DURATION"))
    var shutdownTimeout: String?

    func settings(storage: StorageSettings, environment: Environment) throws -> FoundationArea.Settings {
        var settings = FoundationArea.Settings()
        settings.storage = storage
        let address = try ServerSettings.parseAddress(http ?? environment["BULWARK_HTTP"] ?? "127.0.0.1:8080", flag: "--http")
        settings.host = address.host
        settings.port = address.port
        let level = logLevel ?? environment["BULWARK_LOG_LEVEL"] ?? "info"
        guard let parsed = Logger.Level(rawValue: level.lowercased()) else {
            throw SettingsError("--log-level: '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        settings.logLevel = parsed
        settings.secureCookies = try secureCookies || (environment.flag("BULWARK_SECURE_COOKIES") ?? false)
        let proxies = trustedProxy.isEmpty ? (environment["BULWARK_TRUSTED_PROXIES"] ?? "").split(separator: ",").map(String.init) : trustedProxy
        for proxy in proxies.map({ $0.trimmingCharacters(in: .whitespaces) }) where !proxy.isEmpty {
            guard Validation.isIPAddress(proxy) else { throw SettingsError("--trusted-proxy: '\(proxy)' is not an IP address") }
            settings.trustedProxies.insert(proxy)
        }
        settings.publicMetrics = try publicMetrics || (environment.flag("BULWARK_PUBLIC_METRICS") ?? false)
        settings.policy.requireMFAForAdmins = try requireAdminMfa || (environment.flag("BULWARK_REQUIRE_ADMIN_MFA") ?? false)
        settings.smtpURL = smtp ?? environment["BULWARK_SMTP_URL"]
        if let url = settings.smtpURL {
            do { _ = try SMTPMailTransport(url: url) } catch { throw SettingsError("--smtp: \(error)") }
        }
        settings.mailFrom = mailFrom ?? environment["BULWARK_MAIL_FROM"] ?? settings.mailFrom
        if let value = try Self.number(httpMaxConnections, environment["BULWARK_HTTP_MAX_CONNECTIONS"], "--http-max-connections") {
            settings.httpConnections.total = value
        }
        if let value = try Self.number(
            httpMaxConnectionsPerAddress, environment["BULWARK_HTTP_MAX_CONNECTIONS_PER_ADDRESS"], "--http-max-connections-per-address")
        {
            settings.httpConnections.perAddress = value
        }
        if let value = try Self.duration(httpIdleTimeout ?? environment["BULWARK_HTTP_IDLE_TIMEOUT"], "--http-idle-timeout") {
            settings.httpIdleTimeout = value
        }
        if let text = searchTimeout ?? environment["BULWARK_SEARCH_TIMEOUT"] {
            settings.storage.searchTimeout = try ServerSettings.parseDuration(text, flag: "--search-timeout")
        }
        if let text = shutdownTimeout ?? environment["BULWARK_SHUTDOWN_TIMEOUT"] {
            settings.shutdownTimeout = .milliseconds(Int64(try ServerSettings.parseDuration(text, flag: "--shutdown-timeout") * 1000))
        }
        return settings
    }

    /// A whole number from the flag or its variable, within `range`; errors name the flag.
    static func number(_ value: Int?, _ variable: String?, _ flag: String, range: ClosedRange<Int> = 1...1_000_000) throws -> Int? {
        guard let text = value.map(String.init) ?? variable else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw SettingsError("\(flag): '\(text)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A duration (`30s`, `10m`) as NIO's time amount; errors name the flag.
    static func duration(_ text: String?, _ flag: String) throws -> TimeAmount? {
        guard let text else { return nil }
        return .milliseconds(Int64(try ServerSettings.parseDuration(text, flag: flag) * 1000))
    }
}
