// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// An alert's observable already recorded in an open case: what TheHive calls a similar case.
public struct CaseMatch: Sendable {
    /// The alert's value, as found in the alert or its events.
    public var candidate: ObservableCandidate
    /// Whether the case marks it as an indicator of compromise.
    public var ioc: Bool
    public var item: Case
}

extension CaseService {
    /// The open cases (not holding the alert yet) whose observables include a value of the alert or its matched
    /// events, compared by type and normalised value; at most `limit`, IOCs first.
    public func matchingCases(for alert: Alert, limit: Int = 10) async throws -> [CaseMatch] {
        var matches: [CaseMatch] = []
        var seen = Set<String>()
        for candidate in await candidates(alert, events: nil).prefix(50) {
            guard case .success(let value) = candidate.type.normalise(candidate.value) else { continue }
            let key = CaseObservable.key(candidate.type, value)
            for caseID in try await store.caseIDs(kind: CaseObservable.kind, key: key).prefix(20) {
                guard let item = try await store.get(id: caseID), item.status != .closed, !item.alertIDs.contains(alert.id),
                    seen.insert("\(caseID)|\(key)").inserted
                else { continue }
                let recorded = try await observables(caseID: caseID).first { $0.key == key }
                matches.append(CaseMatch(candidate: candidate, ioc: recorded?.ioc ?? false, item: item))
            }
        }
        return Array(matches.sorted { ($0.ioc ? 0 : 1, -$0.item.number) < ($1.ioc ? 0 : 1, -$1.item.number) }.prefix(limit))
    }
}
