// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Patching

/// Patch management: the remediation plan, patch jobs and maintenance windows (API and pages).
public struct PatchingWeb: WebArea {
    let patching: PatchingService
    let now: @Sendable () -> Date

    public init(patching: PatchingService, now: @escaping @Sendable () -> Date = { Date() }) {
        self.patching = patching
        self.now = now
    }

    public func registerAPI(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/remediation", operationID: "getRemediationPlan",
                summary: """
                    The upgrades that close the open findings, per asset and package, the most risk removed first: \
                    the smallest version that fixes them all and carries no known advisory
                    """,
                tag: "Patching", access: .permission(.patchingRead),
                query: [.init("asset_id", "one inventory asset (default: every asset with open findings)")], responseSchema: "RemediationPlan")
        ) { request, _ in
            let assetID = request.queryString("asset_id")
            if let assetID, !Identifier.isValid(assetID) { throw APIError.badRequest("asset_id: '\(assetID.prefix(40))' is not an id") }
            return try JSONResponse.make(RemediationPlanBody(lines: try await patching.plan(assetID: assetID).map(PlanLineBody.init)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/metrics/patching", operationID: "patchingMetrics",
                summary: """
                    Time to remediate by severity (first seen → fixed: mean, median, 90th percentile), patch SLA compliance, \
                    assets fully patched, jobs by status and overdue, open risk day by day, and the exposure window of known \
                    exploited findings
                    """,
                tag: "Patching", access: .permission(.patchingRead),
                query: [
                    .init("from", "start (RFC 3339 or YYYY-MM-DD; default 90 days ago)", .timeOrDay),
                    .init("to", "end: a time (exclusive) or a day (through its end); default now", .timeOrDay),
                ], responseSchema: "PatchingMetrics")
        ) { request, _ in
            let period = try request.queryPeriod(now: now())
            return try JSONResponse.make(PatchingMetricsBody(try await patching.metrics(from: period.from, to: period.to)))
        }
        PatchJobsController(patching: patching, now: now).register(routes)
    }

    public func dashboardCards(for principal: Principal) async throws -> [Markup] {
        guard principal.can(.patchingRead) else { return [] }
        let now = now()
        let metrics = try await patching.metrics(from: now.addingTimeInterval(-30 * 86400), to: now.addingTimeInterval(1))
        let waiting = (metrics.jobsByStatus[.submitted] ?? 0)
        let running = [PatchJobStatus.approved, .scheduled, .inProgress, .applied].map { metrics.jobsByStatus[$0] ?? 0 }.reduce(0, +)
        let trend = LineChart(
            title: "Open risk, last 30 days", labels: metrics.openRiskOverTime.map { String(Timestamp.format($0.at).prefix(10)) },
            series: [.init("Open risk", metrics.openRiskOverTime.map(\.openRisk))])
        let median = metrics.all.timeToRemediate.median.map { "median time to remediate \(PatchingMetricsPage.duration($0))" } ?? "nothing fixed"
        return [
            Card(
                "Patching",
                body: """
                    <p class="big"><a href="/patching/jobs">\(waiting) awaiting approval</a> · \(running) under way · \
                    <a href="/patching/metrics">\(metrics.jobsOverdue) overdue</a></p>
                    <p>\(metrics.all.timeToRemediate.count) findings fixed in 30 days, \(median); \
                    \(PatchingMetricsPage.percent(metrics.assetsFullyPatchedShare)) of assets with findings fully patched.</p>
                    \(trend.render())
                    """
            ).render()
        ]
    }

    public func registerPages(_ router: Router<WebContext>) {
        router.get("/patching") { request, context in
            let principal = try context.require(.patchingRead)
            let assetID = request.queryString("asset_id").flatMap { Identifier.isValid($0) ? $0 : nil }
            let lines = try await patching.plan(assetID: assetID)
            let view = RemediationPlanView(
                lines: lines, assetID: assetID, windows: try await patching.windows(), canWrite: principal.can(.patchingWrite), csrf: context.csrf)
            return context.page(request, principal, title: "Remediation plan", area: .patching, body: view.render())
        }
        router.get("/patching/jobs") { request, context in
            let principal = try context.require(.patchingRead)
            let board = try await PatchJobBoard.load(patching, now: now())
            return context.page(request, principal, title: "Patch jobs", area: .patching, body: board.render())
        }
        router.post("/patching/jobs") { request, context in
            let principal = try context.require(.patchingWrite)
            let form = try await Form.read(request, session: context.session)
            let assetID = form.text("asset_id")
            let back = Identifier.isValid(assetID) ? "/patching?asset_id=\(assetID)" : "/patching"
            let group = (
                tag: form.text("tag").nonEmptyValue, owner: form.text("owner").nonEmptyValue, environment: form.text("environment").nonEmptyValue
            )
            guard Identifier.isValid(assetID) || group.tag != nil || group.owner != nil || group.environment != nil else {
                return redirect(back, notice: "No job made: choose the assets by tag, owner or environment.")
            }
            do {
                let job = try await patching.createJob(
                    PatchJobDraft(
                        title: form.text("title"), assetIDs: Identifier.isValid(assetID) ? [assetID] : [], tag: group.tag, owner: group.owner,
                        environment: group.environment,
                        windowID: form.text("window_id").nonEmptyValue,
                        emergency: !form.text("emergency").isEmpty, reboot: RebootExpectation(rawValue: form.text("reboot")) ?? .ifRequired,
                        rollbackNotes: form.text("rollback_notes").nonEmptyValue),
                    by: context.auditActor(principal))
                return redirect("/patching/jobs/\(job.id)", notice: "Draft job made: submit it for approval.")
            } catch let error as CoreError {
                return redirect(back, notice: "No job made: \(error.description)")
            }
        }
        router.get("/patching/jobs/{id}") { request, context in
            let principal = try context.require(.patchingRead)
            let page = try await PatchJobPage.load(
                patching, id: try context.identifier("patch job"), principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: page.job.title, area: .patching, body: page.render())
        }
        router.post("/patching/jobs/{id}") { request, context in
            let principal = try context.require(.patchingWrite)
            let id = try context.identifier("patch job")
            let form = try await Form.read(request, session: context.session)
            do {
                var change = PatchJobChange(status: PatchJobStatus(rawValue: form.text("status")), comment: form.text("comment").nonEmptyValue)
                if form["window_id"] != nil { change.windowID = .some(form.text("window_id").nonEmptyValue) }
                let job = try await patching.change(id: id, change, by: context.auditActor(principal))
                return redirect("/patching/jobs/\(id)", notice: "Saved: the job is \(job.status.title.lowercased()).")
            } catch let error as CoreError {
                return redirect("/patching/jobs/\(id)", notice: "Nothing changed: \(error.description)")
            }
        }
        router.post("/patching/jobs/{id}/approve") { request, context in
            let principal = try context.require(.patchingApprove)
            let id = try context.identifier("patch job")
            let form = try await Form.read(request, session: context.session)
            do {
                let job = try await patching.approve(id: id, comment: form.text("comment").nonEmptyValue, by: context.auditActor(principal))
                return redirect("/patching/jobs/\(id)", notice: "Approved (\(job.approvals.count) of \(job.requiredApprovals)).")
            } catch let error as CoreError {
                return redirect("/patching/jobs/\(id)", notice: "Not approved: \(error.description)")
            }
        }
        router.get("/patching/metrics") { request, context in
            let principal = try context.require(.patchingRead)
            let period = try request.queryPeriod(now: now())
            let page = PatchingMetricsPage(metrics: try await patching.metrics(from: period.from, to: period.to))
            return context.page(request, principal, title: "Patching metrics", area: .patching, body: page.render())
        }
        router.get("/patching/windows") { request, context in
            let principal = try context.require(.patchingRead)
            let page = try await MaintenanceWindowsPage.load(patching, principal: principal, csrf: context.csrf, now: now())
            return context.page(request, principal, title: "Maintenance windows", area: .patching, body: page.render())
        }
        router.post("/patching/windows") { request, context in
            let principal = try context.require(.patchingWrite)
            let form = try await Form.read(request, session: context.session)
            do {
                let window = try await patching.createWindow(
                    MaintenanceWindow(
                        id: Identifier.make(), name: form.text("name"),
                        recurrence: MaintenanceWindow.Recurrence(rawValue: form.text("recurrence")) ?? .weekly,
                        weekdays: form.all("weekdays").compactMap { Int($0) }, ordinal: Int(form.text("ordinal")), start: form.text("start"),
                        durationMinutes: Int(form.text("duration_minutes")) ?? 0, timeZone: form.text("time_zone"),
                        assetTag: form.text("asset_tag").nonEmptyValue, createdBy: principal.username, createdAt: now()),
                    by: context.auditActor(principal))
                return redirect("/patching/windows", notice: "Window \(window.name) added.")
            } catch let error as CoreError {
                return redirect("/patching/windows", notice: "No window added: \(error.description)")
            }
        }
    }

    public var schemas: [String: Any] {
        OpenAPISchemas.patching.merging(OpenAPISchemas.patchJobs) { a, _ in a }.merging(OpenAPISchemas.patchingMetrics) { a, _ in a }
    }
}
