// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation
import Vulnerabilities

/// `bulwark version compare`: one ecosystem's version ordering, offline.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Compare package versions exactly as an ecosystem orders them.",
        subcommands: [VersionCompareCommand.self])
}

struct VersionCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Print -1, 0 or 1 as version A sorts before, equal to or after B.",
        discussion: """
            Ecosystems (OSV names; a release suffix such as Debian:12 is accepted): \(Ecosystem.documented.joined(separator: ", ")).
            Orderings: SemVer 2.0 (npm, crates.io, Go with pseudo-versions), PEP 440 (PyPI), dpkg (Debian, Ubuntu), \
            rpmvercmp with ~ and ^ (RPM, Red Hat, AlmaLinux, Rocky Linux), apk (Alpine), Maven ComparableVersion, \
            Gem::Version (RubyGems), NuGetVersion, Composer (Packagist).

            With --batch, standard input holds JSON lines {"ecosystem":"…","a":"…","b":"…"} and standard output gets \
            one line per input, in order: {"cmp":N} or {"error":"…"}.

            Examples:
              bulwark version compare --ecosystem Debian 1:1.0~rc1-1 1:1.0-1      → -1
              bulwark version compare --ecosystem PyPI 1.0.post1 1.0              → 1
              printf '{"ecosystem":"npm","a":"1.0.0-rc.1","b":"1.0.0"}\\n' | bulwark version compare --batch
            """)

    @Option(name: .long, help: ArgumentHelp("The ecosystem whose ordering to use.", valueName: "ECO"))
    var ecosystem: String?

    @Flag(name: .long, help: "Read JSON lines from standard input; write one result line per input line.")
    var batch = false

    @Argument(help: ArgumentHelp("The two versions (not with --batch).", valueName: "VERSION"))
    var versions: [String] = []

    func validate() throws {
        if batch {
            if !versions.isEmpty { throw ValidationError("--batch reads the versions from standard input; give no VERSION arguments") }
        } else {
            guard ecosystem != nil else { throw ValidationError("--ecosystem is required (e.g. --ecosystem PyPI)") }
            guard versions.count == 2 else { throw ValidationError("give exactly two versions, A and B") }
        }
    }

    func run() throws {
        if !batch {
            do {
                let scheme = try Ecosystem.require(ecosystem!)
                print(try scheme.compare(versions[0], versions[1]))
            } catch let error as VersionError {
                throw InputError(error.message)
            }
            return
        }
        var output = BufferedOutput()
        var number = 0
        while let line = readLine(strippingNewline: true) {
            number += 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { output.line("{\"error\":\"line \(number): empty line\"}"); continue }
            let result: String
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                if let eco = object["ecosystem"] as? String, let a = object["a"] as? String, let b = object["b"] as? String {
                    do {
                        result = "{\"cmp\":\(try Ecosystem.require(eco).compare(a, b))}"
                    } catch {
                        result = "{\"error\":\(String(decoding: JSONText.quoted("\(error)"), as: UTF8.self))}"
                    }
                } else {
                    result = "{\"error\":\"line \(number): expected string fields ecosystem, a and b\"}"
                }
            } else {
                result = "{\"error\":\"line \(number): not a JSON object\"}"
            }
            output.line(result)
        }
        output.flush()
    }
}

/// `bulwark cvss`: base scores of CVSS vectors, offline.
struct CVSSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cvss",
        abstract: "Score CVSS v2, v3.0, v3.1 and v4.0 vectors (one JSON line per vector).",
        discussion: """
            Vectors come from the arguments or, when there are none, from standard input (one per line). Each gives
              {"vector":"…","version":"3.1","base_score":9.8,"severity":"Critical"}
            or {"vector":"…","error":"…"} naming the offending metric. Scores follow the FIRST specifications \
            (v3.1 Roundup; v4.0 macro-vectors and interpolation; v2 without a prefix). Exit 2 if a vector given as an \
            argument is invalid; vectors read from standard input report errors in their line only.

            Example:
              bulwark cvss CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'
            """)

    @Argument(help: ArgumentHelp("Vectors; none reads standard input.", valueName: "VECTOR"))
    var vectors: [String] = []

    func run() throws {
        var output = BufferedOutput()
        var invalid = false
        func score(_ vector: String) {
            let quoted = String(decoding: JSONText.quoted(vector), as: UTF8.self)
            do {
                let score = try CVSS.score(vector)
                output.line(
                    "{\"vector\":\(quoted),\"version\":\"\(score.version)\",\"base_score\":\(String(format: "%.1f", score.baseScore)),\"severity\":\"\(score.severity)\"}"
                )
            } catch {
                invalid = true
                output.line("{\"vector\":\(quoted),\"error\":\(String(decoding: JSONText.quoted("\(error)"), as: UTF8.self))}")
            }
        }
        if vectors.isEmpty {
            while let line = readLine(strippingNewline: true) {
                let vector = line.trimmingCharacters(in: .whitespaces)
                if !vector.isEmpty { score(vector) }
            }
        } else {
            vectors.forEach(score)
        }
        output.flush()
        if invalid && !vectors.isEmpty { throw ExitCode(2) }
    }
}
