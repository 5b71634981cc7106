// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension GovernanceService {
    /// Takes successful logins seen in the logs: each that names an account of a governed system (a Linux source's
    /// account on one of its hosts — the source's name, its asset's name and host names, the hosts of a tarball — or a
    /// directory's account in a Windows domain logon) moves the account's `last_seen_in_logs_at` forward, and resolves
    /// its dormant finding. Answers the logins by accounts with an open orphaned or leaver finding, to be raised as
    /// alerts; a login no newer than what was seen before is not answered again.
    public func recordLogins(_ logins: [LoginObservation]) async throws -> [AccessLoginAlert] {
        guard !logins.isEmpty else { return [] }
        let now = clock.now()
        let unix = Dictionary(grouping: logins.filter { !$0.directory }, by: { Self.shortHost($0.host) })
        let domain = Dictionary(grouping: logins.filter(\.directory), by: { $0.username.lowercased() })
        var alerts: [AccessLoginAlert] = []
        for source in try await store.sources() {
            var relevant: [(LoginObservation, Account)] = []
            let accounts = try await store.accounts(sourceID: source.id).filter { $0.removedAt == nil }
            switch source.kind {
            case .linux:
                var hosts: Set<String> = [Self.shortHost(source.name)]
                if let asset = source.assetID { hosts.formUnion(try await directory.hostnames(assetID: asset).map(Self.shortHost)) }
                let byKey = Dictionary(
                    accounts.map { (Self.shortHost($0.host) + "/" + $0.username.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
                for (host, seen) in unix {
                    for login in seen {
                        let name = login.username.lowercased()
                        // A tarball's accounts are per host; a single host's are on any of its names.
                        if let account = byKey[host + "/" + name] ?? (hosts.contains(host) ? byKey["/" + name] : nil) {
                            relevant.append((login, account))
                        }
                    }
                }
            case .ad, .ldap:
                let byName = Dictionary(accounts.map { ($0.username.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
                for (name, seen) in domain {
                    // DOMAIN\user and user@domain name the same account.
                    let bare = String(name.split(separator: "\\").last ?? "").split(separator: "@").first.map(String.init) ?? name
                    if let account = byName[bare] { relevant.append(contentsOf: seen.map { ($0, account) }) }
                }
            default:
                continue
            }
            guard !relevant.isEmpty else { continue }
            try await apply(relevant, source: source, now: now, alerts: &alerts)
        }
        return alerts
    }

    private func apply(_ relevant: [(LoginObservation, Account)], source: IdentitySource, now: Date, alerts: inout [AccessLoginAlert]) async throws {
        let latest = Dictionary(grouping: relevant, by: { $0.1.id }).compactMapValues { $0.max { $0.0.at < $1.0.at } }
        let findings = Dictionary(grouping: try await store.findings(sourceID: source.id).filter { $0.state == .open }, by: \.accountID)
        var changed: [Account] = []
        for (login, stored) in latest.values {
            guard stored.lastSeenInLogsAt.map({ login.at > $0 }) ?? true else { continue }
            var account = stored
            account.lastSeenInLogsAt = login.at
            changed.append(account)
            let open = findings[account.id] ?? []
            for var dormant in open where dormant.type == .dormant && now.timeIntervalSince(login.at) < Double(source.dormantDays) * 86_400 {
                dormant.state = .resolved
                dormant.resolvedAt = now
                dormant.reasons.append("used since: a login in the logs \(Timestamp.format(login.at))")
                try await store.saveFinding(dormant)
            }
            let risky = open.filter { $0.type == .orphaned || $0.type == .leaver }
            if !risky.isEmpty {
                alerts.append(
                    AccessLoginAlert(
                        account: account, sourceName: source.name, types: risky.map(\.type).sorted { $0.rawValue < $1.rawValue }, login: login,
                        reasons: risky.flatMap(\.reasons)))
            }
        }
        try await store.saveAccounts(changed)
    }

    public func loginCheckpoint() async throws -> Int64? { try await store.loginCheckpoint() }
    public func setLoginCheckpoint(_ id: Int64) async throws { try await store.setLoginCheckpoint(id) }

    /// `web-01.corp.example.com` → `web-01`, lowercased: hosts name themselves both ways.
    static func shortHost(_ host: String) -> String {
        String(host.lowercased().split(separator: ".", omittingEmptySubsequences: false).first ?? "")
    }
}
