// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// A one-button form that changes something (POST with the CSRF token), asking first when `question` is set: delete,
/// revoke, close.
public struct ConfirmForm: Sendable {
    public var action: String
    public var csrf: String
    public var label: String
    /// Asked in the browser before the form is sent (forms marked `data-confirm`, see bulwark.js).
    public var question: String?
    /// Hidden fields sent with the form.
    public var fields: [(name: String, value: String)]
    /// Drawn as a secondary (less prominent) button.
    public var secondary: Bool

    public init(
        action: String, csrf: String, label: String, question: String? = nil, fields: [(name: String, value: String)] = [], secondary: Bool = false
    ) {
        self.action = action
        self.csrf = csrf
        self.label = label
        self.question = question
        self.fields = fields
        self.secondary = secondary
    }

    public func render() -> Markup {
        let ask: Markup = question.map { " data-confirm=\"\($0)\"" } ?? ""
        let hidden = fields.map { field -> Markup in "<input type=\"hidden\" name=\"\(field.name)\" value=\"\(field.value)\">" }
        return """
            <form method="post" action="\(action)" class="inline"\(ask)>\(Field.csrf(csrf))\(hidden.joined())\
            <button type="submit"\(Markup.when(secondary, " class=\"secondary\""))>\(label)</button></form>
            """
    }
}
