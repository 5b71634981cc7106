// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Something that belongs to one case and is stored beside it: a task, an observable, a timeline entry, a
/// comment, a piece of evidence, a response action. `key` is what the store indexes for lookups across cases
/// (an observable's type and value).
public protocol CaseRecord: Codable, Sendable {
    static var kind: String { get }
    var id: String { get }
    var caseID: String { get set }
    var createdAt: Date { get }
    var key: String? { get }
}

extension CaseRecord {
    public var key: String? { nil }
}
