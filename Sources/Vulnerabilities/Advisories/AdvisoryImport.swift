// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What `vuln db import` read from its paths: OSV records, KEV entries, EPSS scores, and every record it left
/// out with its place (`file:line`, `archive.zip!entry.json`) and reason. Feeds apply the rest.
public struct AdvisoryBatch: Sendable {
    public var records: [OSVRecord] = []
    public var kev: [KEVEntry] = []
    public var epss: [EPSSScore] = []
    public var kevCatalogVersion: String?
    public var rejected: [Rejection] = []

    public struct Rejection: Sendable, Equatable, Codable {
        public var place: String
        public var reason: String
        public init(place: String, reason: String) { self.place = place; self.reason = reason }
    }

    public init() {}

    public mutating func merge(_ other: AdvisoryBatch) {
        records += other.records
        kev += other.kev
        epss += other.epss
        kevCatalogVersion = other.kevCatalogVersion ?? kevCatalogVersion
        rejected += other.rejected
    }
}

/// Reads advisory data: OSV JSON files (one record or an array), JSON lines, directories, zip archives and
/// gzip of any of these; the CISA KEV catalog JSON; FIRST EPSS CSV files.
public enum AdvisoryImport {
    /// Bound on one decompressed file (the whole OSV PyPI export is ~100 MB).
    public static let maximumFileSize = 1 << 30

    public static func read(paths: [String]) -> AdvisoryBatch {
        var batch = AdvisoryBatch()
        for path in paths { batch.merge(read(path: path)) }
        return batch
    }

    public static func read(path: String) -> AdvisoryBatch {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            var batch = AdvisoryBatch()
            batch.rejected.append(.init(place: path, reason: "no such file or directory"))
            return batch
        }
        if isDirectory.boolValue {
            var batch = AdvisoryBatch()
            let files = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? []).sorted()
            for file in files where [".json", ".jsonl", ".ndjson", ".gz", ".zip", ".csv"].contains(where: file.hasSuffix) {
                batch.merge(read(path: (path as NSString).appendingPathComponent(file)))
            }
            return batch
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            var batch = AdvisoryBatch()
            batch.rejected.append(.init(place: path, reason: "cannot be read"))
            return batch
        }
        return read(bytes: [UInt8](data), name: path)
    }

    /// Reads one file's content; `name` decides nothing but the places in messages and the format of
    /// CSV (`.csv`) and JSON lines (`.jsonl`, `.ndjson`), which are otherwise recognised by their content.
    public static func read(bytes input: [UInt8], name: String) -> AdvisoryBatch {
        read(bytes: input, name: name, insideArchive: false)
    }

    /// Most bytes one file may inflate to, all the entries of a zip archive together included.
    public static let maximumInflatedSize = 1 << 30

    /// `insideArchive`: an entry of a zip archive, already inflated (and gunzipped): another archive or gzip level
    /// inside it is not read, since each level would multiply what a small file can inflate to.
    static func read(bytes input: [UInt8], name: String, insideArchive: Bool) -> AdvisoryBatch {
        var batch = AdvisoryBatch()
        var bytes = input
        var name = name
        if Gunzip.isGzip(bytes) || ZipArchive.isZip(bytes), insideArchive {
            batch.rejected.append(.init(place: name, reason: "an archive inside an archive entry is not read; unpack it first"))
            return batch
        }
        if Gunzip.isGzip(bytes) {
            do { bytes = try Gunzip.decompress(bytes, limit: maximumFileSize) } catch {
                batch.rejected.append(.init(place: name, reason: "\(error)"))
                return batch
            }
            if name.hasSuffix(".gz") { name = String(name.dropLast(3)) }
        }
        if ZipArchive.isZip(bytes) {
            // One entry at a time: its records are kept, its bytes are not. Gzip entries count against the same budget.
            var budget = maximumInflatedSize
            do {
                try ZipArchive.forEachEntry(bytes, entryLimit: maximumFileSize >> 2, totalLimit: maximumInflatedSize) { entry in
                    var data = entry.data
                    var place = "\(name)!\(entry.name)"
                    if Gunzip.isGzip(data) {
                        do { data = try Gunzip.decompress(data, limit: min(maximumFileSize >> 2, budget)) } catch {
                            batch.rejected.append(.init(place: place, reason: "\(error)"))
                            return
                        }
                        budget -= data.count
                        if place.hasSuffix(".gz") { place = String(place.dropLast(3)) }
                    }
                    batch.merge(read(bytes: data, name: place, insideArchive: true))
                }
            } catch {
                batch.rejected.append(.init(place: name, reason: "\(error)"))
            }
            return batch
        }
        let firstByte = bytes.first { $0 != 0x20 && $0 != 0x0a && $0 != 0x0d && $0 != 0x09 && $0 != 0xef && $0 != 0xbb && $0 != 0xbf }
        if name.hasSuffix(".csv") || firstByte == UInt8(ascii: "#") || bytes.starts(with: Array("cve,".utf8)) {
            return readEPSS(bytes, name: name)
        }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") || looksLikeJSONLines(bytes) {
            var line = 0
            for slice in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
                line += 1
                guard slice.contains(where: { $0 != 0x20 && $0 != 0x0d && $0 != 0x09 }) else { continue }
                decodeRecord(Data(slice), place: "\(name):\(line)", into: &batch)
            }
            return batch
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) else {
            batch.rejected.append(.init(place: name, reason: "not JSON, JSON lines, CSV, gzip or zip"))
            return batch
        }
        if let catalog = object as? [String: Any], catalog["vulnerabilities"] != nil, catalog["catalogVersion"] != nil {
            return readKEV(catalog, name: name)
        }
        let elements: [(Any, String)] = (object as? [Any]).map { $0.enumerated().map { ($1, "\(name)[\($0)]") } } ?? [(object, name)]
        for (element, place) in elements {
            do {
                guard element is [String: Any], let data = try? JSONSerialization.data(withJSONObject: element) else {
                    throw OSVRecord.FieldProblem(description: "not a JSON object")
                }
                let record = try OSVRecord.parse(data)
                if let problem = validate(record) {
                    batch.rejected.append(.init(place: place, reason: "\(record.id): \(problem)"))
                } else {
                    batch.records.append(record)
                }
            } catch {
                batch.rejected.append(.init(place: place, reason: "\(error)"))
            }
        }
        return batch
    }

    static func looksLikeJSONLines(_ bytes: [UInt8]) -> Bool {
        guard let newline = bytes.firstIndex(of: 0x0a) else { return false }
        let rest = bytes[(newline + 1)...].drop { $0 == 0x20 || $0 == 0x0a || $0 == 0x0d }
        return bytes.first == UInt8(ascii: "{") && rest.first == UInt8(ascii: "{")
            && bytes[..<newline].last(where: { $0 != 0x0d && $0 != 0x20 }) == UInt8(ascii: "}")
    }

    static func decodeRecord(_ data: Data, place: String, into batch: inout AdvisoryBatch) {
        do {
            let record = try OSVRecord.parse(data)
            if let problem = validate(record) {
                batch.rejected.append(.init(place: place, reason: "\(record.id.isEmpty ? "record" : record.id): \(problem)"))
            } else {
                batch.records.append(record)
            }
        } catch {
            batch.rejected.append(.init(place: place, reason: "\(error)"))
        }
    }

    /// The schema's rules that matching depends on.
    static func validate(_ record: OSVRecord) -> String? {
        if record.id.isEmpty { return "empty 'id'" }
        if record.modified.isEmpty { return "empty 'modified'" }
        for (index, affected) in (record.affected ?? []).enumerated() {
            for (r, range) in (affected.ranges ?? []).enumerated() {
                guard ["ECOSYSTEM", "SEMVER", "GIT"].contains(range.type) else {
                    return "affected[\(index)].ranges[\(r)].type '\(range.type)' is not ECOSYSTEM, SEMVER or GIT"
                }
                if range.events.isEmpty { return "affected[\(index)].ranges[\(r)] has no events" }
                if range.type != "GIT" && !range.events.contains(where: { $0.introduced != nil }) {
                    return "affected[\(index)].ranges[\(r)] has no 'introduced' event"
                }
            }
        }
        return nil
    }

    static func readKEV(_ catalog: [String: Any], name: String) -> AdvisoryBatch {
        var batch = AdvisoryBatch()
        batch.kevCatalogVersion = catalog["catalogVersion"] as? String
        for (index, item) in ((catalog["vulnerabilities"] as? [Any]) ?? []).enumerated() {
            guard let entry = item as? [String: Any], let cve = entry["cveID"] as? String, isCVE(cve),
                let due = entry["dueDate"] as? String
            else {
                batch.rejected.append(.init(place: "\(name): vulnerabilities[\(index)]", reason: "missing 'cveID' or 'dueDate'"))
                continue
            }
            batch.kev.append(
                KEVEntry(
                    cve: cve, vendor: entry["vendorProject"] as? String ?? "", product: entry["product"] as? String ?? "",
                    name: entry["vulnerabilityName"] as? String ?? "", dateAdded: entry["dateAdded"] as? String ?? "",
                    dueDate: due, ransomware: entry["knownRansomwareCampaignUse"] as? String ?? "Unknown",
                    requiredAction: entry["requiredAction"] as? String ?? ""))
        }
        return batch
    }

    /// `CVE-YYYY-NNNN…`.
    static func isCVE(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "CVE" && parts[1].count == 4 && parts[1].allSatisfy(\.isASCIIDigit)
            && parts[2].count >= 4 && parts[2].allSatisfy(\.isASCIIDigit)
    }

    /// FIRST's format: an optional `#model_version:…,score_date:…` line, a `cve,epss,percentile` header, rows.
    static func readEPSS(_ bytes: [UInt8], name: String) -> AdvisoryBatch {
        var batch = AdvisoryBatch()
        var date: String?
        var sawHeader = false
        var line = 0
        for slice in bytes.split(separator: 0x0a, omittingEmptySubsequences: false) {
            line += 1
            let text = String(decoding: slice, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { continue }
            if text.hasPrefix("#") {
                for part in text.dropFirst().split(separator: ",") where part.hasPrefix("score_date:") {
                    date = String(part.dropFirst("score_date:".count).prefix(10))
                }
                continue
            }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if !sawHeader && fields.first?.lowercased() == "cve" { sawHeader = true; continue }
            guard fields.count >= 3 else { batch.rejected.append(.init(place: "\(name):\(line)", reason: "expected cve,epss,percentile")); continue }
            guard isCVE(fields[0]) else { batch.rejected.append(.init(place: "\(name):\(line)", reason: "'\(fields[0])' is not a CVE id")); continue }
            guard let p = Double(fields[1]), (0...1).contains(p), let q = Double(fields[2]), (0...1).contains(q) else {
                batch.rejected.append(.init(place: "\(name):\(line)", reason: "epss and percentile must be numbers from 0 to 1"))
                continue
            }
            batch.epss.append(EPSSScore(cve: fields[0], probability: p, percentile: q, date: date))
        }
        return batch
    }
}
