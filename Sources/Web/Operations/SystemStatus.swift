// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What the admin's health and settings pages show, supplied by the application (which alone sees every area's
/// running parts): the configuration as it runs, secrets already masked, and readings taken when asked.
public struct SystemStatus: Sendable {
    /// One setting: its group (the area), the flag that sets it, and its value as running.
    public struct Setting: Sendable, Equatable {
        public var group: String
        public var name: String
        public var value: String
        public init(group: String, name: String, value: String) {
            self.group = group
            self.name = name
            self.value = value
        }
    }

    /// One health reading: what, its value, and whether it needs a look.
    public struct Reading: Sendable, Equatable {
        public enum State: String, Sendable, CaseIterable { case ok, warning, problem }
        public var name: String
        public var value: String
        public var detail: String
        public var state: State
        public init(_ name: String, _ value: String, detail: String = "", state: State = .ok) {
            self.name = name
            self.value = value
            self.detail = detail
            self.state = state
        }
    }

    public var settings: [Setting]
    public var health: @Sendable () async throws -> [Reading]

    public init(settings: [Setting] = [], health: @escaping @Sendable () async throws -> [Reading] = { [] }) {
        self.settings = settings
        self.health = health
    }
}
