// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where imported advisories live (Vulnerabilities owns these tables).
public protocol AdvisoryStore: Sendable {
    /// The `modified` stamp of every stored record, by id.
    func advisoryStamps() async throws -> [String: String]
    /// Inserts or replaces records (by id), in one transaction.
    func saveAdvisories(_ records: [OSVRecord]) async throws
    func advisories() async throws -> [OSVRecord]
    /// How many advisories are stored (withdrawn ones too), without reading them.
    func advisoryCount() async throws -> Int
    func advisory(id: String) async throws -> OSVRecord?
    /// Replaces the KEV catalog.
    func replaceKEV(_ entries: [KEVEntry], catalogVersion: String?) async throws
    func kevEntries() async throws -> [KEVEntry]
    /// Inserts or replaces EPSS scores (by CVE).
    func saveEPSS(_ scores: [EPSSScore]) async throws
    func epssScores() async throws -> [EPSSScore]
    /// The last import, if any: a new revision each time, so that every node knows its index is stale.
    func lastUpdate() async throws -> AdvisoryUpdate?
    func recordUpdate(_ update: AdvisoryUpdate) async throws
}

/// One import of advisories, KEV or EPSS into the database: when, and a revision that changes with each.
public struct AdvisoryUpdate: Sendable, Equatable, Codable {
    public var revision: String
    public var time: Date
    public init(revision: String, time: Date) {
        self.revision = revision
        self.time = time
    }
}

/// What an advisory import did: counts and every record left out.
public struct AdvisoryImportResult: Sendable, Codable, Equatable {
    public var added = 0
    public var updated = 0
    /// Records whose `modified` is not newer than the stored one.
    public var unchanged = 0
    public var withdrawn = 0
    public var kev = 0
    public var epss = 0
    public var rejected: [AdvisoryBatch.Rejection] = []
    public init() {}
}

extension AdvisoryStore {
    /// Applies a batch incrementally: a record is written only when it is new or its `modified` is later than
    /// the stored one (RFC 3339 stamps compare as instants). KEV replaces the catalog; EPSS scores are upserted.
    public func apply(_ batch: AdvisoryBatch) async throws -> AdvisoryImportResult {
        var result = AdvisoryImportResult()
        result.rejected = batch.rejected
        let stamps = try await advisoryStamps()
        var latest: [String: OSVRecord] = [:]
        for record in batch.records {
            if let seen = latest[record.id], Timestamp.isAfter(seen.modified, record.modified) || seen.modified == record.modified { continue }
            latest[record.id] = record
        }
        var changed: [OSVRecord] = []
        for record in latest.values.sorted(by: { $0.id < $1.id }) {
            if let stored = stamps[record.id] {
                guard Timestamp.isAfter(record.modified, stored) else { result.unchanged += 1; continue }
                result.updated += 1
            } else {
                result.added += 1
            }
            if record.withdrawn != nil { result.withdrawn += 1 }
            changed.append(record)
        }
        var offset = 0
        while offset < changed.count {
            try await saveAdvisories(Array(changed[offset..<min(offset + 2_000, changed.count)]))
            offset += 2_000
        }
        if !batch.kev.isEmpty {
            try await replaceKEV(batch.kev, catalogVersion: batch.kevCatalogVersion)
            result.kev = batch.kev.count
        }
        if !batch.epss.isEmpty {
            try await saveEPSS(batch.epss)
            result.epss = batch.epss.count
        }
        return result
    }

    /// Everything stored, indexed for matching.
    public func index() async throws -> AdvisoryIndex {
        AdvisoryIndex(records: try await advisories(), kev: try await kevEntries(), epss: try await epssScores())
    }
}

extension Timestamp {
    /// Whether RFC 3339 stamp `a` is later than `b`; unreadable stamps compare as text.
    static func isAfter(_ a: String, _ b: String) -> Bool {
        if let x = parse(a), let y = parse(b) { return x > y }
        return a > b
    }
}
