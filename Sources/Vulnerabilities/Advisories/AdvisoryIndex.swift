/// Advisories indexed by package for matching: ecosystem + normalised name → the affected entries that name it,
/// with their ranges compiled once. Withdrawn records are left out. Built from records; immutable.
public struct AdvisoryIndex: Sendable {
    public struct Entry: Sendable {
        public let recordID: String
        /// The ecosystem exactly as the record names it (`Debian:12`).
        public let ecosystem: String
        public let ranges: AffectedRanges
    }

    let entries: [String: [Entry]]
    public let records: [String: OSVRecord]
    /// Any id or alias → the ids of the records that carry it (a CVE may be carried by several records).
    public let aliases: [String: [String]]
    public let kev: [String: KEVEntry]
    public let epss: [String: EPSSScore]

    public init(records: [OSVRecord], kev: [KEVEntry] = [], epss: [EPSSScore] = []) {
        var entries: [String: [Entry]] = [:]
        var byID: [String: OSVRecord] = [:]
        var aliases: [String: [String]] = [:]
        for record in records {
            byID[record.id] = record
            for name in Set([record.id] + (record.aliases ?? [])) { aliases[name, default: []].append(record.id) }
            guard record.withdrawn == nil else { continue }
            for affected in record.affected ?? [] {
                guard let package = affected.package, let scheme = Ecosystem.scheme(package.ecosystem) else { continue }
                let ranges = AffectedRanges(affected, scheme: scheme)
                guard ranges.isEvaluable else { continue }
                entries[Self.key(ecosystem: package.ecosystem, name: package.name), default: []]
                    .append(Entry(recordID: record.id, ecosystem: package.ecosystem, ranges: ranges))
            }
        }
        self.entries = entries
        self.records = byID
        self.aliases = aliases
        self.kev = Dictionary(kev.map { ($0.cve, $0) }, uniquingKeysWith: { _, b in b })
        self.epss = Dictionary(epss.map { ($0.cve, $0) }, uniquingKeysWith: { _, b in b })
    }

    static func key(ecosystem: String, name: String) -> String {
        Ecosystem.base(ecosystem) + "\u{1}" + Ecosystem.normalizedName(name, ecosystem: ecosystem)
    }

    public var affectedEntryCount: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// The records that affect a package version. An ecosystem with a release (`Debian:12`) matches only entries
    /// of that release; one without a release matches entries of every release.
    public func matches(ecosystem: String, name: String, version: String) -> [String] {
        guard let candidates = entries[Self.key(ecosystem: ecosystem, name: name)],
              let scheme = Ecosystem.scheme(ecosystem) else { return [] }
        let release = Ecosystem.release(ecosystem)
        let key = try? scheme.key(version)
        var found: [String] = []
        for entry in candidates {
            if let release, let entryRelease = Ecosystem.release(entry.ecosystem), entryRelease != release { continue }
            if found.last == entry.recordID { continue }
            if entry.ranges.affects(version, key: key) && !found.contains(entry.recordID) { found.append(entry.recordID) }
        }
        return found
    }
}
