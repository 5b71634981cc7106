// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

extension QRCode {
    /// The module grid while it is built: which modules are dark, and which are function patterns (not data).
    struct Matrix {
        var dark: [[Bool]]
        var reserved: [[Bool]]
        let version: Int
        var size: Int { dark.count }

        init(version: Int) {
            self.version = version
            let size = 17 + 4 * version
            dark = Array(repeating: Array(repeating: false, count: size), count: size)
            reserved = dark
            for (x, y) in [(0, 0), (size - 7, 0), (0, size - 7)] { finder(x, y) }
            for index in 8..<(size - 8) {
                set(index, 6, index % 2 == 0)
                set(6, index, index % 2 == 0)
            }
            // Alignment patterns everywhere on the grid of centres but the three finder corners (they may cross timing lines).
            let centres = QRCode.alignment[version - 1]
            let last = centres.count - 1
            for (i, cy) in centres.enumerated() {
                for (j, cx) in centres.enumerated() where !((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0)) {
                    for dy in -2...2 { for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) } }
                }
            }
            // Format areas (filled per mask later) and the dark module.
            for index in 0..<9 { reserve(8, index); reserve(index, 8) }
            for index in 0..<8 { reserve(size - 1 - index, 8); reserve(8, size - 1 - index) }
            set(8, size - 8, true)
            if version >= 7 {
                let bits = QRCode.versionBits(version)
                for index in 0..<18 {
                    let bit = (bits >> index) & 1 == 1
                    let a = index / 3, b = size - 11 + index % 3
                    set(a, b, bit)
                    set(b, a, bit)
                }
            }
        }

        mutating func set(_ x: Int, _ y: Int, _ value: Bool) {
            guard x >= 0, y >= 0, x < size, y < size else { return }
            dark[y][x] = value
            reserved[y][x] = true
        }

        mutating func reserve(_ x: Int, _ y: Int) { reserved[y][x] = true }

        mutating func finder(_ x: Int, _ y: Int) {
            for dy in -1...7 {
                for dx in -1...7 {
                    let inside = (0...6).contains(dx) && (0...6).contains(dy)
                    let ring = max(abs(dx - 3), abs(dy - 3))
                    set(x + dx, y + dy, inside && ring != 2)
                }
            }
        }

        /// Places codewords in the two-column zigzag from the bottom right, skipping function patterns.
        mutating func place(_ codewords: [UInt8], remainder: Int) {
            var bits: [Bool] = []
            for byte in codewords { for shift in 0..<8 { bits.append((byte >> (7 - shift)) & 1 == 1) } }
            bits += Array(repeating: false, count: remainder)
            var index = 0
            var upward = true
            var right = size - 1
            while right > 0 {
                if right == 6 { right -= 1 }
                for step in 0..<size {
                    let y = upward ? size - 1 - step : step
                    for x in [right, right - 1] where !reserved[y][x] {
                        dark[y][x] = index < bits.count ? bits[index] : false
                        index += 1
                    }
                }
                upward.toggle()
                right -= 2
            }
        }

        mutating func apply(mask: Int) {
            for y in 0..<size {
                for x in 0..<size where !reserved[y][x] {
                    let flip: Bool
                    switch mask {
                    case 0: flip = (x + y) % 2 == 0
                    case 1: flip = y % 2 == 0
                    case 2: flip = x % 3 == 0
                    case 3: flip = (x + y) % 3 == 0
                    case 4: flip = (y / 2 + x / 3) % 2 == 0
                    case 5: flip = (x * y) % 2 + (x * y) % 3 == 0
                    case 6: flip = ((x * y) % 2 + (x * y) % 3) % 2 == 0
                    default: flip = ((x + y) % 2 + (x * y) % 3) % 2 == 0
                    }
                    if flip { dark[y][x].toggle() }
                }
            }
        }

        mutating func drawFormat(mask: Int) {
            let bits = QRCode.formatBits(mask: mask)
            func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
            // Around the top-left finder: bits 0–7 down column 8 (skipping the timing row), 8–14 along row 8.
            for index in 0..<6 { dark[index][8] = bit(index) }
            dark[7][8] = bit(6)
            dark[8][8] = bit(7)
            dark[8][7] = bit(8)
            for index in 9..<15 { dark[8][14 - index] = bit(index) }
            // The copy: bits 0–7 along row 8 from the right, 8–14 up column 8 from the bottom.
            for index in 0..<8 { dark[8][size - 1 - index] = bit(index) }
            for index in 8..<15 { dark[size - 15 + index][8] = bit(index) }
            dark[size - 8][8] = true
        }

        /// The standard's four penalty rules; the mask with the lowest total is used.
        func penalty() -> Int {
            var total = 0
            for line in [dark, transposed()] {
                for row in line {
                    var run = 1
                    for index in 1..<row.count {
                        if row[index] == row[index - 1] {
                            run += 1
                        } else {
                            if run >= 5 { total += run - 2 }
                            run = 1
                        }
                    }
                    if run >= 5 { total += run - 2 }
                    let pattern: [Bool] = [true, false, true, true, true, false, true]
                    for start in 0...(row.count - 7) where Array(row[start..<start + 7]) == pattern {
                        let before = start >= 4 && row[(start - 4)..<start].allSatisfy { !$0 }
                        let after = start + 11 <= row.count && row[(start + 7)..<(start + 11)].allSatisfy { !$0 }
                        if before || after { total += 40 }
                    }
                }
            }
            for y in 0..<(size - 1) {
                for x in 0..<(size - 1) where dark[y][x] == dark[y][x + 1] && dark[y][x] == dark[y + 1][x] && dark[y][x] == dark[y + 1][x + 1] {
                    total += 3
                }
            }
            let darkCount = dark.reduce(0) { $0 + $1.filter { $0 }.count }
            total += abs(darkCount * 100 / (size * size) - 50) / 5 * 10
            return total
        }

        func transposed() -> [[Bool]] { (0..<size).map { x in (0..<size).map { y in dark[y][x] } } }
    }

    /// The code as an SVG with a four-module quiet zone; one path, no inline style (the CSP forbids it).
    var svg: Markup {
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, isDark) in row.enumerated() where isDark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let side = size + 8
        return Markup(
            raw: "<svg class=\"qr\" role=\"img\" aria-label=\"QR code of the authenticator link\" viewBox=\"0 0 \(side) \(side)\" "
                + "shape-rendering=\"crispEdges\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/>"
                + "<path d=\"\(path)\" fill=\"#000\"/></svg>")
    }
}
