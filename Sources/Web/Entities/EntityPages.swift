// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Incidents
import Monitoring

/// `/entities/{type}/{value}`: an IP address, a user, a host, a domain or a hash across Bulwark. The page checks the
/// value and its window, and each area adds what it knows (``WebArea/entitySections(_:for:)``): events, alerts,
/// cases and intelligence, the inventory asset, its findings.
struct EntityPages {
    let areas: [any WebArea]
    /// For relative times in `from` and `to` (`now-1h`); the areas read their own clocks.
    let clock: any WallClock = SystemClock()

    func register(_ router: Router<WebContext>) {
        router.get("/entities/{type}/{value}") { request, context in
            let principal = try context.require(.alertsRead)
            _ = try context.require(.eventsRead)
            let typeText = context.parameters.get("type") ?? ""
            guard let type = ObservableType(rawValue: typeText), EntityPage.types.contains(type) else {
                throw CoreError.notFound(kind: "entity type", id: typeText)
            }
            let raw = context.parameters.get("value") ?? ""
            let value: String
            switch type.normalise(String((raw.removingPercentEncoding ?? raw).prefix(2048))) {
            case .success(let text): value = text
            case .failure(let error): throw CoreError.invalid([error])
            }
            let now = clock.now()
            let entity = EntityRequest(
                type: type, value: value, from: try Self.time(request, "from", now: now), to: try Self.time(request, "to", now: now))
            var sections: [Markup] = []
            for area in areas { sections += try await area.entitySections(entity, for: principal) }
            return context.page(request, principal, title: EntityPage.title(type, value), area: .alerts, body: sections.joined())
        }
    }

    static func time(_ request: Request, _ name: String, now: Date) throws -> Date? {
        guard let text = request.queryString(name) else { return nil }
        guard let date = QueryParser.parseTime(text, now: now) else { throw APIError.badRequest("\(name): '\(text)' is not a time") }
        return date
    }
}
