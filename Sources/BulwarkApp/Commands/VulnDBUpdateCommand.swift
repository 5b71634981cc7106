// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import BulwarkCore
import Foundation
import Outbound
import Vulnerabilities

/// `bulwark vuln db update`: fetches the published feeds and imports them, as `vuln db import` does files.
struct VulnDBUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Download OSV exports, the CISA KEV catalog and EPSS scores, and import them into the data directory.",
        discussion: """
            Fetches, then imports as `bulwark vuln db import` does (incremental by `modified`; every record left out \
            listed with its place and reason; every asset with an inventory rescanned):

              OSV     one export per ecosystem: --osv-url with {ecosystem} replaced, for each --ecosystem, or, when none \
            is named, for each ecosystem of the packages in the inventory (Debian:12 fetches Debian)
              KEV     the CISA Known Exploited Vulnerabilities catalog (--kev-url)
              EPSS    FIRST's daily scores (--epss-url)

            Each URL can also be set by its environment variable; `none` skips that feed. A feed that cannot be fetched \
            (network, HTTP status, --max-download) is named on standard error and the others are still imported; the \
            exit code is then 1.

            Run it daily (the feeds change every day), e.g. with the systemd timer in docs/deploy/, or from cron:
              17 4 * * *  bulwark vuln db update --data /var/lib/bulwark

            Examples:
              bulwark vuln db update --data ./bulwark-data
              bulwark vuln db update --ecosystem PyPI --ecosystem npm --epss-url none
              bulwark vuln db update --osv-url https://mirror.example.com/osv/{ecosystem}/all.zip
            """)

    static let defaultOSV = "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip"
    static let defaultKEV = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
    static let defaultEPSS = "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz"

    @Option(
        name: .customLong("ecosystem"),
        help: ArgumentHelp("An OSV ecosystem to fetch (repeat for more; default: those of the inventory).", valueName: "NAME"))
    var ecosystems: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("OSV export URL, {ecosystem} replaced (default \(defaultOSV); env BULWARK_OSV_URL).", valueName: "URL"))
    var osvURL: String?

    @Option(name: .long, help: ArgumentHelp("CISA KEV catalog URL, or none (default \(defaultKEV); env BULWARK_KEV_URL).", valueName: "URL"))
    var kevURL: String?

    @Option(name: .long, help: ArgumentHelp("EPSS scores URL, or none (default \(defaultEPSS); env BULWARK_EPSS_URL).", valueName: "URL"))
    var epssURL: String?

    @Option(name: .long, help: ArgumentHelp("Largest download accepted, in MiB (default 2048).", valueName: "MIB"))
    var maxDownload: Int = 2048

    @OptionGroup var storage: StorageOptions

    func validate() throws {
        if maxDownload < 1 { throw ValidationError("--max-download: at least 1 MiB") }
        let template = osvURL ?? Environment()["BULWARK_OSV_URL"] ?? Self.defaultOSV
        if template != "none" && !template.contains("{ecosystem}") {
            throw ValidationError("--osv-url: name the place of the ecosystem with {ecosystem}, e.g. \(Self.defaultOSV)")
        }
        for name in ecosystems where name.isEmpty || name.contains("/") {
            throw ValidationError("--ecosystem: '\(name)' is not an OSV ecosystem name")
        }
    }

    /// One feed to fetch: where from, and the file name the importer recognises its format by.
    struct Feed {
        var url: URL
        var fileName: String
    }

    func run() async throws {
        let environment = Environment()
        let platform = try await openPlatform(storage)
        let service = platform.vulnerabilities.service
        var feeds: [Feed] = []
        var failed: [String] = []
        var fetched = 0
        let result: AdvisoryImportResult
        do {
            let template = osvURL ?? environment["BULWARK_OSV_URL"] ?? Self.defaultOSV
            if template != "none" {
                var names = ecosystems
                if names.isEmpty { names = try await service.inventoryEcosystems() }
                if names.isEmpty {
                    printError("OSV: no ecosystem to fetch — the inventory has no packages yet; name one with --ecosystem")
                }
                for name in names {
                    let encoded = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
                    let text = template.replacingOccurrences(of: "{ecosystem}", with: encoded)
                    guard let url = URL(string: text) else { throw InputError("--osv-url: '\(text)' is not a URL") }
                    feeds.append(Feed(url: url, fileName: "osv-\(name)-\(url.lastPathComponent)"))
                }
            }
            for (flag, option, variable, fallback, name) in [
                ("--kev-url", kevURL, "BULWARK_KEV_URL", Self.defaultKEV, "kev"),
                ("--epss-url", epssURL, "BULWARK_EPSS_URL", Self.defaultEPSS, "epss"),
            ] {
                let text = option ?? environment[variable] ?? fallback
                if text == "none" { continue }
                guard let url = URL(string: text), url.scheme != nil else { throw InputError("\(flag): '\(text)' is not a URL") }
                feeds.append(Feed(url: url, fileName: "\(name)-\(url.lastPathComponent)"))
            }
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-feeds-\(Identifier.make())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let downloader = FeedDownloader(maxBytes: Int64(maxDownload) * 1_048_576)
            var paths: [String] = []
            for feed in feeds {
                let file = directory.appendingPathComponent(feed.fileName)
                do {
                    try await downloader.download(feed.url, to: file)
                    paths.append(file.path)
                    printError("fetched \(feed.url.absoluteString)")
                } catch {
                    failed.append(feed.url.absoluteString)
                    printError("\(feed.url.absoluteString): \(error)")
                }
            }
            var batch = AdvisoryImport.read(paths: paths)
            // Places name the URL, not the temporary file it was fetched to.
            for feed in feeds {
                let prefix = directory.appendingPathComponent(feed.fileName).path
                for index in batch.rejected.indices where batch.rejected[index].place.hasPrefix(prefix) {
                    batch.rejected[index].place = feed.url.absoluteString + batch.rejected[index].place.dropFirst(prefix.count)
                }
            }
            for rejected in batch.rejected { printError("\(rejected.place): \(rejected.reason)") }
            fetched = paths.count
            // Nothing fetched: nothing to import or rescan.
            result =
                paths.isEmpty
                ? AdvisoryImportResult()
                : try await service.importAdvisories(
                    batch, source: feeds.filter { !failed.contains($0.url.absoluteString) }.map(\.url.absoluteString).joined(separator: " "),
                    by: .cli)
        } catch {
            await platform.close()
            throw error
        }
        await platform.close()
        try printImportSummary(
            result, extra: ["fetched": fetched, "failed": failed], trailer: "; \(failed.count) of \(feeds.count) feeds not fetched")
        if !failed.isEmpty { throw ExitCode(1) }
    }
}
