// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import AccessControl
import Foundation
import Hummingbird

/// The areas of the mission, in the order of the navigation.
enum Area: String, CaseIterable {
    case dashboard, monitoring, alerts, incidents, vulnerabilities, patching, access, awareness, compliance, reports, inventory, admin

    var title: String {
        switch self {
        case .dashboard: return "Dashboard"
        case .monitoring: return "Monitoring"
        case .alerts: return "Alerts"
        case .incidents: return "Incidents"
        case .vulnerabilities: return "Vulnerabilities"
        case .patching: return "Patching"
        case .access: return "Access"
        case .awareness: return "Awareness"
        case .compliance: return "Compliance"
        case .reports: return "Reports"
        case .inventory: return "Inventory"
        case .admin: return "Admin"
        }
    }

    var path: String {
        switch self {
        case .dashboard: return "/"
        case .inventory: return "/assets"
        case .admin: return "/admin/users"
        default: return "/" + rawValue
        }
    }

    /// What a user needs to see the area in the navigation.
    var permission: Permission {
        switch self {
        case .dashboard: return .selfService
        case .monitoring: return .eventsRead
        case .alerts: return .alertsRead
        case .incidents: return .incidentsRead
        case .vulnerabilities: return .vulnerabilitiesRead
        case .patching: return .patchingRead
        case .access: return .accessRead
        case .awareness: return .selfService
        case .compliance: return .complianceRead
        case .reports: return .reportsRead
        case .inventory: return .inventoryRead
        case .admin: return .usersManage
        }
    }
}

/// The frame of every signed-in page: navigation by permission, account menu, sign-out form with its CSRF token.
enum Layout {
    static func page(
        title: String, area: Area?, principal: Principal?, csrf: String?, notice: String? = nil, error: String? = nil,
        body: Markup
    ) -> Markup {
        var nav: [Markup] = []
        if let principal {
            for item in Area.allCases where principal.can(item.permission) || (item == .admin && principal.can(.auditRead)) {
                let path = item == .admin && !principal.can(.usersManage) ? "/admin/audit" : item.path
                nav.append("<li><a href=\"\(path)\"\(Markup.when(item == area, " aria-current=\"page\""))>\(item.title)</a></li>")
            }
        }
        let account: Markup =
            principal.map { principal in
                """
                <div class="account"><a href="/account">\(principal.username)</a> <span class="role">\(principal.role.rawValue)</span>
                <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="\(csrf ?? "")"><button type="submit" class="link">Sign out</button></form></div>
                """
            } ?? ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · Bulwark\
            </title>\(Markup.when(csrf != nil && !(csrf ?? "").isEmpty, "<meta name=\"csrf-token\" content=\"\(csrf ?? "")\">"))\
            <link rel="icon" href="/static/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/static/bulwark.css">\
            <script src="/static/bulwark.js" defer></script></head>
            <body><a class="skip" href="#main">Skip to content</a>
            <header class="top"><a class="brand" href="/">Bulwark</a>\(account)</header>
            \(Markup.when(!nav.isEmpty, "<nav aria-label=\"Main\"><ul>\(nav.joined())</ul></nav>"))
            <main id="main" tabindex="-1"><h1>\(title)</h1>
            \(notice.map { "<p class=\"notice\" role=\"status\">\($0)</p>" as Markup } ?? "")
            \(error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as Markup } ?? "")
            \(body)</main></body></html>
            """
    }

    static func time(_ date: Date?) -> String {
        date.map(Timestamp.display) ?? "—"
    }
}

/// A page for an error, without navigation (the error may be that nobody is signed in).
enum ErrorPage {
    static func render(_ error: APIError, requestID: String) -> Markup {
        Layout.page(
            title: "\(error.status.code) \(error.status.reasonPhrase)", area: nil, principal: nil, csrf: nil,
            body: """
                <p>\(error.message)</p><p class="muted">Request id <code>\(requestID)</code></p><p><a href="/">Back to the dashboard</a></p>
                """)
    }
}
