// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Counts recent failed sign-ins, in memory, to slow password guessing: per source address and account (guessing one
/// account), and per source address across accounts (a spray), with a higher bound for the second so that one
/// person's typos behind a shared NAT address do not refuse everyone else's correct password. Per-account lockout is
/// kept with the user, so that it holds across restarts and nodes.
public actor LoginThrottle {
    private var failures: [String: [Date]] = [:]
    private let perAccount: Int
    private let perSource: Int
    private let window: TimeInterval
    /// Most keys tracked; the oldest are forgotten first, so memory stays bounded under a spray.
    private let maxKeys = 100_000

    public init(perAccountAndSource: Int, perSource: Int, window: TimeInterval) {
        self.perAccount = perAccountAndSource
        self.perSource = perSource
        self.window = window
    }

    /// Whether sign-ins to `account` from `source` are refused for now.
    public func isThrottled(_ source: String, account: String, now: Date) -> Bool {
        prune(Self.key(source, account), now: now) >= perAccount || prune(source, now: now) >= perSource
    }

    public func recordFailure(_ source: String, account: String, now: Date) {
        for key in [source, Self.key(source, account)] {
            _ = prune(key, now: now)
            if failures.count >= maxKeys, failures[key] == nil,
                let oldest = failures.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })?.key
            {
                failures[oldest] = nil
            }
            failures[key, default: []].append(now)
        }
    }

    private static func key(_ source: String, _ account: String) -> String { source + "\u{0}" + account }

    private func prune(_ key: String, now: Date) -> Int {
        guard let list = failures[key] else { return 0 }
        let kept = list.filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept.count
    }
}
