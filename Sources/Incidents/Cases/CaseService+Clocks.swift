// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension CaseService {
    /// Looks at every open case: an SLA target passed, a regulatory deadline close (less than a third of its time
    /// left) or passed. Each is written on the timeline and notified once. Answers the notices sent.
    @discardableResult
    public func checkClocks() async throws -> [String] {
        let now = clock.now()
        var sent: [String] = []
        for original in try await openCases() {
            var item = original
            var fresh: [(CaseNotice.Kind, String, String)] = []
            for clock in item.slaClocks(now: now) where clock.state == .breached {
                fresh.append(
                    (
                        .slaBreach, "sla-\(clock.name)",
                        "\(item.reference) breached its \(clock.title.lowercased()) target (\(item.severity.rawValue)): due \(Timestamp.format(clock.dueAt))"
                    ))
            }
            for clock in item.regulatoryClocks(settings.regulatory, now: now) {
                switch clock.state {
                case .warning:
                    fresh.append(
                        (
                            .regulatory, "\(clock.name)-warning",
                            "\(item.reference): \(clock.title) due \(Timestamp.format(clock.dueAt)) (\(clock.summary))"
                        ))
                case .breached:
                    fresh.append(
                        (
                            .regulatory, "\(clock.name)-breached",
                            "\(item.reference): \(clock.title) was due \(Timestamp.format(clock.dueAt)) and is not recorded as done"
                        ))
                default: break
                }
            }
            fresh.removeAll { item.notices.contains($0.1) }
            guard !fresh.isEmpty else { continue }
            for (kind, key, text) in fresh {
                item.notices.append(key)
                try await note(item.id, kind == .slaBreach ? .sla : .regulatory, text, by: .system)
                await notify(kind, item, to: [item.assignee].compactMap { $0 }, text)
                sent.append(text)
            }
            try await store.update(item)
        }
        return sent
    }

    /// Every open case (at most `limit`), newest first: the clock job, the dashboard and the gauges look at them all.
    public nonisolated func openCases(limit: Int = 10_000) async throws -> [Case] {
        var open: [Case] = []
        var cursor: String?
        repeat {
            let page = try await store.list(
                CaseQuery(statuses: CaseQuery.openStatuses), page: PageRequest(limit: PageRequest.maximumLimit, cursor: cursor))
            open += page.items
            cursor = page.next
        } while cursor != nil && open.count < limit
        return Array(open.prefix(limit))
    }
}

extension Case {
    /// An SLA target passed while its clock still runs.
    public func breachesSLA(now: Date) -> Bool { slaClocks(now: now).contains { $0.state == .breached } }

    /// A notification deadline close (warning) or passed and not recorded as done.
    public func hasRegulatoryRisk(_ settings: RegulatorySettings, now: Date) -> Bool {
        regulatoryClocks(settings, now: now).contains { $0.state == .warning || $0.state == .breached }
    }
}
