// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Charts drawn on the server as inline SVG (no script, allowed by the content security policy). Every chart carries
/// its numbers as text too: a `<title>` on each mark for the pointer, and a visually hidden table for screen readers.
public enum Chart {
    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    static func table(_ caption: String, headers: [String], rows: [[String]]) -> Markup {
        let head = headers.map { header -> Markup in "<th scope=\"col\">\(header)</th>" }
        let body = rows.map { row -> Markup in "<tr>\(row.map { cell -> Markup in "<td>\(cell)</td>" }.joined())</tr>" }
        return
            "<table class=\"visually-hidden\"><caption>\(caption)</caption><thead><tr>\(head.joined())</tr></thead><tbody>\(body.joined())</tbody></table>"
    }
}

/// Horizontal bars, one per label, longest for the largest value: counts by severity, by state, by source.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Int
        /// A class for the bar's colour (`bar-critical`, ...); by default `bar-<label>`.
        public var tone: String?
        /// Where a click on the bar leads (the list filtered on it).
        public var href: String?

        public init(_ label: String, _ value: Int, tone: String? = nil, href: String? = nil) {
            self.label = label
            self.value = value
            self.tone = tone
            self.href = href
        }
    }

    public var title: String
    public var bars: [Bar]

    public init(title: String, bars: [Bar]) {
        self.title = title
        self.bars = bars
    }

    static let rowHeight = 22
    static let labelWidth = 96
    static let barWidth = 210

    /// The width of each bar, in SVG units, in the order of `bars`.
    var widths: [Int] {
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        return bars.map { $0.value == 0 ? 0 : max(1, Int((Double($0.value) / Double(maximum) * Double(Self.barWidth)).rounded())) }
    }

    public func render() -> Markup {
        let widths = widths
        let rows = bars.enumerated().map { index, bar -> Markup in
            let y = index * Self.rowHeight
            let width = widths[index]
            let mark: Markup = """
                <text x="0" y="\(y + 15)" class="label">\(bar.label)</text><rect x="\(Self.labelWidth)" y="\(y + 4)" width="\(width)" height="14" \
                class="bar \(bar.tone ?? "bar-\(bar.label)")"><title>\(bar.label): \(bar.value)</title></rect>\
                <text x="\(Self.labelWidth + 6 + width)" y="\(y + 15)" class="value">\(bar.value)</text>
                """
            return bar.href.map { "<a href=\"\($0)\">\(mark)</a>" } ?? mark
        }
        let height = max(1, bars.count) * Self.rowHeight
        return """
            <figure><svg role="img" aria-label="\(title)" viewBox="0 0 \(Self.labelWidth + Self.barWidth + 40) \(height)" \
            class="chart">\(rows.joined())</svg>
            <figcaption>\(title)</figcaption>\(Chart.table(title, headers: ["", "count"], rows: bars.map { [$0.label, String($0.value)] }))</figure>
            """
    }
}

/// Vertical columns over time (or any ordered axis): events per interval, alerts per day.
public struct ColumnChart: Sendable {
    public struct Column: Sendable {
        public var label: String
        public var value: Int
        /// Where a click on the column leads (the list narrowed to it), if anywhere.
        public var href: String?
        public init(_ label: String, _ value: Int, href: String? = nil) {
            self.label = label
            self.value = value
            self.href = href
        }
    }

    public var title: String
    public var columns: [Column]
    /// The labels under the first and last columns.
    public var axis: (first: String, last: String)?
    public var caption: String?
    public var width = 720.0
    public var height = 120.0

    public init(title: String, columns: [Column], axis: (first: String, last: String)? = nil, caption: String? = nil) {
        self.title = title
        self.columns = columns
        self.axis = axis
        self.caption = caption
    }

    /// Each column's height, in SVG units (at least 1 for a value above zero, so a single event shows).
    var heights: [Double] {
        let maximum = Double(max(1, columns.map(\.value).max() ?? 1))
        return columns.map { $0.value == 0 ? 0 : max(1, Double($0.value) / maximum * (height - 20)) }
    }

    public func render() -> Markup {
        let step = width / Double(max(1, columns.count))
        let heights = heights
        let marks = columns.enumerated().map { index, column -> Markup in
            let bar: Markup = """
                <rect x="\(Chart.number(Double(index) * step))" y="\(Chart.number(height - heights[index]))" \
                width="\(Chart.number(max(1, step - 1)))" \
                height="\(Chart.number(heights[index]))" class="bar"><title>\(column.label): \(column.value)</title></rect>
                """
            guard let href = column.href else { return bar }
            // The whole height is the target, so that a short column is as easy to click as a tall one.
            return """
                <a href="\(href)" class="column-link"><rect x="\(Chart.number(Double(index) * step))" y="0" width="\(Chart.number(step))" \
                height="\(Chart.number(height))" class="hit"/>\(bar)</a>
                """
        }
        let axisLine: Markup = axis.map { "<div class=\"axis\"><span>\($0.first)</span><span>\($0.last)</span></div>" } ?? ""
        return """
            <figure class="histogram">\
            <svg role="img" aria-label="\(title)" viewBox="0 0 \(Int(width)) \(Int(height))" class="chart" \
            preserveAspectRatio="none">\(marks.joined())</svg>
            \(axisLine)\(caption.map { "<figcaption class=\"muted\">\($0)</figcaption>" as Markup } ?? "")\
            \(Chart.table(title, headers: ["", "count"], rows: columns.map { [$0.label, String($0.value)] }))</figure>
            """
    }
}

/// One or more lines over an ordered axis: a trend (open findings per week, mean time to respond per month). A
/// missing value (nil) leaves a gap in its line rather than drawing a zero.
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double?]
        public init(_ name: String, _ values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public var title: String
    /// The label of each point of the axis, shared by every series.
    public var labels: [String]
    public var series: [Series]
    public var width = 480.0
    public var height = 160.0

    public init(title: String, labels: [String], series: [Series]) {
        self.title = title
        self.labels = labels
        self.series = series
    }

    /// The points of one series in SVG units, nil where a value is missing: x spread evenly, y from the bottom (the
    /// largest value of any series on top).
    func points(_ values: [Double?]) -> [(x: Double, y: Double)?] {
        let maximum = max(1e-9, series.flatMap { $0.values.compactMap { $0 } }.max() ?? 1)
        let step = labels.count > 1 ? width / Double(labels.count - 1) : 0
        return values.enumerated().map { index, value in value.map { (Double(index) * step, height - 10 - $0 / maximum * (height - 20)) } }
    }

    public func render() -> Markup {
        let lines = series.enumerated().map { index, line -> Markup in
            let points = points(line.values)
            // Runs of consecutive points, each drawn as one polyline.
            var runs: [[(x: Double, y: Double)]] = [[]]
            for point in points {
                if let point { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
            }
            let paths = runs.filter { $0.count > 1 }.map { run -> Markup in
                "<polyline points=\"\(run.map { "\(Chart.number($0.x)),\(Chart.number($0.y))" }.joined(separator: " "))\" fill=\"none\"></polyline>"
            }
            let dots = zip(points, line.values).enumerated().compactMap { position, pair -> Markup? in
                guard let point = pair.0, let value = pair.1 else { return nil }
                let label = position < labels.count ? labels[position] : ""
                return
                    "<circle cx=\"\(Chart.number(point.x))\" cy=\"\(Chart.number(point.y))\" r=\"3\"><title>\(line.name), \(label): \(Chart.number(value))</title></circle>"
            }
            return "<g class=\"series series-\(index)\">\(paths.joined())\(dots.joined())</g>"
        }
        let legend = series.enumerated().map { index, line -> Markup in "<span class=\"legend series-\(index)\">\(line.name)</span>" }
        let rows = labels.enumerated().map { position, label in
            [label] + series.map { position < $0.values.count ? ($0.values[position].map(Chart.number) ?? "—") : "" }
        }
        return """
            <figure class="line"><svg role="img" aria-label="\(title)" viewBox="0 0 \(Int(width)) \(Int(height))" class="chart">\(lines.joined())\
            </svg>
            <figcaption>\(title) \(legend.joined())</figcaption>\(Chart.table(title, headers: [""] + series.map(\.name), rows: rows))</figure>
            """
    }
}

/// Columns split into stacked parts: alerts per day by severity, findings per asset by state.
public struct StackedBarChart: Sendable {
    public struct Stack: Sendable {
        public var label: String
        /// One value per part, in the order of `parts`.
        public var values: [Int]
        public init(_ label: String, _ values: [Int]) {
            self.label = label
            self.values = values
        }
    }

    public var title: String
    /// The names of the parts, bottom first; each is also the class of its colour (`bar-<name>`).
    public var parts: [String]
    public var stacks: [Stack]
    public var width = 480.0
    public var height = 160.0

    public init(title: String, parts: [String], stacks: [Stack]) {
        self.title = title
        self.parts = parts
        self.stacks = stacks
    }

    /// The rectangles of one stack, bottom first: (y, height) in SVG units; the tallest stack fills the chart.
    func segments(_ stack: Stack) -> [(y: Double, height: Double)] {
        let maximum = Double(max(1, stacks.map { $0.values.reduce(0, +) }.max() ?? 1))
        var top = height
        return stack.values.map { value in
            let size = Double(value) / maximum * (height - 10)
            top -= size
            return (top, size)
        }
    }

    public func render() -> Markup {
        let step = width / Double(max(1, stacks.count))
        let marks = stacks.enumerated().map { index, stack -> Markup in
            let pieces = zip(segments(stack), stack.values).enumerated().compactMap { part, pair -> Markup? in
                guard pair.1 > 0 else { return nil }
                let name = part < parts.count ? parts[part] : ""
                return """
                    <rect x="\(Chart.number(Double(index) * step))" y="\(Chart.number(pair.0.y))" width="\(Chart.number(max(1, step - 2)))" \
                    height="\(Chart.number(pair.0.height))" class="bar bar-\(name)"><title>\(stack.label), \(name): \(pair.1)</title></rect>
                    """
            }
            return "<g>\(pieces.joined())</g>"
        }
        let legend = parts.map { part -> Markup in "<span class=\"legend bar-\(part)\">\(part)</span>" }
        return """
            <figure class="stacked"><svg role="img" aria-label="\(title)" viewBox="0 0 \(Int(width)) \(Int(height))" class="chart">\(marks.joined())\
            </svg>
            <figcaption>\(title) \(legend.joined())\
            </figcaption>\(Chart.table(title, headers: [""] + parts, rows: stacks.map { [$0.label] + $0.values.map(String.init) }))</figure>
            """
    }
}
