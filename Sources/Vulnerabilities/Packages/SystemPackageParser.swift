// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Operating-system package databases: dpkg status, `rpm -qa` with Bulwark's query format, apk's installed database.
enum SystemPackageParser {
    /// `/var/lib/dpkg/status`: stanzas; only installed packages (`Status: install ok installed`).
    static func dpkg(_ text: String, name: String, ecosystem: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        var fields: [String: String] = [:]
        var startLine = 1
        var line = 0
        func finish() {
            defer { fields = [:] }
            guard !fields.isEmpty else { return }
            guard let package = fields["package"], let version = fields["version"] else {
                log.rejected.append(.init(place: "\(name):\(startLine)", reason: "stanza without 'Package' or 'Version'"))
                return
            }
            if let status = fields["status"], !status.hasSuffix(" installed") { return }
            // Source: name (version) — the version of the source when it differs from the binary's.
            var source: String?
            if let value = fields["source"] {
                source = String(value.split(separator: " ").first ?? Substring(value))
            }
            packages.append(
                InventoryPackage(
                    name: package, version: version, ecosystem: ecosystem,
                    purl: PackageURL.make(ecosystem: ecosystem, name: package, version: version)
                        + (source.map { (ecosystem.contains(":") ? "&" : "?") + "source=\($0)" } ?? ""),
                    sourceName: source))
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            line += 1
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { finish(); startLine = line + 1; continue }
            if raw.first == " " || raw.first == "\t" { continue }  // continuation of a multi-line field
            guard let colon = raw.firstIndex(of: ":") else {
                log.rejected.append(.init(place: "\(name):\(line)", reason: "expected 'Field: value'"))
                continue
            }
            fields[raw[..<colon].lowercased()] = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        finish()
        return packages
    }

    /// `rpm -qa --qf '%{NAME} %{EPOCHNUM}:%{VERSION}-%{RELEASE} %{ARCH}\n'`.
    static func rpm(_ text: String, name: String, ecosystem: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[1].contains(":"), parts[1].contains("-") else {
                log.rejected.append(.init(place: "\(name):\(index + 1)", reason: "expected 'NAME EPOCH:VERSION-RELEASE ARCH'"))
                continue
            }
            var evr = String(parts[1])
            if evr.hasPrefix("0:") { evr.removeFirst(2) }  // OSV writes epoch 0 versions without it
            let arch = String(parts[2])
            var purl = PackageURL.make(ecosystem: ecosystem, name: String(parts[0]), version: evr)
            purl += (purl.contains("?") ? "&" : "?") + "arch=\(arch)"
            packages.append(InventoryPackage(name: String(parts[0]), version: evr, ecosystem: ecosystem, purl: purl))
        }
        return packages
    }

    /// `/lib/apk/db/installed`: stanzas of `X:value` lines; P is the name, V the version.
    static func apk(_ text: String, name: String, ecosystem: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        var package: String?, version: String?
        var start = 1
        func finish(_ line: Int) {
            defer { package = nil; version = nil }
            guard package != nil || version != nil else { return }
            guard let package, let version else {
                log.rejected.append(.init(place: "\(name):\(start)", reason: "entry without 'P:' or 'V:'"))
                return
            }
            packages.append(InventoryPackage(name: package, version: version, ecosystem: ecosystem))
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { finish(index + 1); start = index + 2; continue }
            if raw.hasPrefix("P:") { package = String(raw.dropFirst(2)) } else if raw.hasPrefix("V:") { version = String(raw.dropFirst(2)) }
        }
        finish(0)
        return packages
    }
}
