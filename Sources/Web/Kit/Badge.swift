// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// Small labels: a severity, a tag.
public enum Badge {
    /// A severity as a coloured label (the word is always there: colour is never the only sign).
    public static func severity(_ severity: Severity) -> Markup {
        "<span class=\"severity severity-\(severity.rawValue)\">\(severity.rawValue)</span>"
    }

    public enum Tone: String, Sendable { case plain, danger, warning, success }

    /// A rounded tag, with a tooltip when `title` is given.
    public static func tag(_ text: String, tone: Tone = .plain, title: String? = nil) -> Markup {
        let toneClass: Markup = tone == .plain ? "" : " \(tone.rawValue)"
        let tooltip: Markup = title.map { " title=\"\($0)\"" } ?? ""
        return "<span class=\"tag\(toneClass)\"\(tooltip)>\(text)</span>"
    }
}
