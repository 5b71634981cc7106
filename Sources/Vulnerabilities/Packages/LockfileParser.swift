// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Language package managers' lock files and pinned requirement lists.
enum LockfileParser {
    /// `requirements.txt` / `pip freeze`: `name==version` lines; options, comments and environment markers are
    /// ignored; requirements that pin no version are left out (their installed version is unknown).
    static func requirements(_ text: String, name: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        var pending = ""
        var pendingLine = 0
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if pending.isEmpty { pendingLine = index + 1 }
            if line.hasSuffix("\\") { pending += line.dropLast() + " "; continue }
            line = pending + line
            pending = ""
            if let hash = line.range(of: " #") ?? (line.hasPrefix("#") ? line.range(of: "#") : nil) { line = String(line[..<hash.lowerBound]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("-") { continue }
            if let semicolon = line.firstIndex(of: ";") { line = String(line[..<semicolon]).trimmingCharacters(in: .whitespaces) }
            if let option = line.range(of: " --") { line = String(line[..<option.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if line.contains(" @ ") || line.contains("://") {
                log.skipped.append(.init(place: "\(name):\(pendingLine)", reason: "a direct URL reference has no version to match"))
                continue
            }
            guard let range = line.range(of: "===") ?? line.range(of: "==") else {
                log.skipped.append(
                    .init(place: "\(name):\(pendingLine)", reason: "'\(line)' pins no version (use pip freeze for installed versions)"))
                continue
            }
            var package = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            if let bracket = package.firstIndex(of: "[") { package = String(package[..<bracket]) }
            let version = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !package.isEmpty, !version.isEmpty, !version.contains(","), !version.contains("*"),
                package.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit || "-_.".contains($0) })
            else {
                log.rejected.append(.init(place: "\(name):\(pendingLine)", reason: "expected 'name==version', found '\(line)'"))
                continue
            }
            packages.append(InventoryPackage(name: package, version: version, ecosystem: "PyPI"))
        }
        return packages
    }

    /// `poetry.lock` and `Cargo.lock`: every `[[package]]` table's `name` and `version`.
    static func tomlPackages(_ text: String, name: String, ecosystem: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        var inPackage = false
        var current: [String: String] = [:]
        var start = 0
        func finish() {
            defer { current = [:] }
            guard inPackage else { return }
            guard let package = current["name"], let version = current["version"] else {
                log.rejected.append(.init(place: "\(name):\(start)", reason: "[[package]] without 'name' or 'version'"))
                return
            }
            packages.append(InventoryPackage(name: package, version: version, ecosystem: ecosystem))
        }
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                if line == "[[package]]" {
                    finish()
                    inPackage = true
                    start = index + 1
                } else if !line.hasPrefix("[package.") {
                    finish()
                    inPackage = false
                } else {
                    // a sub-table of the package: its keys are not the package's
                    if inPackage && current["name"] != nil { current["_sub"] = "1" }
                }
                continue
            }
            guard inPackage, current["_sub"] == nil, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if (key == "name" || key == "version") && value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 {
                current[key] = String(value.dropFirst().dropLast())
            }
        }
        finish()
        return packages
    }

    /// npm `package-lock.json` v2/v3 (`packages` keyed by `node_modules/…` paths) and v1 (`dependencies` tree).
    static func npm(_ bytes: [UInt8], name: String, log: inout ParseLog) throws -> [InventoryPackage] {
        let document = try InventoryParser.json(bytes, name: name)
        var packages: [InventoryPackage] = []
        if let entries = document["packages"] as? [String: Any] {
            for path in entries.keys.sorted() where !path.isEmpty {
                guard let entry = entries[path] as? [String: Any] else { continue }
                if entry["link"] as? Bool == true { continue }
                guard let marker = path.range(of: "node_modules/", options: .backwards) else { continue }
                let package = entry["name"] as? String ?? String(path[marker.upperBound...])
                guard let version = entry["version"] as? String else {
                    log.rejected.append(.init(place: "\(name): packages[\"\(path)\"]", reason: "no 'version'"))
                    continue
                }
                packages.append(InventoryPackage(name: package, version: version, ecosystem: "npm"))
            }
            return packages
        }
        func walk(_ dependencies: [String: Any], path: String) {
            for key in dependencies.keys.sorted() {
                guard let entry = dependencies[key] as? [String: Any] else { continue }
                if let version = entry["version"] as? String, !version.hasPrefix("file:"), !version.contains("://") {
                    packages.append(InventoryPackage(name: key, version: version, ecosystem: "npm"))
                }
                if let nested = entry["dependencies"] as? [String: Any] { walk(nested, path: "\(path).\(key)") }
            }
        }
        walk(document["dependencies"] as? [String: Any] ?? [:], path: "dependencies")
        return packages
    }

    /// `go.mod`: `require` lines and blocks (after `replace` directives), plus the Go standard library (`stdlib`)
    /// at the `toolchain` or `go` version.
    static func gomod(_ text: String, name: String, log: inout ParseLog) -> [InventoryPackage] {
        var requires: [(String, String, Int)] = []
        var replaces: [String: (String, String)] = [:]
        var block: String?
        var goVersion: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if line.isEmpty { continue }
            if line == ")" { block = nil; continue }
            var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if block == nil {
                if words.count == 2 && words[1] == "(" { block = words[0]; continue }
                guard let directive = words.first else { continue }
                if directive == "go" && words.count == 2 { goVersion = goVersion ?? words[1] }
                if directive == "toolchain" && words.count == 2 { goVersion = String(words[1].dropFirst(2)) }
                guard ["require", "replace"].contains(directive) else { continue }
                block = nil
                words.removeFirst()
                handle(directive, words, index + 1)
            } else {
                handle(block!, words, index + 1)
            }
        }
        func handle(_ directive: String, _ words: [String], _ line: Int) {
            switch directive {
            case "require":
                guard words.count == 2 else { log.rejected.append(.init(place: "\(name):\(line)", reason: "expected 'module version'")); return }
                requires.append((words[0], words[1], line))
            case "replace":
                guard let arrow = words.firstIndex(of: "=>"), arrow + 2 < words.count + 1 else { return }
                let target = Array(words[(arrow + 1)...])
                if target.count == 2 { replaces[words[0]] = (target[0], target[1]) }
            default: break
            }
        }
        var packages = requires.map { module, version, _ -> InventoryPackage in
            if let (newModule, newVersion) = replaces[module] { return InventoryPackage(name: newModule, version: newVersion, ecosystem: "Go") }
            return InventoryPackage(name: module, version: version, ecosystem: "Go")
        }
        if let goVersion, goVersion.split(separator: ".").count >= 2 {
            let parts = goVersion.split(separator: ".")
            let full = parts.count == 2 ? "\(goVersion).0" : goVersion
            packages.append(InventoryPackage(name: "stdlib", version: full, ecosystem: "Go", purl: "pkg:golang/stdlib@\(full)"))
        }
        return packages
    }

    /// `go.sum`: `module version h1:hash` lines (the `/go.mod` lines only name a module's manifest).
    static func gosum(_ text: String, name: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = raw.split(separator: " ")
            if words.isEmpty { continue }
            guard words.count == 3, words[2].hasPrefix("h1:") else {
                log.rejected.append(.init(place: "\(name):\(index + 1)", reason: "expected 'module version h1:hash'"))
                continue
            }
            if words[1].hasSuffix("/go.mod") { continue }
            packages.append(InventoryPackage(name: String(words[0]), version: String(words[1]), ecosystem: "Go"))
        }
        return packages
    }

    /// `Gemfile.lock`: the `specs:` of `GEM` sections (`    name (version[-platform])`).
    static func gemfile(_ text: String, name: String, log: inout ParseLog) -> [InventoryPackage] {
        var packages: [InventoryPackage] = []
        var section = ""
        var inSpecs = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if !raw.hasPrefix(" ") { section = raw.trimmingCharacters(in: .whitespaces); inSpecs = false; continue }
            if raw.trimmingCharacters(in: .whitespaces) == "specs:" { inSpecs = true; continue }
            guard section == "GEM", inSpecs, raw.hasPrefix("    "), !raw.hasPrefix("     ") else { continue }
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let open = line.firstIndex(of: "("), line.hasSuffix(")") else {
                log.rejected.append(.init(place: "\(name):\(index + 1)", reason: "expected 'name (version)'"))
                continue
            }
            let gem = line[..<open].trimmingCharacters(in: .whitespaces)
            var version = String(line[line.index(after: open)..<line.index(before: line.endIndex)])
            if let dash = version.firstIndex(of: "-") { version = String(version[..<dash]) }  // platform
            packages.append(InventoryPackage(name: gem, version: version, ecosystem: "RubyGems"))
        }
        return packages
    }

    /// `composer.lock`: `packages` and `packages-dev`.
    static func composer(_ bytes: [UInt8], name: String, log: inout ParseLog) throws -> [InventoryPackage] {
        let document = try InventoryParser.json(bytes, name: name)
        var packages: [InventoryPackage] = []
        for key in ["packages", "packages-dev"] {
            for (index, entry) in (document[key] as? [[String: Any]] ?? []).enumerated() {
                guard let package = entry["name"] as? String, let version = entry["version"] as? String else {
                    log.rejected.append(.init(place: "\(name): \(key)[\(index)]", reason: "no 'name' or 'version'"))
                    continue
                }
                if version.hasPrefix("dev-") {
                    log.skipped.append(.init(place: "\(name): \(key)[\(index)]", reason: "\(package) is a branch (\(version)), not a release"))
                    continue
                }
                packages.append(
                    InventoryPackage(name: package, version: version.hasPrefix("v") ? String(version.dropFirst()) : version, ecosystem: "Packagist"))
            }
        }
        return packages
    }
}
