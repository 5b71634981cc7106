// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// The administrator's view of the running server: health readings (ingest, queue, detection, feeds, database) and
/// the configuration it runs with, secrets masked. Pages under /admin, JSON under /api/v1/system.
public struct SystemWeb: WebArea {
    let status: SystemStatus

    public init(status: SystemStatus) { self.status = status }

    public func registerAPI(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/system/health", operationID: "getSystemHealth",
                summary: "Health readings of the running server: ingest, queue, detection, advisory feeds, database (admins)",
                tag: "Operations", access: .permission(.usersManage), responseSchema: "SystemHealth")
        ) { _, _ in
            let readings = try await status.health()
            return try JSONResponse.make(
                SystemHealthBody(
                    state: Self.worst(readings).rawValue,
                    readings: readings.map { .init(name: $0.name, value: $0.value, detail: $0.detail, state: $0.state.rawValue) }))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/system/settings", operationID: "getSystemSettings",
                summary: "The configuration the server runs with, secrets masked (admins)", tag: "Operations",
                access: .permission(.usersManage), responseSchema: "SystemSettings")
        ) { _, _ in
            try JSONResponse.make(
                SystemSettingsBody(settings: status.settings.map { .init(group: $0.group, name: $0.name, value: $0.value) }))
        }
    }

    public func registerPages(_ router: Router<WebContext>) {
        router.get("/admin/health") { request, context in
            let principal = try context.require(.usersManage)
            let readings = try await status.health()
            return context.page(request, principal, title: "Health", area: .admin, body: Self.healthPage(readings))
        }
        router.get("/admin/settings") { request, context in
            let principal = try context.require(.usersManage)
            return context.page(request, principal, title: "Settings", area: .admin, body: Self.settingsPage(status.settings))
        }
    }

    public var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let state: [String: Any] = ["type": "string", "enum": SystemStatus.Reading.State.allCases.map(\.rawValue)]
        return [
            "SystemHealth": OpenAPISchemas.object(
                [
                    "state": state,
                    "readings": [
                        "type": "array",
                        "items": OpenAPISchemas.object(
                            ["name": string, "value": string, "detail": string, "state": state], required: ["name", "value", "detail", "state"]),
                    ],
                ], required: ["state", "readings"]),
            "SystemSettings": OpenAPISchemas.object(
                [
                    "settings": [
                        "type": "array",
                        "items": OpenAPISchemas.object(["group": string, "name": string, "value": string], required: ["group", "name", "value"]),
                    ]
                ],
                required: ["settings"]),
        ]
    }

    static func worst(_ readings: [SystemStatus.Reading]) -> SystemStatus.Reading.State {
        if readings.contains(where: { $0.state == .problem }) { return .problem }
        return readings.contains(where: { $0.state == .warning }) ? .warning : .ok
    }

    static func healthPage(_ readings: [SystemStatus.Reading]) -> Markup {
        let rows = readings.map { reading -> Markup in
            let tone: Badge.Tone = reading.state == .ok ? .success : (reading.state == .warning ? .warning : .danger)
            return """
                <tr class="reading-\(reading.state.rawValue)"><th scope="row">\(reading.name)</th><td>\(reading.value)</td>\
                <td>\(Badge.tag(reading.state.rawValue, tone: tone))</td><td class="muted">\(reading.detail)</td></tr>
                """
        }
        let state = worst(readings)
        let attention = readings.filter { $0.state != .ok }.count
        let summary = attention == 0 ? "Everything reads as expected." : "\(attention) reading\(attention == 1 ? "" : "s") need a look."
        return """
            \(AdminTabs.render(.health))
            <p class="summary health-\(state.rawValue)">\(summary) Taken now; the same as JSON at <code>GET /api/v1/system/health</code>, \
            and over time at <code>/metrics</code>.</p>
            <div class="table-scroll"><table class="health"><thead><tr><th>Reading</th><th>Value</th><th>State</th><th>Why</th></tr></thead>\
            <tbody>\(rows.joined())</tbody></table></div>
            """
    }

    static func settingsPage(_ settings: [SystemStatus.Setting]) -> Markup {
        let groups = Dictionary(grouping: settings, by: \.group)
        let order = settings.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let sections = order.map { group -> Markup in
            let rows = (groups[group] ?? []).map { "<tr><th scope=\"row\"><code>\($0.name)</code></th><td>\($0.value)</td></tr>" as Markup }
            return "<h2>\(group)</h2><div class=\"table-scroll\"><table class=\"settings\"><tbody>\(rows.joined())</tbody></table></div>"
        }
        return """
            \(AdminTabs.render(.settings))
            <p class="summary">The configuration this server runs with, from its flags and <code>BULWARK_*</code> variables \
            (see <code>bulwark serve --help</code>); secrets and passwords are masked. Change it where the server is started, then restart.</p>
            \(sections.joined())
            """
    }
}

struct SystemHealthBody: Encodable {
    struct Reading: Encodable {
        var name: String
        var value: String
        var detail: String
        var state: String
    }
    var state: String
    var readings: [Reading]
}

struct SystemSettingsBody: Encodable {
    struct Setting: Encodable {
        var group: String
        var name: String
        var value: String
    }
    var settings: [Setting]
}
