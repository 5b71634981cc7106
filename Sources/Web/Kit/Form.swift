// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AccessControl
import BulwarkCore
import Foundation
import Hummingbird

/// A submitted `application/x-www-form-urlencoded` form.
struct Form {
    var fields: [String: [String]] = [:]

    subscript(name: String) -> String? { fields[name]?.first }
    func all(_ name: String) -> [String] { fields[name] ?? [] }
    /// The trimmed value, or "" when absent.
    func text(_ name: String) -> String { (self[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
    func flag(_ name: String) -> Bool { ["on", "true", "1", "yes"].contains(self[name] ?? "") }
    /// The end (23:59:59 UTC) of the day a date field names; nil when it is empty or not a date.
    func endOfDay(_ name: String) -> Date? { text(name).isEmpty ? nil : Timestamp.parse(text(name) + "T23:59:59Z") }

    static func parse(_ body: String) -> Form {
        var form = Form()
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            form.fields[name, default: []].append(value)
        }
        return form
    }

    static func decode(_ text: Substring) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    /// Reads the form of a signed-in user and checks its CSRF token against the session.
    static func read(_ request: Request, session: Session?, limit: Int = 256 * 1024) async throws -> Form {
        let form = parse(try await request.text(limit: limit))
        guard let session, let token = form["_csrf"], Secrets.constantTimeEqual(token, session.csrfToken) else {
            throw APIError(
                status: .forbidden, code: "csrf", message: "the form expired or did not come from this site; reload the page and try again")
        }
        return form
    }
}

/// Small pieces of forms.
enum Field {
    static func csrf(_ token: String) -> Markup { "<input type=\"hidden\" name=\"_csrf\" value=\"\(token)\">" }

    static func text(
        _ name: String, _ label: String, value: String = "", type: String = "text", required: Bool = false,
        hint: String? = nil, autocomplete: String = "off"
    ) -> Markup {
        """
        <label for="f-\(name)">\(label)\(Markup.when(required, " <span aria-hidden=\"true\">*</span>"))</label>
        <input id="f-\(name)" name="\(name)" type="\(type)" value="\(value)" autocomplete="\(autocomplete)"\(Markup.when(required, " required"))>
        \(hint.map { "<small>\($0)</small>" as Markup } ?? "")
        """
    }

    static func select(_ name: String, _ label: String, options: [String], selected: String) -> Markup {
        let items = options.map { option -> Markup in
            "<option value=\"\(option)\"\(Markup.when(option == selected, " selected"))>\(option)</option>"
        }
        return "<label for=\"f-\(name)\">\(label)</label><select id=\"f-\(name)\" name=\"\(name)\">\(items.joined())</select>"
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool) -> Markup {
        "<label class=\"check\"><input type=\"checkbox\" name=\"\(name)\"\(Markup.when(checked, " checked"))> \(label)</label>"
    }
}
