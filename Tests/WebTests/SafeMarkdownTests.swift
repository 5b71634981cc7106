// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Web

/// Markdown written by users (case descriptions, lessons learned) becomes HTML without letting any HTML through.
@Suite struct SafeMarkdownTests {
    @Test func markdownIsRenderedWithoutLettingHTMLThrough() {
        let html = SafeMarkdown.html(
            """
            # Title <script>alert(1)</script>
            Some **bold** and *em* and `<code>` and [link](https://example.com/a?b=1&c=2) and [bad](javascript:alert(1)).

            - one
            - two <img src=x onerror=alert(1)>

            ```
            <b>literal</b>
            ```
            """)
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<h3>Title &lt;script&gt;alert(1)&lt;/script&gt;</h3>"))
        #expect(html.contains("<strong>bold</strong>"))
        #expect(html.contains("<em>em</em>"))
        #expect(html.contains("<code>&lt;code&gt;</code>"))
        #expect(html.contains("<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noreferrer noopener\">link</a>"))
        #expect(!html.contains("href=\"javascript"))
        #expect(html.contains("<ul><li>one</li><li>two &lt;img src=x onerror=alert(1)&gt;</li></ul>"))
        #expect(html.contains("<pre><code>&lt;b&gt;literal&lt;/b&gt;</code></pre>"))
    }
}
