// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// An HTTP call the team can make from a case, configured in YAML (`--response-actions`): block an address at the
/// firewall, disable an account in the directory. `{{value}}`, `{{type}}`, `{{case}}` and `{{actor}}` in the URL,
/// headers and body are replaced (URL-encoded in the URL, JSON-escaped in a JSON body); `${NAME}` in headers reads
/// the environment, so that secrets stay out of the file.
public struct ResponseAction: Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: String?
    /// The observable types it accepts (empty: it takes no observable).
    public var observableTypes: [ObservableType]
    /// A second person must approve before it runs.
    public var requiresApproval: Bool
    public var timeout: TimeInterval

    public init(
        id: String, name: String, description: String = "", method: String = "POST", url: String, headers: [String: String] = [:],
        body: String? = nil, observableTypes: [ObservableType] = [], requiresApproval: Bool = false, timeout: TimeInterval = 10
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.observableTypes = observableTypes
        self.requiresApproval = requiresApproval
        self.timeout = timeout
    }

    /// The request for one input value. `${NAME}` is read from `environment` (the server's variables, handed over by
    /// the application: a domain never reads the process environment) in the header *templates* only,
    /// before any value is inserted: an observable whose value is `${BULWARK_WEBHOOK_SECRET}` stays that text.
    /// A value that would put a line break or other control character into a header is refused, as is a URL value
    /// of dots alone (`..` would climb a path level on the target).
    public func request(
        value: String, type: ObservableType?, caseReference: String, actor: String,
        environment: [String: String] = [:]
    ) throws(ResponseActionProblem) -> ResponseActionRequest {
        let plain = ["value": value, "type": type?.rawValue ?? "", "case": caseReference, "actor": actor]
        func fill(_ template: String, _ escape: (String) -> String) -> String {
            var text = template
            for (name, replacement) in plain { text = text.replacingOccurrences(of: "{{\(name)}}", with: escape(replacement)) }
            return text
        }
        for (name, replacement) in plain where url.contains("{{\(name)}}") && !replacement.isEmpty && replacement.allSatisfy({ $0 == "." }) {
            throw ResponseActionProblem(message: "the \(name) '\(replacement)' cannot go into the URL")
        }
        let url = fill(url) { $0.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? $0 }
        var headers: [String: String] = [:]
        var masked: [String] = []
        for (name, template) in self.headers {
            var expanded = template
            for (variable, secret) in environment where expanded.contains("${\(variable)}") {
                expanded = expanded.replacingOccurrences(of: "${\(variable)}", with: secret)
            }
            if expanded != template { masked.append(name) }
            let value = fill(expanded) { $0 }
            if value.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7f }) {
                throw ResponseActionProblem(message: "header \(name): the value would hold a line break or control character")
            }
            headers[name] = value
        }
        let isJSON = (headers.first { $0.key.lowercased() == "content-type" }?.value ?? "application/json").contains("json")
        let body = self.body.map { fill($0, isJSON ? ResponseActionRequest.jsonEscape : { $0 }) }
        if body != nil && !headers.keys.contains(where: { $0.lowercased() == "content-type" }) { headers["Content-Type"] = "application/json" }
        return ResponseActionRequest(method: method, url: url, headers: headers, body: body, timeout: timeout, maskedHeaders: masked.sorted())
    }
}

/// Why a response action's request could not be made from its input.
public struct ResponseActionProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct ResponseActionRequest: Sendable, Hashable, Codable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: String?
    public var timeout: TimeInterval
    /// Headers whose template read the environment (secrets): masked in the record whatever their name.
    public var maskedHeaders: [String]?

    public init(method: String, url: String, headers: [String: String], body: String?, timeout: TimeInterval, maskedHeaders: [String]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maskedHeaders = maskedHeaders
    }

    static func jsonEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Headers as recorded: values of authorisation-like headers, and of every header filled from the environment, are masked.
    public var recordedHeaders: [String: String] {
        let fromEnvironment = Set(maskedHeaders ?? [])
        return headers.reduce(into: [:]) { result, pair in
            let name = pair.key.lowercased()
            let sensitive =
                ["authorization", "proxy-authorization", "x-api-key", "api-key", "cookie", "x-auth-token"].contains(name)
                || name.contains("secret") || name.contains("token") || name.contains("key") || fromEnvironment.contains(pair.key)
            result[pair.key] = sensitive ? "***" : pair.value
        }
    }
}

/// Makes the HTTP call; the app's adapter uses URLSession, tests a local server.
public protocol ResponseActionTransport: Sendable {
    func send(_ request: ResponseActionRequest) async throws -> (status: Int, body: String)
}

public enum ActionRunStatus: String, Sendable, Codable, CaseIterable {
    case pendingApproval = "pending_approval", rejected, succeeded, failed
}

/// One use of a response action on a case: who asked, who approved, the request made and the answer.
public struct ActionRun: CaseRecord, Hashable {
    public static let kind = "action"
    public var id: String
    public var caseID: String
    public var actionID: String
    public var actionName: String
    public var observableID: String?
    public var input: String
    public var status: ActionRunStatus
    public var requestedBy: String
    public var createdAt: Date
    public var decidedBy: String?
    public var decidedAt: Date?
    public var request: ResponseActionRequest?
    public var responseStatus: Int?
    /// The first 4 KiB of the answer.
    public var responseBody: String?
    public var error: String?
    public var finishedAt: Date?

    public init(
        id: String = Identifier.make(), caseID: String, action: ResponseAction, observableID: String?, input: String, requestedBy: String,
        createdAt: Date
    ) {
        self.id = id
        self.caseID = caseID
        self.actionID = action.id
        self.actionName = action.name
        self.observableID = observableID
        self.input = input
        self.status = .pendingApproval
        self.requestedBy = requestedBy
        self.createdAt = createdAt
    }
}

extension CharacterSet {
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        // "." too: a value of ".." must not become a path segment that climbs a level on the target API.
        set.remove(charactersIn: "&=+?#/.")
        return set
    }()
}
