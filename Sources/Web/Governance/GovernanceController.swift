// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Governance
import Hummingbird

/// The access governance API: identity sources and their imports, accounts, and access findings. Reading needs
/// `access.read`; sources, imports, links and decisions `access.write`.
struct GovernanceController {
    let governance: GovernanceService

    /// The largest upload: a directory export or a tarball of many hosts.
    static let maximumUpload = 64 << 20

    struct SourceInput: APIInput {
        static let fields: Set<String> = ["name", "kind", "owner", "asset_id", "criticality", "dormant_days", "service_accounts", "directory"]
        var name: String
        var kind: String
        var owner: String?
        var assetId: String?
        var criticality: String?
        var dormantDays: Int?
        var serviceAccounts: [String: String]?
        var directory: DirectoryInput?
    }

    struct SourceUpdate: APIInput {
        static let fields: Set<String> = ["name", "owner", "asset_id", "criticality", "dormant_days", "service_accounts", "directory"]
        var name: String?
        var owner: String?
        var assetId: String??
        var criticality: String??
        var dormantDays: Int?
        var serviceAccounts: [String: String]?
        /// Absent: unchanged; null: no live directory any more.
        var directory: DirectoryInput??

        enum CodingKeys: String, CodingKey { case name, owner, assetId, criticality, dormantDays, serviceAccounts, directory }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            owner = try container.decodeIfPresent(String.self, forKey: .owner)
            if container.contains(.assetId) { assetId = .some(try container.decodeIfPresent(String.self, forKey: .assetId)?.nonEmptyValue) }
            if container.contains(.criticality) {
                criticality = .some(try container.decodeIfPresent(String.self, forKey: .criticality)?.nonEmptyValue)
            }
            dormantDays = try container.decodeIfPresent(Int.self, forKey: .dormantDays)
            serviceAccounts = try container.decodeIfPresent([String: String].self, forKey: .serviceAccounts)
            if container.contains(.directory) { directory = .some(try container.decodeIfPresent(DirectoryInput.self, forKey: .directory)) }
        }
    }

    struct AccountUpdate: APIInput {
        static let fields: Set<String> = ["person_id"]
        var personId: String?
    }

    struct FindingUpdate: APIInput {
        static let fields: Set<String> = ["state", "reason", "expires_at"]
        var state: String
        var reason: String?
        var expiresAt: Date?
    }

    func sourceDetail(_ source: IdentitySource) async throws -> Response {
        try JSONResponse.make(
            IdentitySourceDetailBody(
                source: IdentitySourceBody(source), imports: try await governance.imports(sourceID: source.id).map(AccountImportBody.init)))
    }

    func register(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/identity-sources", operationID: "listIdentitySources",
                summary: "The governed systems (directories, Linux hosts, AWS accounts, applications), by name", tag: "Access",
                access: .permission(.accessRead), responseSchema: "IdentitySourceList")
        ) { _, _ in
            try JSONResponse.make(IdentitySourceListBody(sources: try await governance.sources().map(IdentitySourceBody.init)))
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/identity-sources", operationID: "createIdentitySource",
                summary: "Add a governed system: its kind decides the import formats it takes", tag: "Access", access: .permission(.accessWrite),
                requestSchema: "IdentitySourceInput", responseSchema: "IdentitySourceDetail", successStatus: 201)
        ) { request, context in
            let input = try await request.json(SourceInput.self)
            let source = try await governance.createSource(
                IdentitySource(
                    name: input.name, kind: try EnumField.parse(input.kind, IdentitySourceKind.self, "kind"), owner: input.owner ?? "",
                    assetID: input.assetId?.nonEmptyValue,
                    criticality: try input.criticality?.nonEmptyValue.map { try EnumField.parse($0, SystemCriticality.self, "criticality") },
                    dormantDays: input.dormantDays ?? 90, serviceAccounts: input.serviceAccounts ?? [:],
                    directory: input.directory?.connection(keeping: nil), createdAt: Date()),
                by: context.actor)
            var response = try await sourceDetail(source)
            response.status = .created
            return response
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/identity-sources/{id}", operationID: "getIdentitySource",
                summary: "One source and its latest imports, each with what it changed", tag: "Access", access: .permission(.accessRead),
                responseSchema: "IdentitySourceDetail")
        ) { _, context in
            let id = try context.id("identity source")
            guard let source = try await governance.source(id: id) else { throw CoreError.notFound(kind: "identity source", id: id) }
            return try await sourceDetail(source)
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/identity-sources/{id}", operationID: "updateIdentitySource",
                summary:
                    "Change a source's name, owner, asset, criticality, dormancy threshold, service accounts or directory connection "
                    + "(its kind stays)",
                tag: "Access", access: .permission(.accessWrite), requestSchema: "IdentitySourceUpdate", responseSchema: "IdentitySourceDetail")
        ) { request, context in
            let id = try context.id("identity source")
            let input = try await request.json(SourceUpdate.self)
            let criticality = try input.criticality.map { try $0.map { try EnumField.parse($0, SystemCriticality.self, "criticality") } }
            let source = try await governance.updateSource(id: id, by: context.actor) { source in
                if let name = input.name { source.name = name }
                if let owner = input.owner { source.owner = owner }
                if let assetID = input.assetId { source.assetID = assetID }
                if let criticality { source.criticality = criticality }
                if let days = input.dormantDays { source.dormantDays = days }
                if let accounts = input.serviceAccounts { source.serviceAccounts = accounts }
                if let directory = input.directory { source.directory = directory?.connection(keeping: source.directory) }
            }
            return try await sourceDetail(source)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/identity-sources/{id}/import", operationID: "importIdentitySource",
                summary: """
                    Import a file into a source (the file as the body): all or nothing unless partial=true, every record left out \
                    named with its place; answers what changed (accounts added and removed, entitlements granted and revoked) \
                    and the findings opened and resolved. A Linux host's files and an AWS account's two reports are parts of one \
                    picture: each upload replaces its part and the source is read again (a shadow file's hashes are never kept)
                    """,
                tag: "Access", access: .permission(.accessWrite),
                query: [
                    .oneOf("format", "the file's format (one the source's kind takes)", AccountFormat.self),
                    .init("partial", "true: apply the readable records of a file with bad ones (default all or nothing)", .boolean),
                    .init("name", "the file's name, for messages (default: the format)"),
                    .init("host", "the host a single Linux file belongs to, in a source of several hosts"),
                    .init("user", "whose authorized_keys file it is; an included sudoers file's name"),
                ],
                requestSchema: "the file, at most 64 MB", requestContentType: "application/octet-stream", responseSchema: "AccountImport",
                successStatus: 201)
        ) { request, context in
            let id = try context.id("identity source")
            guard let format = try request.queryEnum("format", AccountFormat.self) else {
                throw CoreError.invalid([
                    FieldError(field: "format", message: "required: one of \(AccountFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                ])
            }
            let buffer = try await request.bytes(limit: Self.maximumUpload)
            let upload = AccountUpload(
                format: format, fileName: String((request.queryString("name") ?? format.rawValue).prefix(200)),
                bytes: Array(buffer.readableBytesView),
                host: request.queryString("host") ?? "", user: request.queryString("user") ?? "")
            let record = try await governance.importAccounts(
                sourceID: id, upload, partial: try request.queryBool("partial") ?? false, by: context.actor)
            return try JSONResponse.make(AccountImportBody(record), status: .created)
        }
        routes.add(
            .init(
                method: .post, path: "/api/v1/identity-sources/{id}/sync", operationID: "syncIdentitySource",
                summary: """
                    Read an ldap or ad source's directory now (bind, paged search below its base DN) and apply it as an import: \
                    a directory is a feed, so the entries that can be read are applied and each one left out is listed with its \
                    DN. 502 when the directory cannot be reached, refuses the bind or the search, or finds no account (nothing is \
                    changed then); the failure is kept on the source
                    """,
                tag: "Access", access: .permission(.accessWrite), responseSchema: "AccountImport", successStatus: 201,
                failures: [
                    422: "the source has no directory connection",
                    502: "the directory could not be read (unreachable, TLS, bind or search refused, or no account found); nothing changed",
                ])
        ) { _, context in
            let record = try await governance.syncDirectory(sourceID: try context.id("identity source"), by: context.actor)
            return try JSONResponse.make(AccountImportBody(record), status: .created)
        }
        registerAccounts(routes)
        registerReviews(routes)
    }

    func registerAccounts(_ routes: APIRoutes) {
        routes.add(
            .init(
                method: .get, path: "/api/v1/accounts", operationID: "listAccounts",
                summary: "Accounts of the governed systems, by login name: of a source, of a person, with an open finding of a type",
                tag: "Access", access: .permission(.accessRead),
                query: [
                    .init("source_id", "one source"), .init("person_id", "one person's accounts"),
                    .oneOf("finding", "only accounts with an open finding of this type", AccessFindingType.self),
                    .init("q", "a part of the login or display name or e-mail"),
                    .init("include_removed", "true: also the accounts a later import no longer had", .boolean), .limit, .cursor,
                ], responseSchema: "AccountList")
        ) { request, _ in
            let query = AccountQuery(
                sourceID: request.queryString("source_id"), personID: request.queryString("person_id"),
                finding: try request.queryEnum("finding", AccessFindingType.self), text: request.queryString("q").map { String($0.prefix(200)) },
                includeRemoved: try request.queryBool("include_removed") ?? false)
            let page = try await governance.accounts(query, page: try request.pageRequest())
            return try JSONResponse.make(AccountListBody(accounts: page.items.map(AccountBody.init), next: page.next))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/accounts/{id}", operationID: "getAccount",
                summary: "One account: entitlements, credentials, last use (the system's and the logs'), its person, its findings",
                tag: "Access", access: .permission(.accessRead), responseSchema: "AccountDetail")
        ) { _, context in
            let id = try context.id("account")
            guard let account = try await governance.account(id: id) else { throw CoreError.notFound(kind: "account", id: id) }
            let findings = try await governance.findings(AccessFindingQuery(accountID: id), page: PageRequest(limit: PageRequest.maximumLimit))
            return try JSONResponse.make(AccountDetailBody(account: AccountBody(account), findings: findings.items.map(AccessFindingBody.init)))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/accounts/{id}", operationID: "updateAccount",
                summary: "Link an account to a person by hand (kept across imports), or (null) give it back to the linking rules",
                tag: "Access", access: .permission(.accessWrite), requestSchema: "AccountUpdate", responseSchema: "AccountDetail")
        ) { request, context in
            let id = try context.id("account")
            let input = try await request.json(AccountUpdate.self)
            let account = try await governance.link(accountID: id, personID: input.personId?.nonEmptyValue, by: context.actor)
            let findings = try await governance.findings(AccessFindingQuery(accountID: id), page: PageRequest(limit: PageRequest.maximumLimit))
            return try JSONResponse.make(AccountDetailBody(account: AccountBody(account), findings: findings.items.map(AccessFindingBody.init)))
        }
        routes.add(
            .init(
                method: .get, path: "/api/v1/access-findings", operationID: "listAccessFindings",
                summary: "Risky access, the most severe and most recently seen first", tag: "Access", access: .permission(.accessRead),
                query: [
                    .oneOf("type", "one type of finding", AccessFindingType.self),
                    .listOf("state", "comma-separated states (default: every state)", AccessFindingState.self), .init("source_id", "one source"),
                    .init("account_id", "one account"), .init("person_id", "one person's"), .limit, .cursor,
                ], responseSchema: "AccessFindingList")
        ) { request, _ in
            let query = AccessFindingQuery(
                type: try request.queryEnum("type", AccessFindingType.self), states: try request.queryEnumList("state", AccessFindingState.self),
                sourceID: request.queryString("source_id"), accountID: request.queryString("account_id"), personID: request.queryString("person_id"))
            let page = try await governance.findings(query, page: try request.pageRequest())
            return try JSONResponse.make(AccessFindingListBody(findings: page.items.map(AccessFindingBody.init), next: page.next))
        }
        routes.add(
            .init(
                method: .patch, path: "/api/v1/access-findings/{id}", operationID: "updateAccessFinding",
                summary: "Accept a finding (a reason and an expiry are required) or open an accepted one again; an import resolves it",
                tag: "Access", access: .permission(.accessWrite), requestSchema: "AccessFindingUpdate", responseSchema: "AccessFinding")
        ) { request, context in
            let id = try context.id("access finding")
            let input = try await request.json(FindingUpdate.self)
            let finding = try await governance.decide(
                findingID: id, state: try EnumField.parse(input.state, AccessFindingState.self, "state"), reason: input.reason,
                expiresAt: input.expiresAt,
                by: context.actor)
            return try JSONResponse.make(AccessFindingBody(finding))
        }
    }
}
