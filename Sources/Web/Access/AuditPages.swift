import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// The audit log page, with filters and export links (admin and auditor).
struct AuditPages {
    let audit: any AuditLog

    func register(_ router: Router<WebContext>) {
        router.get("/admin/audit") { request, context in
            let principal = try context.require(.auditRead)
            let query = try AuditController.query(request)
            let page = try await audit.list(query, page: try request.pageRequest())
            let rows = page.items.map { entry -> Markup in
                """
                <tr><td>\(Layout.time(entry.time))</td><td>\(entry.actor)</td><td>\(entry.action)</td><td>\(entry.target)</td>
                <td>\(entry.source)</td><td class="\(entry.outcome.rawValue)">\(entry.outcome.rawValue)</td><td>\(entry.detail)</td></tr>
                """
            }
            var params: [String] = []
            for name in ["actor", "action", "from", "to"] {
                if let value = request.queryString(name) {
                    params.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
                }
            }
            let filterQuery = params.joined(separator: "&")
            let nextLink = page.next.map { next -> Markup in
                "<p><a rel=\"next\" href=\"/admin/audit?\(filterQuery)&cursor=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")\">Older entries</a></p>"
            }
            let body: Markup = """
                \(Markup.when(principal.can(.usersManage), AdminTabs.render(.audit)))
                <form method="get" action="/admin/audit" class="filters">
                \(Field.text("actor", "Actor", value: request.queryString("actor") ?? ""))\(Field.text("action", "Action starts with", value: request.queryString("action") ?? ""))
                \(Field.text("from", "From (RFC 3339)", value: request.queryString("from") ?? ""))\(Field.text("to", "To (RFC 3339)", value: request.queryString("to") ?? ""))
                <button type="submit">Filter</button></form>
                \(Markup.when(principal.can(.auditExport), "<p class=\"actions\"><a class=\"button secondary\" href=\"/api/v1/audit/export?format=csv&\(filterQuery)\">Export CSV</a> <a class=\"button secondary\" href=\"/api/v1/audit/export?format=json&\(filterQuery)\">Export JSON</a></p>"))
                <table class="list audit"><thead><tr><th>Time</th><th>Actor</th><th>Action</th><th>Target</th><th>Source</th><th>Outcome</th><th>Detail</th></tr></thead>
                <tbody>\(rows)</tbody></table>\(nextLink)
                """
            return HTML.response(Layout.page(title: "Audit log", area: .admin, principal: principal, csrf: context.csrf, body: body))
        }
    }
}
