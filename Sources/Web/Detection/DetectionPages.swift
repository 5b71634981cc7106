import AccessControl
import BulwarkCore
import Detection
import Foundation
import Hummingbird

/// Rules (state, filters, load errors, reload, switch on/off), exclusions, and threat-intelligence indicators.
struct DetectionPages {
    let detection: DetectionService

    func register(_ router: Router<WebContext>) {
        router.get("/detection/rules") { request, context in
            let principal = try context.require(.detectionRead)
            let filter = DetectionService.RuleFilter(
                text: request.formValue("q"), state: try request.queryEnum("state", RuleInfo.State.self),
                level: try request.queryEnum("level", SigmaLevel.self), tag: request.formValue("tag").nonEmpty)
            let rules = await detection.rules(filter)
            let counts = await detection.counts()
            let report = await detection.report
            let shown = rules.prefix(200)
            let rows = shown.map { info -> Markup in
                """
                <tr><td>\(info.rule.level.map { Badge.severity(Severity(rawValue: $0.rawValue) ?? .medium) } ?? "—")</td>
                <td><a href="/detection/rules/\(info.rule.id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? info.rule.id)">\(info.rule.title)</a><br><small>\(AlertPages.attack(info.rule.tags))</small></td>
                <td>\(info.rule.logsource.description)</td><td>\(info.state.rawValue)\(info.reason.map { "<br><small>\($0)</small>" as Markup })</td></tr>
                """
            }
            let stateValue = request.formValue("state") ?? ""
            let errors = (report?.errors ?? []).prefix(100).map { error -> Markup in
                "<li><code>\(error.location.description)</code>: \(error.message)</li>"
            }
            let body: Markup = """
                \(AlertPages.tabs("/detection/rules"))
                <p>\(counts[.running] ?? 0) running, \(counts[.disabled] ?? 0) disabled, \(counts[.unmapped] ?? 0) without a logsource mapping, \(counts[.rejected] ?? 0) rejected\(report.map { "; loaded \(Layout.time($0.loadedAt)) from \($0.files) files in \(String(format: "%.1f", $0.seconds)) s" } ?? "").
                Rule paths: \(detection.settings.rulePaths.isEmpty ? "none (give --rules DIR or put rules in DATA/rules)" : detection.settings.rulePaths.joined(separator: ", ")).</p>
                \(Markup.when(principal.can(.detectionWrite), "<form method=\"post\" action=\"/detection/reload\" class=\"inline\">\(Field.csrf(context.csrf ?? ""))<button type=\"submit\" class=\"secondary\">Reload rules from disk</button></form>"))
                <form class="filters" method="get" action="/detection/rules">
                <label>Text <input name="q" value="\(request.formValue("q") ?? "")"></label>
                <label>State <select name="state"><option value="">any</option>\(RuleInfo.State.allCases.map { state -> Markup in "<option value=\"\(state.rawValue)\"\(Markup.when(stateValue == state.rawValue, " selected"))>\(state.rawValue)</option>" })</select></label>
                <label>Level <select name="level"><option value="">any</option>\(SigmaLevel.allCases.reversed().map { level -> Markup in "<option value=\"\(level.rawValue)\"\(Markup.when(request.formValue("level") == level.rawValue, " selected"))>\(level.rawValue)</option>" })</select></label>
                <label>Tag <input name="tag" value="\(request.formValue("tag") ?? "")" placeholder="attack.t1059"></label>
                <button type="submit">Filter</button></form>
                <table class="list"><thead><tr><th>Level</th><th>Rule</th><th>Logsource</th><th>State</th></tr></thead><tbody>\(rows)</tbody></table>
                \(Markup.when(rules.count > shown.count, "<p class=\"muted\">The first \(shown.count) of \(rules.count) rules are shown; filter to narrow.</p>"))
                \(Markup.when(!errors.isEmpty, "<section class=\"card\"><h2>Rules that could not be loaded (\(report?.errors.count ?? 0))</h2><ul>\(errors)</ul></section>"))
                """
            return HTML.response(
                Layout.page(title: "Detection rules", area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice, body: body))
        }
        router.post("/detection/reload") { request, context in
            let principal = try context.require(.detectionWrite)
            _ = try await Form.read(request, session: context.session)
            let report = try await detection.reload(by: context.auditActor(principal))
            return redirect("/detection/rules", notice: "Reloaded: \(report.running) rules running, \(report.errors.count) could not be loaded.")
        }
        router.get("/detection/rules/{id}") { request, context in
            let principal = try context.require(.detectionRead)
            let id = context.parameters.get("id") ?? ""
            guard let info = await detection.rule(id: id) else { throw CoreError.notFound(kind: "rule", id: id) }
            let rule = info.rule
            let toggle: Markup = Markup.when(
                principal.can(.detectionWrite) && info.kind == "detection",
                """
                <form method="post" action="/detection/rules/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)/toggle" class="inline">\(Field.csrf(context.csrf ?? ""))
                <input type="hidden" name="enabled" value="\(info.state == .disabled ? "true" : "false")">
                <button type="submit" class="secondary">\(info.state == .disabled ? "Enable" : "Disable")</button></form>
                """)
            let body: Markup = """
                \(AlertPages.tabs("/detection/rules"))
                <section class="card"><dl>
                <dt>Id</dt><dd><code>\(rule.id)</code></dd><dt>Kind</dt><dd>\(info.kind)</dd>
                <dt>State</dt><dd>\(info.state.rawValue)\(info.reason.map { " — \($0)" } ?? "")</dd>
                <dt>Level</dt><dd>\(rule.level?.rawValue ?? "—")</dd><dt>Status</dt><dd>\(rule.status ?? "—")</dd>
                <dt>Logsource</dt><dd>\(rule.logsource.description)</dd><dt>ATT&amp;CK</dt><dd>\(AlertPages.attack(rule.tags))</dd>
                <dt>Tags</dt><dd>\(rule.tags.joined(separator: ", "))</dd><dt>File</dt><dd><code>\(rule.location.description)</code></dd>
                <dt>Author</dt><dd>\(rule.author ?? "—")</dd><dt>Date</dt><dd>\(rule.date ?? "—")\(rule.modified.map { " (modified \($0))" } ?? "")</dd>
                <dt>False positives</dt><dd>\(rule.falsePositives.joined(separator: "; "))</dd>
                <dt>References</dt><dd>\(rule.references.map { reference -> Markup in "<a href=\"\(reference)\" rel=\"noreferrer\">\(reference)</a><br>" })</dd>
                </dl><p>\(rule.description ?? "")</p>\(toggle)
                <p><a href="/alerts?rule_id=\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&amp;status=new,acknowledged,closed">Alerts from this rule</a>
                · <a href="/detection/exclusions?rule_id=\(id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")">Add an exclusion</a></p></section>
                """
            return HTML.response(
                Layout.page(title: rule.title, area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice, body: body))
        }
        router.post("/detection/rules/{id}/toggle") { request, context in
            let principal = try context.require(.detectionWrite)
            let id = context.parameters.get("id") ?? ""
            let form = try await Form.read(request, session: context.session)
            let info = try await detection.setEnabled(ruleID: id, enabled: form.text("enabled") == "true", by: context.auditActor(principal))
            return redirect(
                "/detection/rules/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)",
                notice: "Rule is now \(info.state.rawValue).")
        }
        router.get("/detection/exclusions") { request, context in
            let principal = try context.require(.detectionRead)
            let exclusions = try await detection.exclusions()
            let rows = exclusions.map { item -> Markup in
                """
                <tr><td>\(item.ruleID ?? "all rules")</td><td><pre class="raw">\(item.condition)</pre></td><td>\(item.reason)</td><td>\(Layout.time(item.expiresAt))</td><td>\(item.createdBy)</td>
                <td>\(Markup.when(principal.can(.detectionWrite), "<form method=\"post\" action=\"/detection/exclusions/\(item.id)/delete\" class=\"inline\" data-confirm=\"Remove this exclusion?\">\(Field.csrf(context.csrf ?? ""))<button class=\"link danger\">Remove</button></form>"))</td></tr>
                """
            }
            let create: Markup = Markup.when(
                principal.can(.detectionWrite),
                """
                <section class="card"><h2>New exclusion</h2><form method="post" action="/detection/exclusions">\(Field.csrf(context.csrf ?? ""))
                \(Field.text("rule_id", "Rule id", value: request.formValue("rule_id") ?? "", hint: "empty: the exclusion applies to every rule"))
                <label for="f-condition">Condition (a Sigma selection)</label><textarea id="f-condition" name="condition" rows="4" required placeholder="Computer: build-01&#10;ParentImage|endswith: '\\msbuild.exe'"></textarea>
                <small>Field: value lines as in a Sigma selection (all must match), or searches with a condition line.</small>
                \(Field.text("reason", "Reason", required: true))\(Field.text("expires_at", "Expires", type: "date"))
                <button type="submit">Add exclusion</button></form></section>
                """)
            return HTML.response(
                Layout.page(
                    title: "Exclusions", area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice,
                    body: """
                        \(AlertPages.tabs("/detection/exclusions"))
                        <p>A match that an exclusion's condition covers is dropped before it becomes an alert (Sigma filter rules in the rule files work the same way).</p>
                        <table class="list"><thead><tr><th>Rule</th><th>Condition</th><th>Reason</th><th>Expires</th><th>By</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
                        \(create)
                        """))
        }
        router.post("/detection/exclusions") { request, context in
            let principal = try context.require(.detectionWrite)
            let form = try await Form.read(request, session: context.session)
            let expires = form.endOfDay("expires_at")
            do {
                _ = try await detection.createExclusion(
                    ruleID: Optional(form.text("rule_id")).nonEmpty, condition: form["condition"] ?? "",
                    reason: form.text("reason"), expiresAt: expires, by: context.auditActor(principal))
                return redirect("/detection/exclusions", notice: "Exclusion added.")
            } catch let error as CoreError {
                return redirect("/detection/exclusions", notice: "Not added: \(error.description)")
            }
        }
        router.post("/detection/exclusions/{id}/delete") { request, context in
            let principal = try context.require(.detectionWrite)
            _ = try await Form.read(request, session: context.session)
            try await detection.deleteExclusion(id: try context.identifier("exclusion"), by: context.auditActor(principal))
            return redirect("/detection/exclusions", notice: "Exclusion removed.")
        }
        registerIntel(router)
    }

    private func registerIntel(_ router: Router<WebContext>) {
        router.get("/intel") { request, context in
            let principal = try context.require(.detectionRead)
            let kind = try request.queryEnum("kind", Indicator.Kind.self)
            let page = try await detection.listIndicators(kind: kind, text: request.formValue("q").nonEmpty, page: try request.pageRequest())
            let total = try await detection.indicatorCount()
            let rows = page.items.map { item -> Markup in
                """
                <tr><td>\(item.kind.rawValue)</td><td><code>\(item.value)</code></td><td>\(item.source)</td><td class="number">\(item.confidence)</td>
                <td>\(Layout.time(item.expiresAt))</td><td>\(item.description)</td>
                <td>\(Markup.when(principal.can(.detectionWrite), "<form method=\"post\" action=\"/intel/\(item.id)/delete\" class=\"inline\" data-confirm=\"Remove this indicator?\">\(Field.csrf(context.csrf ?? ""))<button class=\"link danger\">Remove</button></form>"))</td></tr>
                """
            }
            let forms: Markup = Markup.when(
                principal.can(.detectionWrite),
                """
                <div class="grid"><section class="card"><h2>Add an indicator</h2><form method="post" action="/intel">\(Field.csrf(context.csrf ?? ""))
                \(Field.text("value", "Value", required: true, hint: "IP, CIDR, domain, URL, MD5/SHA-1/SHA-256 or email; the kind is recognised"))
                \(Field.text("source", "Source", value: "manual"))\(Field.text("confidence", "Confidence (0–100)", value: "50", type: "number"))
                \(Field.text("description", "Description"))\(Field.text("expires_at", "Expires", type: "date"))
                <button type="submit">Add</button></form></section>
                <section class="card"><h2>Import</h2><form method="post" action="/intel/import">\(Field.csrf(context.csrf ?? ""))
                \(Field.select("format", "Format", options: ["detect", "csv", "stix", "misp"], selected: "detect"))
                \(Field.text("source", "Source name", value: "import"))
                <label for="f-file">File</label><input id="f-file" type="file" accept=".csv,.json,.txt" data-fills="f-content">
                <label for="f-content">Content</label><textarea id="f-content" name="content" rows="6" required placeholder="type,value,confidence,expires,description&#10;ip,203.0.113.7,80,2027-01-01,C2 server"></textarea>
                <small>CSV with a header (value required; type, source, confidence, expires, description, tags), a STIX 2.1 bundle, or a MISP feed event.</small>
                \(Field.checkbox("partial", "CSV: import the good rows even if some are refused", checked: false))
                <button type="submit">Import</button></form></section></div>
                """)
            let body: Markup = """
                \(AlertPages.tabs("/intel"))
                <p>\(total) indicators; every event is checked against the active ones (IP and CIDR, domain and its subdomains, URL, hashes, email).</p>
                <form class="filters" method="get" action="/intel"><label>Text <input name="q" value="\(request.formValue("q") ?? "")"></label>
                \(Field.select("kind", "Kind", options: [""] + Indicator.Kind.allCases.map(\.rawValue), selected: kind?.rawValue ?? ""))<button type="submit">Filter</button></form>
                <table class="list"><thead><tr><th>Kind</th><th>Value</th><th>Source</th><th>Confidence</th><th>Expires</th><th>Description</th><th></th></tr></thead><tbody>\(rows)</tbody></table>
                \(page.next.map { "<p><a href=\"/intel?cursor=\($0)\">More</a></p>" as Markup })
                \(forms)
                """
            return HTML.response(
                Layout.page(title: "Threat intelligence", area: .alerts, principal: principal, csrf: context.csrf, notice: request.notice, body: body)
            )
        }
        router.post("/intel") { request, context in
            let principal = try context.require(.detectionWrite)
            let form = try await Form.read(request, session: context.session)
            let expires = form.endOfDay("expires_at")
            do {
                let indicator = try await detection.addIndicator(
                    value: form.text("value"), kind: nil, source: form.text("source").isEmpty ? "manual" : form.text("source"),
                    confidence: Int(form.text("confidence")) ?? 50, expiresAt: expires,
                    description: form.text("description"), by: context.auditActor(principal))
                return redirect("/intel", notice: "Added \(indicator.kind.rawValue) \(indicator.value).")
            } catch let error as CoreError {
                return redirect("/intel", notice: "Not added: \(error.description)")
            }
        }
        router.post("/intel/import") { request, context in
            let principal = try context.require(.detectionWrite)
            let form = try await Form.read(request, session: context.session, limit: 8 << 20)
            let format = IndicatorImport.Format(rawValue: form.text("format"))
            let source = form.text("source").isEmpty ? "import" : String(form.text("source").prefix(200))
            let report = try await detection.importIndicators(
                Data((form["content"] ?? "").utf8), format: format, source: source,
                partial: form.flag("partial"), by: context.auditActor(principal))
            let rejected = report.rejected.prefix(200).map { item -> Markup in "<li>\(item.place): \(item.reason)</li>" }
            return HTML.response(
                Layout.page(
                    title: "Threat intelligence import", area: .alerts, principal: principal, csrf: context.csrf,
                    notice: report.applied ? "Imported: \(report.created) new, \(report.updated) updated, \(report.rejected.count) left out." : nil,
                    error: report.applied
                        ? nil : "Nothing was imported: \(report.rejected.count) rows are refused. Fix them, or tick “import the good rows”.",
                    body: "\(AlertPages.tabs("/intel"))<ul>\(rejected)</ul><p><a href=\"/intel\">Back to the indicators</a></p>"),
                status: report.applied ? .ok : .unprocessableContent)
        }
        router.post("/intel/{id}/delete") { request, context in
            let principal = try context.require(.detectionWrite)
            _ = try await Form.read(request, session: context.session)
            try await detection.deleteIndicator(id: try context.identifier("indicator"), by: context.auditActor(principal))
            return redirect("/intel", notice: "Indicator removed.")
        }
    }
}
