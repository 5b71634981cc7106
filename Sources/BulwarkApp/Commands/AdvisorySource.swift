import Foundation
import Vulnerabilities

/// Where `vuln scan --db` reads advisories: files (OSV, KEV, EPSS) or a Bulwark data directory.
enum AdvisorySource {
    static func load(paths: [String]) async throws -> AdvisoryIndex {
        var batch = AdvisoryBatch()
        for path in paths {
            if DataDirectoryAdvisories.isDataDirectory(path) {
                batch.merge(try await DataDirectoryAdvisories.read(path))
            } else {
                batch.merge(AdvisoryImport.read(path: path))
            }
        }
        for rejected in batch.rejected.prefix(20) { printError("\(rejected.place): \(rejected.reason)") }
        if batch.rejected.count > 20 { printError("… and \(batch.rejected.count - 20) more advisory records left out") }
        if batch.records.isEmpty { throw InputError("--db: no OSV records found in \(paths.joined(separator: ", "))") }
        return AdvisoryIndex(records: batch.records, kev: batch.kev, epss: batch.epss)
    }
}
