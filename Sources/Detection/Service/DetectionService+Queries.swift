// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// Reading the threat-intelligence indicators: the service is the only door to the detection store.
extension DetectionService {
    public nonisolated func listIndicators(kind: Indicator.Kind?, text: String?, page: PageRequest) async throws -> Page<Indicator> {
        try await store.indicators(kind: kind, text: text, page: page)
    }

    public nonisolated func indicatorCount() async throws -> Int { try await store.indicatorCount() }
}
