// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// One installed package of an inventory: what matching needs (ecosystem, name, version) and its purl.
public struct InventoryPackage: Sendable, Codable, Equatable, Hashable {
    public var name: String
    public var version: String
    /// OSV ecosystem name, with a release when the source says it (`Debian:12`, `AlmaLinux:9`).
    public var ecosystem: String
    public var purl: String
    /// Debian source package (OSV's Debian records name source packages); nil when it is the binary name.
    public var sourceName: String?

    public init(name: String, version: String, ecosystem: String, purl: String? = nil, sourceName: String? = nil) {
        self.name = name
        self.version = version
        self.ecosystem = ecosystem
        self.sourceName = sourceName
        self.purl = purl ?? PackageURL.make(ecosystem: ecosystem, name: name, version: version)
    }

    /// The name advisories use for it.
    public var matchName: String { sourceName ?? name }
}

/// Package URLs (github.com/package-url/purl-spec): made from and read into OSV ecosystems.
public enum PackageURL {
    static let types: [String: String] = [
        "PyPI": "pypi", "npm": "npm", "Go": "golang", "crates.io": "cargo", "Maven": "maven", "RubyGems": "gem",
        "NuGet": "nuget", "Packagist": "composer", "Debian": "deb", "Ubuntu": "deb", "Alpine": "apk", "AlmaLinux": "rpm",
        "Rocky Linux": "rpm", "Red Hat": "rpm", "RPM": "rpm", "Hex": "hex", "Pub": "pub", "SUSE": "rpm", "openSUSE": "rpm",
    ]
    static let namespaces: [String: String] = [
        "Debian": "debian", "Ubuntu": "ubuntu", "Alpine": "alpine", "AlmaLinux": "almalinux", "Rocky Linux": "rocky-linux",
        "Red Hat": "redhat", "SUSE": "suse", "openSUSE": "opensuse",
    ]

    static func encode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCIILetter || c.isASCIIDigit || ".-_~".contains(c) { out.append(c) } else { out += String(format: "%%%02X", byte) }
        }
        return out
    }

    public static func make(ecosystem: String, name: String, version: String) -> String {
        let base = Ecosystem.base(ecosystem)
        let type = types[base] ?? "generic"
        var path: String
        switch type {
        case "maven":
            let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
            path = parts.count == 2 ? "\(encode(parts[0]))/\(encode(parts[1]))" : encode(name)
        case "golang", "composer", "npm":
            path = name.split(separator: "/").map { encode(String($0)) }.joined(separator: "/")
        default:
            path = encode(name)
        }
        if let namespace = namespaces[base] { path = "\(namespace)/\(path)" }
        var purl = "pkg:\(type)/\(path)@\(encode(version))"
        if let release = Ecosystem.release(ecosystem), namespaces[base] != nil { purl += "?distro=\(encode(namespaces[base]! + "-" + release))" }
        return purl
    }

    static func decode(_ s: Substring) -> String { String(s).removingPercentEncoding ?? String(s) }

    /// Reads a purl into an inventory package; nil for types Bulwark cannot match (no version, unknown type).
    public static func parse(_ purl: String) -> InventoryPackage? {
        guard purl.hasPrefix("pkg:") else { return nil }
        var rest = Substring(purl.dropFirst(4))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var qualifiers: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { qualifiers[String(kv[0]).lowercased()] = decode(kv[1]) }
            }
            rest = rest[..<q]
        }
        guard let at = rest.lastIndex(of: "@") else { return nil }
        let version = decode(rest[rest.index(after: at)...])
        let parts = rest[..<at].split(separator: "/").map { decode($0) }
        guard parts.count >= 2, !version.isEmpty else { return nil }
        let type = parts[0].lowercased()
        let namespace = parts.count > 2 ? parts[1..<(parts.count - 1)].joined(separator: "/") : nil
        let name = parts.last!
        var ecosystem: String
        var fullName = name
        switch type {
        case "pypi": ecosystem = "PyPI"
        case "npm": ecosystem = "npm"; if let namespace { fullName = "\(namespace)/\(name)" }
        case "golang": ecosystem = "Go"; if let namespace { fullName = "\(namespace)/\(name)" }
        case "cargo": ecosystem = "crates.io"
        case "maven": ecosystem = "Maven"; if let namespace { fullName = "\(namespace):\(name)" }
        case "gem": ecosystem = "RubyGems"
        case "nuget": ecosystem = "NuGet"
        case "composer": ecosystem = "Packagist"; if let namespace { fullName = "\(namespace)/\(name)" }
        case "hex": ecosystem = "Hex"
        case "pub": ecosystem = "Pub"
        case "deb": ecosystem = namespace?.lowercased() == "ubuntu" ? "Ubuntu" : "Debian"
        case "apk": ecosystem = "Alpine"
        case "rpm":
            switch namespace?.lowercased() {
            case "almalinux": ecosystem = "AlmaLinux"
            case "rocky", "rocky-linux", "rockylinux": ecosystem = "Rocky Linux"
            case "redhat", "rhel": ecosystem = "Red Hat"
            case "suse": ecosystem = "SUSE"
            case "opensuse": ecosystem = "openSUSE"
            default: ecosystem = "RPM"
            }
        default: return nil
        }
        if let distro = qualifiers["distro"], ["deb", "apk", "rpm"].contains(type) {
            // distro=debian-12 / alpine-3.18 / almalinux-9.3 → release 12 / v3.18 / 9
            if let dash = distro.lastIndex(of: "-") {
                var release = String(distro[distro.index(after: dash)...])
                if type == "rpm", let dot = release.firstIndex(of: ".") { release = String(release[..<dot]) }
                if type == "apk" { release = "v" + release.split(separator: ".").prefix(2).joined(separator: ".") }
                ecosystem += ":" + release
            }
        }
        var version_ = version
        if type == "rpm", let epoch = qualifiers["epoch"], !version.contains(":") { version_ = "\(epoch):\(version)" }
        return InventoryPackage(
            name: fullName, version: version_, ecosystem: ecosystem, purl: purl,
            sourceName: type == "deb"
                ? (qualifiers["source"] ?? qualifiers["upstream"]).map { $0.split(separator: "@").first.map(String.init) ?? $0 } : nil)
    }
}
