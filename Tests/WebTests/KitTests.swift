// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Testing

@testable import Web

/// The page components every area builds its pages from: links keep the filters, sortable headers turn the order
/// round, user text is escaped wherever it lands, and charts are drawn to scale.
@Suite struct KitTests {
    let link = PageLink(path: "/alerts", parameters: [("status", "new"), ("q", "a&b \"c\""), ("cursor", "abc")])

    @Test func aChangedParameterKeepsTheFiltersAndStartsAtTheFirstPage() {
        let sorted = link.with("sort", "severity")
        #expect(sorted.parameters.map(\.name) == ["status", "q", "sort"])
        #expect(sorted.href == "/alerts?status=new&q=a%26b%20%22c%22&sort=severity")
        // Paging on keeps the order and the filters.
        let next = sorted.with("cursor", "xyz")
        #expect(next.href.hasSuffix("&sort=severity&cursor=xyz"))
        #expect(link.without(["cursor", "q"]).href == "/alerts?status=new")
        #expect(PageLink(path: "/x").href == "/x")
    }

    @Test func aQueryIsReadAsFormsWriteIt() {
        let read = PageLink(path: "/alerts", query: "q=a+b%2Bc&notice=Saved.&host=web%2601&flag")
        #expect(read.parameters.map(\.name) == ["q", "host", "flag"], "the one-time notice is not carried on")
        #expect(read.value("q") == "a b+c")
        #expect(read.value("host") == "web&01")
        #expect(read.value("flag") == "")
        // What is read is written back so that it reads the same.
        let again = read.href.split(separator: "?").last.map { PageLink(path: "/alerts", query: String($0)) }
        #expect(again == read)
    }

    @Test func tabsMarkTheCurrentPageOnly() {
        let html = Tabs([.init("/a", "A"), .init("/b", "B <new>", count: 3)], current: "/b").render().html
        #expect(html.components(separatedBy: "aria-current").count == 2)
        #expect(html.contains(#"<a href="/b" aria-current="page">B &lt;new&gt; <span class="count">3</span></a>"#))
    }

    struct Row {
        var name: String
        var count: Int
    }

    func table(_ rows: [Row], sort: ListOrder?, pager: Pager? = nil) -> String {
        DataTable(
            columns: [
                .init("Name", sortKey: "name") { "\($0.name)" },
                .init("Count", sortKey: "count", numeric: true) { "\($0.count)" },
                .init("Note") { _ in "n" },
            ],
            rows: rows, link: link, sort: sort, empty: EmptyState("No rows match.", action: ("/import", "Import some")), pager: pager
        ).render().html
    }

    @Test func sortableHeadersTurnTheOrderRoundAndSayWhichIsCurrent() {
        let html = table([Row(name: "<script>", count: 2)], sort: ListOrder(key: "count", descending: true))
        // The current column offers the other direction; another column starts with the largest first.
        #expect(html.contains(#"aria-sort="descending"><a href="/alerts?status=new&amp;q=a%26b%20%22c%22&amp;sort=count&amp;order=asc">Count ↓</a>"#))
        #expect(html.contains(#"<th scope="col"><a href="/alerts?status=new&amp;q=a%26b%20%22c%22&amp;sort=name&amp;order=desc">Name</a></th>"#))
        #expect(html.contains(#"<th scope="col">Note</th>"#))
        #expect(html.contains("<td>&lt;script&gt;</td><td class=\"number\">2</td>"))
        #expect(!html.contains("<script>"))
        let ascending = table([Row(name: "a", count: 1)], sort: ListOrder(key: "count", descending: false))
        #expect(ascending.contains(#"aria-sort="ascending""#) && ascending.contains("order=desc\">Count ↑"))
    }

    @Test func anEmptyTableSaysWhatToDoAndThePagerKeepsTheFilters() {
        let empty = table([], sort: nil)
        #expect(!empty.contains("<table"))
        #expect(empty.contains(#"<p class="muted empty">No rows match. <a href="/import">Import some</a></p>"#))
        let paged = table([Row(name: "a", count: 1)], sort: nil, pager: Pager(link: link, next: "n2", title: "Older"))
        #expect(paged.contains(#"<a href="/alerts?status=new&amp;q=a%26b%20%22c%22">First page</a>"#), "the list was paged on: a way back")
        #expect(paged.contains(#"&amp;cursor=n2" rel="next">Older</a>"#))
        #expect(Pager(link: PageLink(path: "/x"), next: nil).render().html.isEmpty, "one page: no pager")
    }

    @Test func theOrderAskedForIsTakenOnlyWhenTheListKnowsIt() {
        let fallback = ListOrder(key: "risk", descending: true)
        #expect(
            ListOrder.parse(PageLink(path: "/", parameters: [("sort", "due"), ("order", "asc")]), keys: ["due"], fallback: fallback)
                == ListOrder(key: "due", descending: false))
        #expect(ListOrder.parse(PageLink(path: "/", parameters: [("sort", "password")]), keys: ["due"], fallback: fallback) == fallback)
    }

    @Test func filtersShowTheValuesAskedForOrTheirDefaults() {
        let bar = FilterBar(
            action: "/alerts",
            controls: [
                .choice(name: "status", label: "Status", options: [("new", "new"), ("closed", "closed")]),
                .choice(name: "severity", label: "Severity", options: [("", "any"), ("high", "high")]),
                .text(name: "q", label: "Text", size: 20, placeholder: nil),
            ],
            link: PageLink(path: "/alerts", parameters: [("q", "\"><x")]), defaults: ["status": "closed"])
        let html = bar.render().html
        #expect(html.contains(#"<option value="closed" selected>closed</option>"#))
        #expect(html.contains(#"<option value="" selected>any</option>"#))
        #expect(html.contains(#"value="&quot;&gt;&lt;x" size="20""#))
    }

    @Test func aConfirmFormCarriesItsTokenAndAsksFirst() {
        let html = ConfirmForm(action: "/x/1/delete", csrf: "tok", label: "Delete", question: "Delete \"x\"?", fields: [("id", "1")]).render().html
        #expect(html.contains(#"data-confirm="Delete &quot;x&quot;?""#))
        #expect(html.contains(#"<input type="hidden" name="_csrf" value="tok">"#))
        #expect(html.contains(#"<input type="hidden" name="id" value="1">"#))
        #expect(html.contains(#"method="post" action="/x/1/delete""#))
    }

    @Test func factsLeaveOutWhatIsUnknown() {
        let html = DefinitionList([("Owner", "ana"), ("Due", nil)]).render().html
        #expect(html == #"<dl class="facts"><dt>Owner</dt><dd>ana</dd></dl>"#)
        let card = Card("Title", id: "c1", footer: ("/all", "All"), body: "<p>x</p>").render().html
        #expect(card == #"<section class="card" id="c1"><h2>Title</h2><p>x</p><p><a href="/all">All</a></p></section>"#)
    }

    @Test func timesAreGivenInTheLargestWholeUnit() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(TimeAgo.describe(now.addingTimeInterval(-2), now: now) == "just now")
        #expect(TimeAgo.describe(now.addingTimeInterval(-42), now: now) == "42 s ago")
        #expect(TimeAgo.describe(now.addingTimeInterval(-5 * 60 - 59), now: now) == "5 min ago")
        #expect(TimeAgo.describe(now.addingTimeInterval(-3 * 3600), now: now) == "3 h ago")
        #expect(TimeAgo.describe(now.addingTimeInterval(4 * 86_400 + 10), now: now) == "in 4 d")
        #expect(TimeAgo.describe(now.addingTimeInterval(-800 * 86_400), now: now) == "2 y ago")
        let html = TimeAgo(now.addingTimeInterval(-60), now: now).render().html
        #expect(html.contains(#"datetime="2027-01-15T07:59:00"#) && html.hasSuffix(">1 min ago</time>"))
        #expect(TimeAgo(nil, now: now).render().html == "—")
    }

    @Test func barsAreToScaleAndCarryTheirNumbersAsText() {
        let chart = BarChart(
            title: "By severity", bars: [.init("critical", 400), .init("high", 1), .init("low", 0), .init("<b>", 200, href: "/x?a=1")])
        #expect(chart.widths == [BarChart.barWidth, 1, 0, BarChart.barWidth / 2])
        let html = chart.render().html
        #expect(html.contains("<title>critical: 400</title>"))
        #expect(html.contains("<td>&lt;b&gt;</td><td>200</td>"), "the numbers are in a table for screen readers")
        #expect(html.contains(#"<a href="/x?a=1">"#))
        #expect(!html.contains("<b>"))
    }

    @Test func columnsStacksAndLinesAreDrawnToScale() {
        let columns = ColumnChart(title: "Per hour", columns: [.init("a", 10), .init("b", 0), .init("c", 5), .init("d", 1000)])
        #expect(columns.heights[0] == 1, "a small value still shows")
        #expect(columns.heights[1] == 0)
        #expect(columns.heights[3] == columns.height - 20)
        #expect(abs(columns.heights[2] - 0.005 * (columns.height - 20)) < 1 || columns.heights[2] == 1)

        let stacked = StackedBarChart(title: "By day", parts: ["high", "low"], stacks: [.init("mon", [3, 1]), .init("tue", [1, 1])])
        let monday = stacked.segments(stacked.stacks[0])
        #expect(abs(monday.map(\.height).reduce(0, +) - (stacked.height - 10)) < 1e-9, "the tallest stack fills the chart")
        #expect(monday[1].y + monday[1].height == monday[0].y, "each part sits on the one below")
        #expect(abs(stacked.segments(stacked.stacks[1]).map(\.height).reduce(0, +) - (stacked.height - 10) / 2) < 1e-9)
        #expect(stacked.render().html.contains("<title>mon, high: 3</title>"))

        let line = LineChart(title: "Open", labels: ["w1", "w2", "w3"], series: [.init("open", [0, 5, 10]), .init("fixed", [2, nil, 2])])
        let points = line.points([0, 5, 10])
        #expect(points.map { $0?.x } == [0, line.width / 2, line.width])
        #expect(points[2]?.y == 10, "the largest value is at the top")
        #expect(points[0]?.y == line.height - 10, "zero is at the bottom")
        let html = line.render().html
        #expect(html.contains("<td>w2</td><td>5.0</td><td>—</td>"), "a missing value is a dash, not a zero")
        #expect(html.components(separatedBy: "<polyline").count == 2, "a gap breaks the second line into single points, drawn as dots only")
        #expect(html.contains("<title>fixed, w3: 2.0</title>"))
    }
}
