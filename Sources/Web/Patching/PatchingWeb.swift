// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird
import Patching

/// Patch management: the remediation plan (API and page); jobs, windows and verification follow.
public struct PatchingWeb: WebArea {
    let patching: PatchingService

    public init(patching: PatchingService) { self.patching = patching }

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
    }

    public func registerPages(_ router: Router<WebContext>) {
        router.get("/patching") { request, context in
            let principal = try context.require(.patchingRead)
            let assetID = request.queryString("asset_id").flatMap { Identifier.isValid($0) ? $0 : nil }
            let lines = try await patching.plan(assetID: assetID)
            return context.page(
                request, principal, title: "Remediation plan", area: .patching, body: RemediationPlanView(lines: lines, assetID: assetID).render())
        }
    }

    public var schemas: [String: Any] { OpenAPISchemas.patching }
}
