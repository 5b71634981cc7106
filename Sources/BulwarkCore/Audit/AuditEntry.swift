// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// One line of the audit log: who did what to which object, when, from where, and whether it worked.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var id: String
    public var time: Date
    /// Username of the actor, `system` for background jobs, or the name tried in a failed login.
    public var actor: String
    /// A dotted verb, e.g. `user.create`, `auth.login.failure`, `asset.update`.
    public var action: String
    /// The kind and id of the object acted on, e.g. `asset:4f…`.
    public var target: String
    /// Source address of the request, or `cli` / `system`.
    public var source: String
    public var outcome: Outcome
    /// Short details (changed field names, reason of a failure); never secrets.
    public var detail: String

    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case success, failure
    }

    public init(
        id: String = Identifier.make(), time: Date, actor: String, action: String, target: String,
        source: String, outcome: Outcome = .success, detail: String = ""
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.source = source
        self.outcome = outcome
        self.detail = detail
    }
}

/// Filters for reading the audit log.
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var actionPrefix: String?
    public var from: Date?
    public var to: Date?

    public init(actor: String? = nil, actionPrefix: String? = nil, from: Date? = nil, to: Date? = nil) {
        self.actor = actor
        self.actionPrefix = actionPrefix
        self.from = from
        self.to = to
    }
}

/// The append-only audit log every domain writes to.
public protocol AuditLog: Sendable {
    /// Appends an entry; it is committed when this returns.
    func record(_ entry: AuditEntry) async throws
    /// Entries newest first.
    func list(_ query: AuditQuery, page: PageRequest) async throws -> Page<AuditEntry>
}

/// Who made a change and from where, for the audit log: a username and the source address (or `cli`, `system`).
/// The one actor type of every domain (AccessControl calls it `Actor`).
public struct AuditActor: Sendable, Hashable {
    public var username: String
    public var source: String
    public init(username: String, source: String) {
        self.username = username
        self.source = source
    }

    /// Changes made from the command line on the server's machine.
    public static let cli = AuditActor(username: "cli", source: "cli")
    /// Changes made by the platform itself (bootstrap, demo, background jobs).
    public static let system = AuditActor(username: "system", source: "system")
}
