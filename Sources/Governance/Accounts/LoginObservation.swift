// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A successful login seen in the events Bulwark stores (sshd's `Accepted`, sudo, Windows 4624/4648/4768), as the
/// application reads it from monitoring for governance.
public struct LoginObservation: Sendable, Equatable {
    public var username: String
    /// The host the event came from (`host.name`): where a Linux account was used.
    public var host: String
    public var at: Date
    public var eventID: Int64
    /// A logon to the Windows domain (Security log): it uses the directory's account, whichever host recorded it.
    public var directory: Bool
    public var sourceIP: String

    public init(username: String, host: String, at: Date, eventID: Int64, directory: Bool = false, sourceIP: String = "") {
        self.username = username
        self.host = host
        self.at = at
        self.eventID = eventID
        self.directory = directory
        self.sourceIP = sourceIP
    }
}

/// A login by an account that should not be used: an orphan's, or a leaver's still enabled. Governance answers these;
/// the application raises them as alerts.
public struct AccessLoginAlert: Sendable, Equatable {
    public var account: Account
    public var sourceName: String
    /// `orphaned`, `leaver`, or both.
    public var types: [AccessFindingType]
    public var login: LoginObservation
    /// What the findings say (who left when, that nobody owns it).
    public var reasons: [String]

    public init(account: Account, sourceName: String, types: [AccessFindingType], login: LoginObservation, reasons: [String]) {
        self.account = account
        self.sourceName = sourceName
        self.types = types
        self.login = login
        self.reasons = reasons
    }
}
