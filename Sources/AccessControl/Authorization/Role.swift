// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// The platform's roles. Each user has exactly one; what it may do is in ``PermissionMatrix``.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Everything, including users, tokens and settings.
    case admin
    /// Runs the programme: reads everything, approves, assigns, manages campaigns and reviews.
    case manager
    /// Triages alerts and works incidents.
    case analyst
    /// Keeps systems: inventory, vulnerabilities, patches, log sources.
    case engineer
    /// Reads everything, changes nothing, exports evidence and the audit log.
    case auditor
    /// Every other member of staff: their own profile, training and phishing reports.
    case employee
}
