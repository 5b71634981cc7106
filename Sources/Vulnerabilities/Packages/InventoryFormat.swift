// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The inventory formats Bulwark reads.
public enum InventoryFormat: String, Sendable, CaseIterable, Codable {
    case cyclonedx, spdx, dpkg, rpm, apk, requirements, poetry, npm, gomod, gosum, cargo, gemfile, composer

    public var title: String {
        switch self {
        case .cyclonedx: return "CycloneDX JSON"
        case .spdx: return "SPDX JSON"
        case .dpkg: return "dpkg status"
        case .rpm: return "rpm -qa"
        case .apk: return "Alpine installed database"
        case .requirements: return "requirements.txt / pip freeze"
        case .poetry: return "poetry.lock"
        case .npm: return "package-lock.json"
        case .gomod: return "go.mod"
        case .gosum: return "go.sum"
        case .cargo: return "Cargo.lock"
        case .gemfile: return "Gemfile.lock"
        case .composer: return "composer.lock"
        }
    }

    /// Recognises a format from the file name, then from the content.
    public static func detect(name: String, bytes: [UInt8]) -> InventoryFormat? {
        let file = (name as NSString).lastPathComponent.lowercased()
        switch file {
        case "poetry.lock": return .poetry
        case "package-lock.json", "npm-shrinkwrap.json": return .npm
        case "go.mod": return .gomod
        case "go.sum": return .gosum
        case "cargo.lock": return .cargo
        case "gemfile.lock": return .gemfile
        case "composer.lock": return .composer
        case "status": return .dpkg
        case "installed": return .apk
        default: break
        }
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        if head.contains("\"bomFormat\"") { return .cyclonedx }
        if head.contains("\"spdxVersion\"") { return .spdx }
        if head.contains("\"lockfileVersion\"") { return .npm }
        if head.contains("\"content-hash\"") || head.contains("\"packages-dev\"") { return .composer }
        if head.hasPrefix("Package: ") || head.contains("\nPackage: ") { return .dpkg }
        if head.hasPrefix("C:") || head.hasPrefix("P:") { return .apk }
        if head.contains("[[package]]") {
            return head.contains("checksum = ") || head.contains("source = \"registry") || file.contains("cargo") ? .cargo : .poetry
        }
        if head.hasPrefix("module ") || head.contains("\nmodule ") { return .gomod }
        if head.contains(" h1:") { return .gosum }
        if head.contains("GEM\n") || head.hasPrefix("GEM") { return .gemfile }
        // rpm -qa with Bulwark's query format: NAME EPOCH:VERSION-RELEASE ARCH on every line.
        let lines = head.split(separator: "\n").prefix(20).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        if !lines.isEmpty,
            lines.allSatisfy({ line in
                let words = line.split(separator: " ")
                return words.count == 3 && words[1].contains(":") && words[1].contains("-") && words[1].first?.isASCIIDigit == true
            })
        {
            return .rpm
        }
        if file.hasPrefix("requirements") || file.hasSuffix(".txt") || head.contains("==") { return .requirements }
        return nil
    }
}

/// A parsed inventory file: its packages and every line or record it could not read.
public struct ParsedInventory: Sendable {
    public var format: InventoryFormat
    public var packages: [InventoryPackage]
    /// Lines or records that are malformed: a user's file applies all or nothing unless asked otherwise.
    public var rejected: [AdvisoryBatch.Rejection]
    /// Entries left out by design, with the reason (an unpinned requirement, a package not installed).
    public var skipped: [AdvisoryBatch.Rejection]
}

/// What a parser left out.
struct ParseLog {
    var rejected: [AdvisoryBatch.Rejection] = []
    var skipped: [AdvisoryBatch.Rejection] = []
}

/// Reads inventories: SBOMs (CycloneDX 1.4–1.6, SPDX 2.3), OS package databases (dpkg, rpm, apk) and language
/// lock files. Every package gets an OSV ecosystem and a purl.
public enum InventoryParser {
    public static let maximumSize = 64 << 20

    /// `ecosystem` sets the release of OS packages (`Debian:12`, `AlmaLinux:9`, `Alpine:v3.20`) that the file cannot say.
    public static func parse(bytes: [UInt8], name: String, format: InventoryFormat? = nil, ecosystem: String? = nil) throws -> ParsedInventory {
        guard bytes.count <= maximumSize else { throw VersionError("\(name): larger than \(maximumSize >> 20) MiB") }
        guard let format = format ?? InventoryFormat.detect(name: name, bytes: bytes) else {
            throw VersionError(
                "\(name): not a known inventory format (give one of: \(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var log = ParseLog()
        // Swift reads "\r\n" as one character: files from Windows (and browser forms) are normalised to "\n" first.
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let packages: [InventoryPackage]
        switch format {
        case .cyclonedx: packages = try SBOMParser.cyclonedx(bytes, name: name, log: &log)
        case .spdx: packages = try SBOMParser.spdx(bytes, name: name, log: &log)
        case .dpkg: packages = SystemPackageParser.dpkg(text, name: name, ecosystem: ecosystem ?? "Debian", log: &log)
        case .rpm: packages = SystemPackageParser.rpm(text, name: name, ecosystem: ecosystem ?? "RPM", log: &log)
        case .apk: packages = SystemPackageParser.apk(text, name: name, ecosystem: ecosystem ?? "Alpine", log: &log)
        case .requirements: packages = LockfileParser.requirements(text, name: name, log: &log)
        case .poetry: packages = LockfileParser.tomlPackages(text, name: name, ecosystem: "PyPI", log: &log)
        case .cargo: packages = LockfileParser.tomlPackages(text, name: name, ecosystem: "crates.io", log: &log)
        case .npm: packages = try LockfileParser.npm(bytes, name: name, log: &log)
        case .gomod: packages = LockfileParser.gomod(text, name: name, log: &log)
        case .gosum: packages = LockfileParser.gosum(text, name: name, log: &log)
        case .gemfile: packages = LockfileParser.gemfile(text, name: name, log: &log)
        case .composer: packages = try LockfileParser.composer(bytes, name: name, log: &log)
        }
        // One entry per ecosystem, name and version.
        var seen = Set<String>()
        var unique = packages.filter { seen.insert("\($0.ecosystem)|\($0.name)|\($0.version)").inserted }
        // A name or version that cannot be one would reach patch scripts and playbooks: the entry is refused.
        unique.removeAll { package in
            let problem =
                PackageCoordinates.nameProblem(package.name, ecosystem: package.ecosystem).map { "package name: \($0)" }
                ?? PackageCoordinates.versionProblem(package.version).map { "version of \(package.name.debugDescription): \($0)" }
            guard let problem else { return false }
            log.rejected.append(AdvisoryBatch.Rejection(place: place(of: package, in: text, file: name), reason: problem))
            return true
        }
        return ParsedInventory(format: format, packages: unique, rejected: log.rejected, skipped: log.skipped)
    }

    /// `file:line` of the first line that holds the package's name (as written, or JSON-escaped), else the file.
    static func place(of package: InventoryPackage, in text: String, file: String) -> String {
        let escaped = String(decoding: (try? JSONEncoder().encode(package.name)) ?? Data(), as: UTF8.self).dropFirst().dropLast()
        let needles = [package.name.split(separator: "\n").first.map(String.init) ?? package.name, String(escaped)].filter { !$0.isEmpty }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where needles.contains(where: { line.contains($0) }) {
            return "\(file):\(index + 1)"
        }
        return file
    }

    static func json(_ bytes: [UInt8], name: String) throws -> [String: Any] {
        do {
            guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw VersionError("\(name): the JSON document is not an object")
            }
            return object
        } catch let error as VersionError { throw error } catch {
            throw VersionError("\(name): not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"))")
        }
    }
}
