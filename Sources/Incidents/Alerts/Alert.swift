// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Something that needs an analyst's eyes: a Sigma rule or correlation that matched, an indicator of compromise
/// seen in an event, or an alert raised by hand. Repeated matches of the same rule for the same host and user within
/// the grouping window raise `count` on one alert instead of opening new ones.
public struct Alert: Sendable, Hashable {
    public var id: String
    public var title: String
    public var source: AlertSource
    /// The Sigma rule (or indicator) that raised it.
    public var ruleID: String?
    public var severity: Severity
    /// ATT&CK and other tags of the rule.
    public var tags: [String]
    public var host: String
    public var user: String
    /// The inventory asset the host resolved to, when it did.
    public var assetID: String?
    /// What grouping compares: source, rule, host and user.
    public var groupKey: String
    /// Matches folded into this alert.
    public var count: Int
    /// The first matched events (at most ``Alert/maximumEventIDs``).
    public var eventIDs: [Int64]
    /// When the first and the last matched event happened (the first is where MTTD starts).
    public var firstEventAt: Date
    public var lastEventAt: Date
    /// When Bulwark raised it (MTTD ends, MTTA starts).
    public var createdAt: Date
    public var updatedAt: Date
    public var status: AlertStatus
    public var assignee: String?
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var closedAt: Date?
    public var closedBy: String?
    public var closeReason: CloseReason?
    /// What the rule or indicator says about the match (indicator source and confidence, correlation group…).
    public var context: [String: String]
    public var description: String

    public static let maximumEventIDs = 100

    public init(
        id: String = Identifier.make(), title: String, source: AlertSource, ruleID: String?, severity: Severity, tags: [String] = [],
        host: String = "", user: String = "", assetID: String? = nil, groupKey: String, count: Int = 1, eventIDs: [Int64] = [],
        firstEventAt: Date, lastEventAt: Date, createdAt: Date, updatedAt: Date? = nil, status: AlertStatus = .new,
        assignee: String? = nil, context: [String: String] = [:], description: String = ""
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.ruleID = ruleID
        self.severity = severity
        self.tags = tags
        self.host = host
        self.user = user
        self.assetID = assetID
        self.groupKey = groupKey
        self.count = count
        self.eventIDs = eventIDs
        self.firstEventAt = firstEventAt
        self.lastEventAt = lastEventAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.status = status
        self.assignee = assignee
        self.context = context
        self.description = description
    }
}

public enum AlertSource: String, Sendable, Codable, CaseIterable {
    case sigma, correlation, intel, manual
}

/// new → acknowledged → closed; a closed alert can be reopened (back to acknowledged).
public enum AlertStatus: String, Sendable, Codable, CaseIterable {
    case new, acknowledged, closed
}

public enum CloseReason: String, Sendable, Codable, CaseIterable {
    case truePositive = "true_positive"
    case falsePositive = "false_positive"
    case benign
    case duplicate
}

public struct AlertComment: Sendable, Hashable {
    public var id: String
    public var alertID: String
    public var author: String
    public var text: String
    public var createdAt: Date

    public init(id: String = Identifier.make(), alertID: String, author: String, text: String, createdAt: Date) {
        self.id = id
        self.alertID = alertID
        self.author = author
        self.text = text
        self.createdAt = createdAt
    }
}

/// A decision not to be alerted: matches of a rule (or any rule), optionally only for a host or user, are dropped
/// (and counted) until `expiresAt`.
public struct AlertSuppression: Sendable, Hashable {
    public var id: String
    public var ruleID: String?
    public var host: String?
    public var user: String?
    public var reason: String
    public var expiresAt: Date?
    public var createdBy: String
    public var createdAt: Date
    public var hits: Int

    public init(
        id: String = Identifier.make(), ruleID: String?, host: String?, user: String?, reason: String, expiresAt: Date?,
        createdBy: String, createdAt: Date, hits: Int = 0
    ) {
        self.id = id
        self.ruleID = ruleID
        self.host = host
        self.user = user
        self.reason = reason
        self.expiresAt = expiresAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.hits = hits
    }

    public func applies(to signal: AlertSignal, at now: Date) -> Bool {
        if let expiresAt, expiresAt <= now { return false }
        if let ruleID, ruleID != signal.ruleID { return false }
        if let host, host.caseInsensitiveCompare(signal.host) != .orderedSame { return false }
        if let user, user.caseInsensitiveCompare(signal.user) != .orderedSame { return false }
        return true
    }
}

/// One match, as detection hands it over: what became or grows an alert.
public struct AlertSignal: Sendable, Hashable {
    public var title: String
    public var source: AlertSource
    public var ruleID: String?
    public var severity: Severity
    public var tags: [String]
    public var host: String
    public var user: String
    public var assetID: String?
    public var eventIDs: [Int64]
    public var firstEventAt: Date
    public var lastEventAt: Date
    public var count: Int
    public var context: [String: String]
    public var description: String
    /// The last matched events, as detection had them (at most ``MatchedEvent/maximumPerSignal``).
    public var events: [MatchedEvent]

    public init(
        title: String, source: AlertSource, ruleID: String?, severity: Severity, tags: [String] = [], host: String = "",
        user: String = "", assetID: String? = nil, eventIDs: [Int64] = [], firstEventAt: Date, lastEventAt: Date? = nil,
        count: Int = 1, context: [String: String] = [:], description: String = "", events: [MatchedEvent] = []
    ) {
        self.events = Array(events.suffix(MatchedEvent.maximumPerSignal))
        self.title = title
        self.source = source
        self.ruleID = ruleID
        self.severity = severity
        self.tags = tags
        self.host = host
        self.user = user
        self.assetID = assetID
        self.eventIDs = eventIDs
        self.firstEventAt = firstEventAt
        self.lastEventAt = lastEventAt ?? firstEventAt
        self.count = count
        self.context = context
        self.description = description
    }

    /// Alerts with the same key group together: same rule, host and user; an indicator seen on a host is one alert
    /// whichever users the events name (a brute force names a new user in every event).
    public var groupKey: String {
        [source.rawValue, ruleID ?? title, host.lowercased(), source == .intel ? "" : user.lowercased()].joined(separator: "|")
    }
}

public struct AlertQuery: Sendable, Equatable {
    public var statuses: [AlertStatus]
    public var severities: [Severity]
    public var ruleID: String?
    public var host: String?
    public var assignee: String?
    public var source: AlertSource?
    public var text: String?
    public var assetID: String?

    public init(
        statuses: [AlertStatus] = [], severities: [Severity] = [], ruleID: String? = nil, host: String? = nil, assignee: String? = nil,
        source: AlertSource? = nil, text: String? = nil, assetID: String? = nil
    ) {
        self.statuses = statuses
        self.severities = severities
        self.ruleID = ruleID
        self.host = host
        self.assignee = assignee
        self.source = source
        self.text = text
        self.assetID = assetID
    }
}

/// An alert just stored, whether it is new (false: an existing alert grew), and the matched events detection still
/// held: what follows the alert (a case opened by automation) takes its observables from them instead of reading
/// the events back from the store.
public struct RaisedAlert: Sendable {
    public var alert: Alert
    public var created: Bool
    public var events: [MatchedEvent]

    public init(_ alert: Alert, created: Bool, events: [MatchedEvent] = []) {
        self.alert = alert
        self.created = created
        self.events = events
    }
}

/// A matched event as detection hands it on with its signal: its id and its field values as text.
public struct MatchedEvent: Sendable, Hashable {
    public var id: Int64
    public var fields: [String: String]

    public init(id: Int64, fields: [String: String]) {
        self.id = id
        self.fields = fields
    }

    /// Events handed on per signal (the rest stay in the store, by id).
    public static let maximumPerSignal = 20
}
