// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import Foundation
import Hummingbird
import Incidents

/// One area's part of the HTTP surface: its API operations, its pages, the JSON Schemas its operations name, and its
/// cards on the dashboard. The application hands ``buildRouter(_:)`` one registrar per area (``WebServices/areas``);
/// the router, the OpenAPI document and the dashboard iterate over them.
public protocol WebArea: Sendable {
    /// Registers the area's JSON operations (each documented in OpenAPI by its ``APIOperation``).
    func registerAPI(_ routes: APIRoutes)
    /// Registers the area's web pages.
    func registerPages(_ router: Router<WebContext>)
    /// The schemas named by the area's operations (`requestSchema`, `responseSchema`).
    var schemas: [String: Any] { get }
    /// The area's cards on the dashboard for this principal (none where the role may not read the area).
    func dashboardCards(for principal: Principal) async throws -> [Markup]
    /// Where the area's cards go on the dashboard: lower first; the same rank keeps the areas' order.
    var dashboardRank: Int { get }
    /// What a new installation must do for the area to work, for those who can do it; the dashboard lists the steps
    /// until each is done.
    func setupSteps(for principal: Principal) async throws -> [SetupStep]
    /// What the area knows of one IP address, user, host, domain or hash, as cards on its entity page
    /// (`/entities/{type}/{value}`), for this principal (none where the role may not read the area).
    func entitySections(_ entity: EntityRequest, for principal: Principal) async throws -> [Markup]
}

extension WebArea {
    public func dashboardCards(for principal: Principal) async throws -> [Markup] { [] }
    public var dashboardRank: Int { 50 }
    public func setupSteps(for principal: Principal) async throws -> [SetupStep] { [] }
    public func entitySections(_ entity: EntityRequest, for principal: Principal) async throws -> [Markup] { [] }
}

/// The value an entity page is about, checked and in canonical form, and the range of time it is asked for.
public struct EntityRequest: Sendable {
    public var type: ObservableType
    public var value: String
    /// The caller's window (an alert's time ± a margin); nil: the area's own default (the last 30 days).
    public var from: Date?
    public var to: Date?
}

/// One step of the first-run checklist: what to do, where, and whether it is done.
public struct SetupStep: Sendable {
    public var title: String
    public var detail: String
    public var href: String
    public var done: Bool

    public init(_ title: String, detail: String, href: String, done: Bool) {
        self.title = title
        self.detail = detail
        self.href = href
        self.done = done
    }
}
