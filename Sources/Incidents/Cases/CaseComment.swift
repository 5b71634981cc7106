// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A comment; `@username` mentions are notified.
public struct CaseComment: CaseRecord, Hashable {
    public static let kind = "comment"
    public var id: String
    public var caseID: String
    public var author: String
    public var text: String
    public var mentions: [String]
    public var createdAt: Date

    public init(id: String = Identifier.make(), caseID: String, author: String, text: String, mentions: [String], createdAt: Date) {
        self.id = id
        self.caseID = caseID
        self.author = author
        self.text = text
        self.mentions = mentions
        self.createdAt = createdAt
    }

    /// The `@name` words of a text (letters, digits, `.`, `_`, `-`), lowercased, once each.
    public static func mentions(in text: String) -> [String] {
        var found: [String] = []
        var scanner = text[...]
        while let at = scanner.firstIndex(of: "@") {
            let before = at > text.startIndex ? text[text.index(before: at)] : " "
            var end = text.index(after: at)
            while end < text.endIndex, text[end].isLetter || text[end].isNumber || "._-".contains(text[end]) { end = text.index(after: end) }
            var name = String(text[text.index(after: at)..<end]).lowercased()
            while name.hasSuffix(".") || name.hasSuffix("-") { name.removeLast() }
            // An email address is not a mention.
            if !(before.isLetter || before.isNumber), !name.isEmpty, !found.contains(name) { found.append(name) }
            scanner = text[end...]
        }
        return found
    }
}
