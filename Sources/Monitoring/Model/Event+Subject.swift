// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// Who an event concerns, read in one place from the normalised ECS fields: the normaliser copies the source's own
/// names (Windows `TargetUserName`, Sysmon `User`, sshd's user …) into `user.name`, so alerts, cases and every later
/// area read that one field.
extension Event {
    /// The names a source may give the user in, ECS first: where a correlation's group names a user, it is under one
    /// of these (`group.<name>`).
    public static let userFields = ["user.name", "TargetUserName", "User", "SubjectUserName", "AccountName"]

    /// The user the event concerns (`user.name`), nil when it names none.
    public var subjectUser: String? {
        guard let name = fields["user.name"]?.text, !name.isEmpty, name != "-" else { return nil }
        return name
    }
}
