// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// The filters above a list: a GET form whose fields keep the values the page was asked with.
public struct FilterBar: Sendable {
    public enum Control: Sendable {
        /// A free-text field.
        case text(name: String, label: String, size: Int?, placeholder: String?)
        /// A choice among values; each option is (value, title), the empty value meaning "any".
        case choice(name: String, label: String, options: [(value: String, title: String)])
        /// A date (`YYYY-MM-DD`).
        case date(name: String, label: String)
    }

    public var action: String
    public var controls: [Control]
    /// What the page was asked with (the values shown).
    public var link: PageLink
    /// The value a control shows when the query has none (a default filter such as "open").
    public var defaults: [String: String]
    public var submit: String

    public init(action: String, controls: [Control], link: PageLink, defaults: [String: String] = [:], submit: String = "Filter") {
        self.action = action
        self.controls = controls
        self.link = link
        self.defaults = defaults
        self.submit = submit
    }

    func value(_ name: String) -> String { link.value(name) ?? defaults[name] ?? "" }

    public func render() -> Markup {
        let fields = controls.map { control -> Markup in
            switch control {
            case .text(let name, let label, let size, let placeholder):
                let sizeAttribute: Markup = size.map { " size=\"\($0)\"" } ?? ""
                let hint: Markup = placeholder.map { " placeholder=\"\($0)\"" } ?? ""
                return "<label>\(label) <input name=\"\(name)\" value=\"\(value(name))\"\(sizeAttribute)\(hint)></label>"
            case .choice(let name, let label, let options):
                let selected = value(name)
                let items = options.map { option -> Markup in
                    "<option value=\"\(option.value)\"\(Markup.when(option.value == selected, " selected"))>\(option.title)</option>"
                }
                return "<label>\(label) <select name=\"\(name)\">\(items.joined())</select></label>"
            case .date(let name, let label):
                return "<label>\(label) <input type=\"date\" name=\"\(name)\" value=\"\(value(name))\"></label>"
            }
        }
        return "<form class=\"filters\" method=\"get\" action=\"\(action)\">\(fields.joined())<button type=\"submit\">\(submit)</button></form>"
    }
}
