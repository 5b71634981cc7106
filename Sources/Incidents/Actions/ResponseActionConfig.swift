// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

extension ResponseAction {
    /// Reads the response actions file (`--response-actions`):
    /// ```yaml
    /// actions:
    ///   - id: block-ip
    ///     name: Block IP at the firewall
    ///     description: Adds the address to the firewall's block list.
    ///     method: POST
    ///     url: https://firewall.example/api/v1/blocklist
    ///     headers: {Authorization: "Bearer ${FIREWALL_TOKEN}"}
    ///     body: '{"address": "{{value}}", "comment": "Bulwark case {{case}} by {{actor}}"}'
    ///     observable_types: [ip]
    ///     requires_approval: true
    ///     timeout: 10s
    /// ```
    public static func parse(_ text: String, path: String) throws -> [ResponseAction] {
        let root = try ConfigNode.parse(text, path: path)
        try root.only(["actions"])
        guard let items = try root.required("actions").items else { throw root.fail("'actions' must be a list") }
        var actions: [ResponseAction] = []
        for item in items {
            try item.only(["id", "name", "description", "method", "url", "headers", "body", "observable_types", "requires_approval", "timeout"])
            let id = try item.required("id").string("id")
            guard !id.isEmpty, id.count <= 64, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
                throw item.fail("'id' must be letters, digits, - and _")
            }
            guard !actions.contains(where: { $0.id == id }) else { throw item.fail("two actions have the id '\(id)'") }
            let urlNode = try item.required("url")
            let url = try urlNode.string("url")
            guard let components = URLComponents(string: url.replacingOccurrences(of: "{{", with: "x").replacingOccurrences(of: "}}", with: "x")),
                ["http", "https"].contains(components.scheme?.lowercased() ?? ""), components.host?.isEmpty == false
            else {
                throw urlNode.fail("'url' must be an http or https URL")
            }
            let method = try item["method"]?.string("method").uppercased() ?? "POST"
            guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) else {
                throw item["method"]!.fail("'method' must be GET, POST, PUT, PATCH or DELETE")
            }
            var headers: [String: String] = [:]
            if let node = item["headers"] {
                guard let entries = node.entries else { throw node.fail("'headers' must map names to values") }
                for (key, value) in entries { headers[key] = try value.string(key) }
            }
            let types = try (item["observable_types"]?.strings("observable_types") ?? []).map { text -> ObservableType in
                guard let type = ObservableType(rawValue: text) else {
                    throw item["observable_types"]!.fail("'\(text)' is not one of \(ObservableType.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return type
            }
            let timeout = try item["timeout"]?.duration("timeout") ?? 10
            guard timeout <= 300 else { throw item["timeout"]!.fail("'timeout' is at most 300s") }
            actions.append(
                ResponseAction(
                    id: id, name: try item.required("name").string("name"), description: try item["description"]?.string("description") ?? "",
                    method: method, url: url, headers: headers, body: try item["body"]?.string("body"), observableTypes: types,
                    requiresApproval: try item["requires_approval"]?.bool("requires_approval") ?? false, timeout: timeout))
        }
        return actions
    }
}
