// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The kinds of observable a case tracks.
public enum ObservableType: String, Sendable, Codable, CaseIterable {
    case ip, domain, url, hash, email, user, host, file, registry

    /// The value as compared across cases (lowercased where case does not matter), or an error in words.
    public func normalise(_ raw: String) -> Result<String, FieldError> {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        func bad(_ message: String) -> Result<String, FieldError> {
            .failure(FieldError(field: "value", message: "'\(value.prefix(80))' \(message)"))
        }
        if value.isEmpty { return .failure(FieldError(field: "value", message: "required")) }
        if value.count > 2048 { return .failure(FieldError(field: "value", message: "longer than 2,048 characters")) }
        switch self {
        case .ip:
            guard let ip = IPAddressText.normalise(value) else { return bad("is not an IPv4 or IPv6 address") }
            return .success(ip)
        case .domain, .host:
            let lower = value.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
            let labels = lower.split(separator: ".", omittingEmptySubsequences: false)
            let valid =
                !lower.isEmpty && lower.count <= 253
                && labels.allSatisfy { label in
                    !label.isEmpty && label.count <= 63 && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
                        && !label.hasPrefix("-")
                }
            if self == .domain && labels.count < 2 { return bad("is not a domain name (it needs a dot)") }
            return valid ? .success(lower) : bad("is not a \(self == .domain ? "domain" : "host") name")
        case .url:
            guard let url = URLComponents(string: value), let scheme = url.scheme?.lowercased(), ["http", "https", "ftp", "ftps"].contains(scheme),
                let host = url.host, !host.isEmpty
            else { return bad("is not an http(s) or ftp URL") }
            return .success(value)
        case .hash:
            let lower = value.lowercased()
            guard [32, 40, 64, 128].contains(lower.count), lower.allSatisfy(\.isHexDigit) else {
                return bad("is not an MD5, SHA-1, SHA-256 or SHA-512 hex digest")
            }
            return .success(lower)
        case .email:
            let lower = value.lowercased()
            guard Validation.isEmail(lower) else { return bad("is not an email address") }
            return .success(lower)
        case .user:
            return .success(value.lowercased())
        case .file, .registry:
            return .success(value)
        }
    }

    /// The STIX 2.1 pattern comparison for the value, or nil when STIX has no cyber-observable for it (hosts).
    func stixPattern(_ value: String) -> String? {
        let quoted = "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        switch self {
        case .ip: return "[\(value.contains(":") ? "ipv6-addr" : "ipv4-addr"):value = \(quoted)]"
        case .domain: return "[domain-name:value = \(quoted)]"
        case .url: return "[url:value = \(quoted)]"
        case .hash:
            let algorithm = [32: "MD5", 40: "'SHA-1'", 64: "'SHA-256'", 128: "'SHA-512'"][value.count] ?? "'SHA-256'"
            return "[file:hashes.\(algorithm) = \(quoted)]"
        case .email: return "[email-addr:value = \(quoted)]"
        case .user: return "[user-account:account_login = \(quoted)]"
        case .file: return "[file:name = \(quoted)]"
        case .registry: return "[windows-registry-key:key = \(quoted)]"
        case .host: return nil
        }
    }
}

/// IPv4 and IPv6 text in canonical form.
public enum IPAddressText {
    public static func normalise(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            return inet_ntop(AF_INET, &v4, &buffer, socklen_t(INET_ADDRSTRLEN)).map { _ in String(cString: buffer) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            return inet_ntop(AF_INET6, &v6, &buffer, socklen_t(INET6_ADDRSTRLEN)).map { _ in String(cString: buffer) }
        }
        return nil
    }
}

extension ObservableType {
    /// The ECS fields that hold values of this type, as Bulwark's normaliser writes them: where observables are found
    /// in events, where their sightings are searched, and which values of an event lead to an entity page.
    public var ecsFields: [String] {
        switch self {
        case .ip: ["source.ip", "destination.ip", "client.ip"]
        case .domain: ["dns.question.name", "url.domain", "destination.domain"]
        case .url: ["url.original", "url.full"]
        case .hash: ["file.hash.md5", "file.hash.sha1", "file.hash.sha256", "process.hash.sha256"]
        case .email: ["email.from.address", "email.sender.address", "user.email"]
        case .file: ["file.name", "file.path"]
        case .registry: ["registry.path", "registry.key"]
        // The normaliser fills user.name from the source's own names (Event.subjectUser); the account acted on in
        // account management is user.target.name.
        case .user: ["user.name", "user.target.name"]
        // A workstation a Windows logon came from is source.domain.
        case .host: ["host.name", "source.domain"]
        }
    }

    /// The type of the values of an ECS field, if an observable can be one.
    public static func of(field: String) -> ObservableType? { byField[field] }

    private static let byField: [String: ObservableType] = Dictionary(
        allCases.flatMap { type in type.ecsFields.map { ($0, type) } }, uniquingKeysWith: { first, _ in first })
}
