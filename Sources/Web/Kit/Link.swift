// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Hummingbird

/// A page's address with its query, as a value a view can build links from without the request: the next page, a
/// sorted column, an export keep the filters and change one parameter.
public struct PageLink: Sendable, Equatable {
    public var path: String
    /// The query parameters in the order they came, values decoded.
    public var parameters: [(name: String, value: String)]

    public init(path: String, parameters: [(name: String, value: String)] = []) {
        self.path = path
        self.parameters = parameters
    }

    /// The request's path and query, without the parameters that only make sense once (`notice`).
    init(_ request: Request, path: String? = nil) {
        self.init(path: path ?? request.uri.path, query: request.uri.query ?? "")
    }

    /// A path and a raw query, decoded as HTML forms encode them (`+` is a space, `%2B` a plus), as
    /// `Request.formValue` reads them.
    init(path: String, query: String) {
        self.path = path
        parameters = query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            return name == "notice" || name.isEmpty ? nil : (name, parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    public func value(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    /// The same address with `name` set to `value` (nil removes it), and the cursor dropped unless it is `name`:
    /// a changed filter or order starts again at the first page.
    public func with(_ name: String, _ value: String?) -> PageLink {
        var copy = self
        copy.parameters.removeAll { $0.name == name || ($0.name == "cursor" && name != "cursor") }
        if let value { copy.parameters.append((name, value)) }
        return copy
    }

    public func without(_ names: Set<String>) -> PageLink {
        var copy = self
        copy.parameters.removeAll { names.contains($0.name) }
        return copy
    }

    /// The address as it goes in an `href` (the `Markup` interpolation escapes it for the attribute).
    public var href: String {
        guard !parameters.isEmpty else { return path }
        return path + "?" + parameters.map { "\(Self.encode($0.name))=\(Self.encode($0.value))" }.joined(separator: "&")
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: Self.unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,")

    public static func == (lhs: PageLink, rhs: PageLink) -> Bool {
        lhs.path == rhs.path && lhs.parameters.map(\.name) == rhs.parameters.map(\.name) && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }
}
