// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A fact of the investigation: an address, a hash, an account… Where else it was seen is computed when read
/// (``ObservableSightings``).
public struct CaseObservable: CaseRecord, Hashable {
    public static let kind = "observable"
    public var id: String
    public var caseID: String
    public var type: ObservableType
    public var value: String
    public var description: String
    /// An indicator of compromise (not just context such as the victim's own host).
    public var ioc: Bool
    public var tags: [String]
    /// `alert:<id>` when extracted, `manual` when added by hand.
    public var source: String
    public var createdBy: String
    public var createdAt: Date
    /// The threat-intelligence indicator it was promoted to.
    public var indicatorID: String?

    public var key: String? { Self.key(type, value) }
    public static func key(_ type: ObservableType, _ value: String) -> String { "\(type.rawValue):\(value)" }

    public init(
        id: String = Identifier.make(), caseID: String, type: ObservableType, value: String, description: String = "", ioc: Bool = false,
        tags: [String] = [], source: String, createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.caseID = caseID
        self.type = type
        self.value = value
        self.description = description
        self.ioc = ioc
        self.tags = tags
        self.source = source
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
