// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// What a new job is made of: its assets (named, or chosen by tag, owner or environment), the plan lines to take
/// (all of theirs, those closing some findings, or chosen packages) and how it is to run.
public struct PatchJobDraft: Sendable, Equatable {
    public struct LineChoice: Sendable, Equatable {
        public var assetID: String
        public var package: String
        /// A version other than the plan's target (validated for the ecosystem).
        public var toVersion: String?

        public init(assetID: String, package: String, toVersion: String? = nil) {
            self.assetID = assetID
            self.package = package
            self.toVersion = toVersion
        }
    }

    public var title: String
    public var assetIDs: [String]
    public var tag: String?
    public var owner: String?
    public var environment: String?
    public var findingIDs: [String]
    public var lines: [LineChoice]
    public var windowID: String?
    public var emergency: Bool
    public var reboot: RebootExpectation
    public var rollbackNotes: String?

    public init(
        title: String, assetIDs: [String] = [], tag: String? = nil, owner: String? = nil, environment: String? = nil, findingIDs: [String] = [],
        lines: [LineChoice] = [], windowID: String? = nil, emergency: Bool = false, reboot: RebootExpectation = .ifRequired,
        rollbackNotes: String? = nil
    ) {
        self.title = title
        self.assetIDs = assetIDs
        self.tag = tag
        self.owner = owner
        self.environment = environment
        self.findingIDs = findingIDs
        self.lines = lines
        self.windowID = windowID
        self.emergency = emergency
        self.reboot = reboot
        self.rollbackNotes = rollbackNotes
    }
}

/// A change to a job by PATCH: its status, window, texts, with an optional comment for the timeline.
public struct PatchJobChange: Sendable, Equatable {
    public var status: PatchJobStatus?
    /// `.some(nil)` clears the window.
    public var windowID: String??
    public var title: String?
    public var reboot: RebootExpectation?
    public var rollbackNotes: String?
    public var comment: String?

    public init(
        status: PatchJobStatus? = nil, windowID: String?? = nil, title: String? = nil, reboot: RebootExpectation? = nil, rollbackNotes: String? = nil,
        comment: String? = nil
    ) {
        self.status = status
        self.windowID = windowID
        self.title = title
        self.reboot = reboot
        self.rollbackNotes = rollbackNotes
        self.comment = comment
    }
}
