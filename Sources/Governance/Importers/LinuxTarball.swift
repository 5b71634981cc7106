// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// The `linux_tar` upload: a tar archive (ustar or GNU, as `tar -cf` writes it) of one host's account files, or of
/// several hosts each under a directory of its name:
///
/// ```
/// tar -cf hosts.tar web-1/etc/passwd web-1/etc/group web-1/etc/shadow web-1/etc/sudoers web-1/etc/sudoers.d \
///     web-1/home/*/.ssh/authorized_keys web-1/root/.ssh/authorized_keys web-1/lastlog.txt db-1/etc/…
/// ```
///
/// `lastlog.txt` and `last.txt` hold the commands' output (`lastlog`, `last --time-format iso`). Other members are
/// ignored; links, devices and members over 8 MiB are left out with their name.
public enum LinuxTarball {
    public static let maximumMember = 8 << 20

    /// The files of each host, by host name (the empty name for an archive of one host without a top directory).
    public static func read(_ bytes: [UInt8], name: String) -> (hosts: [String: LinuxHostFiles], rejected: [AccountBatch.Rejected]) {
        var hosts: [String: LinuxHostFiles] = [:]
        var rejected: [AccountBatch.Rejected] = []
        var offset = 0
        var longName: String?
        while offset + 512 <= bytes.count {
            let header = Array(bytes[offset..<offset + 512])
            if header.allSatisfy({ $0 == 0 }) { break }
            guard let size = octal(header[124..<136]) else {
                rejected.append(AccountBatch.Rejected(place: "\(name) at byte \(offset)", reason: "not a tar header"))
                break
            }
            let type = header[156]
            var path = longName ?? string(header[0..<100])
            longName = nil
            if header[257..<262].elementsEqual(Array("ustar".utf8)), !string(header[345..<500]).isEmpty {
                path = string(header[345..<500]) + "/" + path
            }
            let start = offset + 512
            guard start + size <= bytes.count else {
                rejected.append(AccountBatch.Rejected(place: "\(name): \(path.prefix(200))", reason: "the archive ends inside this member"))
                break
            }
            offset = start + (size + 511) / 512 * 512
            if type == UInt8(ascii: "L") {  // GNU long name: the next member's path
                longName = string(bytes[start..<start + size])
                continue
            }
            guard type == 0 || type == UInt8(ascii: "0") else {
                if type != UInt8(ascii: "5") {  // directories are expected; links and devices are not read
                    rejected.append(
                        AccountBatch.Rejected(place: "\(name): \(path.prefix(200))", reason: "not a regular file (links are not followed)"))
                }
                continue
            }
            guard size <= maximumMember else {
                rejected.append(AccountBatch.Rejected(place: "\(name): \(path.prefix(200))", reason: "larger than 8 MiB"))
                continue
            }
            let text = String(decoding: bytes[start..<start + size], as: UTF8.self)
            var parts = path.split(separator: "/").map(String.init).filter { $0 != "." }
            let known: (inout LinuxHostFiles, [String]) -> Bool = { files, rest in
                switch rest {
                case ["etc", "passwd"]: files.passwd = text
                case ["etc", "group"]: files.group = text
                case ["etc", "shadow"]: files.shadow = text
                case ["etc", "sudoers"]: files.sudoers["sudoers"] = text
                case ["lastlog.txt"]: files.lastlog = text
                case ["last.txt"]: files.last = text
                case ["root", ".ssh", "authorized_keys"]: files.authorizedKeys["root"] = text
                default:
                    if rest.count == 3, rest[0] == "etc", rest[1] == "sudoers.d" {
                        files.sudoers["sudoers.d/" + rest[2]] = text
                    } else if rest.count == 4, rest[0] == "home", rest[2] == ".ssh", ["authorized_keys", "authorized_keys2"].contains(rest[3]) {
                        files.authorizedKeys[rest[1], default: ""] += text + "\n"
                    } else {
                        return false
                    }
                }
                return true
            }
            // A member of the archive's root (etc/passwd), or of a host directory (web-1/etc/passwd).
            var files = hosts[""] ?? LinuxHostFiles()
            if known(&files, parts) {
                hosts[""] = files
                continue
            }
            guard parts.count > 1 else { continue }
            let host = parts.removeFirst()
            var hostFiles = hosts[host] ?? LinuxHostFiles()
            if known(&hostFiles, parts) { hosts[host] = hostFiles }
        }
        return (hosts, rejected)
    }

    private static func string<C: Collection>(_ field: C) -> String where C.Element == UInt8 {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A tar number: octal digits (space or NUL ended), or GNU's base-256 for large sizes.
    private static func octal(_ field: ArraySlice<UInt8>) -> Int? {
        if let first = field.first, first & 0x80 != 0 {
            return field.dropFirst().reduce(0) { $0 < Int.max >> 8 ? $0 << 8 | Int($1) : $0 }
        }
        let digits = field.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }.drop { $0 == UInt8(ascii: " ") }
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 8 + Int($1 - UInt8(ascii: "0")) }
    }
}
