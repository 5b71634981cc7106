// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The active indicators, held for matching every event: hash sets per kind, domains matched with their parents
/// (an indicator `evil.com` matches `a.b.evil.com`), CIDRs scanned (they are few).
public struct IntelIndex: Sendable {
    private var exact: [Indicator.Kind: [String: Indicator]] = [:]
    private var networks: [(CIDR, Indicator)] = []
    public private(set) var count = 0

    /// The normalised event fields looked at for each kind (ECS names, Sysmon/Windows names, W3C web log names).
    public static let fields: [(kind: Indicator.Kind, names: [String])] = [
        (
            .ip,
            [
                "source.ip", "destination.ip", "client.ip", "server.ip", "host.ip", "related.ip", "SourceIp", "DestinationIp", "IpAddress",
                "SourceAddress", "DestAddress", "ClientIP", "c-ip", "winlog.event_data.IpAddress",
            ]
        ),
        (
            .domain,
            [
                "dns.question.name", "url.domain", "destination.domain", "source.domain", "server.domain", "QueryName", "DestinationHostname",
                "cs-host",
            ]
        ),
        (.url, ["url.original", "url.full", "c-uri"]),
        (.md5, ["file.hash.md5", "process.hash.md5", "hash.md5"]),
        (.sha1, ["file.hash.sha1", "process.hash.sha1", "hash.sha1"]),
        (.sha256, ["file.hash.sha256", "process.hash.sha256", "hash.sha256"]),
        (.email, ["email.from.address", "email.to.address", "email.sender.address", "user.email", "source.user.email", "destination.user.email"]),
    ]

    public init(_ indicators: [Indicator], now: Date) {
        for indicator in indicators where indicator.isActive(at: now) {
            if indicator.kind == .cidr, let network = CIDR(indicator.value) {
                networks.append((network, indicator))
            } else {
                exact[indicator.kind, default: [:]][indicator.value] = indicator
            }
            count += 1
        }
    }

    public struct Match: Sendable, Hashable {
        public var indicator: Indicator
        /// The event field and value that matched.
        public var field: String
        public var value: String
    }

    /// Every indicator the event carries, once each.
    public func matches(_ fields: [String: FieldValue], now: Date) -> [Match] {
        guard count > 0 else { return [] }
        var found: [Match] = []
        var seen = Set<String>()
        func add(_ indicator: Indicator, _ field: String, _ value: String) {
            guard indicator.isActive(at: now), seen.insert(indicator.id).inserted else { return }
            found.append(Match(indicator: indicator, field: field, value: value))
        }
        for (kind, names) in Self.fields {
            for name in names {
                guard let value = fields[name] else { continue }
                let texts: [String]
                if case .list(let items) = value { texts = items.map(\.text) } else { texts = [value.text] }
                for text in texts where !text.isEmpty { check(kind, text, field: name, add) }
            }
        }
        // Sysmon's Hashes field: "MD5=…,SHA256=…,IMPHASH=…".
        if let hashes = fields["Hashes"]?.text ?? fields["winlog.event_data.Hashes"]?.text {
            for part in hashes.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let kind: Indicator.Kind? = ["md5": .md5, "sha1": .sha1, "sha256": .sha256][pair[0].lowercased()]
                if let kind { check(kind, String(pair[1]), field: "Hashes", add) }
            }
        }
        return found
    }

    private func check(_ kind: Indicator.Kind, _ text: String, field: String, _ add: (Indicator, String, String) -> Void) {
        switch kind {
        case .ip, .cidr:
            guard let address = IPAddress(text) else { return }
            if let indicator = exact[.ip]?[address.description] { add(indicator, field, text) }
            for (network, indicator) in networks where network.contains(address) { add(indicator, field, text) }
        case .domain:
            var domain = Substring(text.lowercased())
            if domain.hasSuffix(".") { domain = domain.dropLast() }
            guard let table = exact[.domain] else { return }
            while true {
                if let indicator = table[String(domain)] { add(indicator, field, text) }
                guard let dot = domain.firstIndex(of: ".") else { break }
                domain = domain[domain.index(after: dot)...]
            }
        case .url:
            guard let url = Indicator.normaliseURL(text) ?? (text.hasPrefix("/") ? nil : Indicator.normaliseURL("http://" + text)) else { return }
            if let indicator = exact[.url]?[url] { add(indicator, field, text) }
            if let host = Indicator.host(ofURL: url) {
                if IPAddress(host) != nil { check(.ip, host, field: field, add) } else { check(.domain, host, field: field, add) }
            }
        case .md5, .sha1, .sha256, .email:
            if let indicator = exact[kind]?[text.lowercased()] { add(indicator, field, text) }
        }
    }
}
