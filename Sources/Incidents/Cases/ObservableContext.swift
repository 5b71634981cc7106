// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A value as found in an alert or its events, before it becomes an observable.
public struct ObservableCandidate: Sendable, Hashable {
    public var type: ObservableType
    public var value: String
    public var description: String

    public init(type: ObservableType, value: String, description: String) {
        self.type = type
        self.value = value
        self.description = description
    }
}

/// Where else an observable was seen, and what threat intelligence says of it.
public struct ObservableSightings: Sendable, Hashable {
    public var cases: [String]
    public var alerts: [String]
    public var events: Int
    public var intel: [String]
    /// The event search that found `events` (the fields that hold a value of this type), for a link to them.
    public var eventQuery: String

    public init(cases: [String] = [], alerts: [String] = [], events: Int = 0, intel: [String] = [], eventQuery: String = "") {
        self.cases = cases
        self.alerts = alerts
        self.events = events
        self.intel = intel
        self.eventQuery = eventQuery
    }
}

/// What Incidents needs from the rest of Bulwark about observables; the application supplies it (events from
/// Monitoring, intelligence from Detection), so that Incidents imports neither.
public protocol ObservableContext: Sendable {
    /// Values worth tracking in an alert and its matched events: `events` as detection handed them on, or, when nil,
    /// the alert's events as the store keeps them.
    func candidates(for alert: Alert, events: [MatchedEvent]?) async -> [ObservableCandidate]
    /// Events (recent, bounded) and alerts mentioning the value, and matching indicators.
    func sightings(of type: ObservableType, value: String) async -> ObservableSightings
    /// Adds the value to threat intelligence; answers the indicator's id.
    func promote(_ observable: CaseObservable, caseReference: String, by actor: AuditActor) async throws -> String
}
