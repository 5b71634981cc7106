// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Yams

/// Why a rule (or a whole file) could not be loaded, and where.
public struct SigmaLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    /// The rule's id when it was read far enough to know it.
    public var ruleID: String?

    public init(_ location: SourceLocation, _ message: String, ruleID: String? = nil) {
        self.location = location
        self.message = message
        self.ruleID = ruleID
    }

    public var description: String { "\(location): \(message)" }
}
