// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// One thing a route may require. Names are `area.verb`, stable: they appear in the README and the API.
public enum Permission: String, Sendable, Codable, CaseIterable, Comparable {
    case inventoryRead = "inventory.read"
    case inventoryWrite = "inventory.write"
    case eventsRead = "events.read"
    case eventsIngest = "events.ingest"
    case detectionRead = "detection.read"
    case detectionWrite = "detection.write"
    case alertsRead = "alerts.read"
    case alertsWrite = "alerts.write"
    case incidentsRead = "incidents.read"
    case incidentsWrite = "incidents.write"
    case vulnerabilitiesRead = "vulnerabilities.read"
    case vulnerabilitiesWrite = "vulnerabilities.write"
    /// Approve a risk acceptance (a finding left unfixed until an expiry, with a reason).
    case vulnerabilitiesAccept = "vulnerabilities.accept"
    case patchingRead = "patching.read"
    case patchingWrite = "patching.write"
    case patchingApprove = "patching.approve"
    case accessRead = "access.read"
    case accessWrite = "access.write"
    case awarenessRead = "awareness.read"
    case awarenessManage = "awareness.manage"
    case complianceRead = "compliance.read"
    case evidenceExport = "evidence.export"
    case reportsRead = "reports.read"
    case metricsRead = "metrics.read"
    case auditRead = "audit.read"
    case auditExport = "audit.export"
    case usersManage = "users.manage"
    case tokensOwn = "tokens.own"
    case tokensManage = "tokens.manage"
    /// One's own profile, password, MFA, training and phishing reports.
    case selfService = "self"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the permission only reads.
    public var isRead: Bool { rawValue.hasSuffix(".read") }
}
