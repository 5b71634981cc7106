// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An indicator of compromise: a value that should not appear in the organisation's events.
public struct Indicator: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable, Codable {
        case ip, cidr, domain, url, md5, sha1, sha256, email
    }

    public var id: String
    public var kind: Kind
    /// Normalised: addresses in canonical form, domains and hashes lowercased, URLs with lowercased scheme and host.
    public var value: String
    /// Where it came from (feed or file name, "manual").
    public var source: String
    /// 0–100, as STIX and MISP use it.
    public var confidence: Int
    public var expiresAt: Date?
    public var description: String
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = Identifier.make(), kind: Kind, value: String, source: String, confidence: Int = 50, expiresAt: Date? = nil,
        description: String = "", tags: [String] = [], createdAt: Date, updatedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.value = value
        self.source = source
        self.confidence = confidence
        self.expiresAt = expiresAt
        // Feeds can carry long reports: the first 2,000 characters are kept.
        self.description = String(description.prefix(2000))
        self.tags = Array(tags.prefix(50)).map { String($0.prefix(100)) }
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    public func isActive(at date: Date) -> Bool { expiresAt.map { $0 > date } ?? true }

    /// The kind a bare value has, and its normalised form; nil when it is none of the kinds.
    public static func classify(_ raw: String) -> (Kind, String)? {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 2048 else { return nil }
        if text.contains("/"), !text.contains("://"), let cidr = CIDR(text) { return (.cidr, cidr.description) }
        if let address = IPAddress(text) { return (.ip, address.description) }
        if let url = normaliseURL(text) { return (.url, url) }
        let lower = text.lowercased()
        if lower.allSatisfy(\.isHexDigit) {
            switch lower.count {
            case 32: return (.md5, lower)
            case 40: return (.sha1, lower)
            case 64: return (.sha256, lower)
            default: break
            }
        }
        if lower.contains("@") {
            let parts = lower.split(separator: "@")
            if parts.count == 2, isDomain(String(parts[1])), !parts[0].isEmpty { return (.email, lower) }
            return nil
        }
        let domain = lower.hasSuffix(".") ? String(lower.dropLast()) : lower
        if isDomain(domain) { return (.domain, domain) }
        return nil
    }

    /// `value` checked and normalised as `kind`; nil when it is not one.
    public static func normalise(_ raw: String, as kind: Kind) -> String? {
        guard let (found, value) = classify(raw) else { return nil }
        if found == kind { return value }
        if kind == .cidr, found == .ip { return CIDR(value).map(\.description) }
        return nil
    }

    static func isDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.count <= 253 else { return false }
        for label in labels {
            guard !label.isEmpty, label.count <= 63, label.first != "-", label.last != "-",
                label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { return false }
        }
        return labels.last!.allSatisfy(\.isLetter) || labels.last!.hasPrefix("xn--")
    }

    /// Scheme and host lowercased, default port and fragment removed: `HTTP://Evil.COM:80/a#x` → `http://evil.com/a`.
    public static func normaliseURL(_ text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound].lowercased()
        guard ["http", "https", "ftp", "hxxp", "hxxps"].contains(scheme) else { return nil }
        var rest = String(text[range.upperBound...])
        if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
        let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var host = rest[..<hostEnd].lowercased()
        if host.hasSuffix(":80") && scheme == "http" { host = String(host.dropLast(3)) }
        if host.hasSuffix(":443") && scheme == "https" { host = String(host.dropLast(4)) }
        guard !host.isEmpty else { return nil }
        let path = rest[hostEnd...]
        return "\(scheme.replacingOccurrences(of: "hxxp", with: "http"))://\(host)\(path.isEmpty ? "/" : path)"
    }

    /// The host part of a normalised URL.
    static func host(ofURL url: String) -> String? {
        guard let range = url.range(of: "://") else { return nil }
        let rest = url[range.upperBound...]
        let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == ":" } ?? rest.endIndex
        return String(rest[..<end])
    }
}
