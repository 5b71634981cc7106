import Foundation
import Monitoring
import Prometheus
import Web

/// The OpenAPI document, produced by building the real router over a throwaway database.
enum OpenAPIPrinter {
    static func document() async throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-openapi-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let platform = try await Platform.open(StorageSettings(dataDirectory: directory), logger: cliLogger())
        let built = buildRouter(WebServices(auth: platform.auth, inventory: platform.inventory,
                                            monitoring: platform.monitoring(MonitoringSettings(), logger: cliLogger()), alerts: platform.alerts,
                                            detection: platform.detection(.init(), logger: cliLogger()), vulnerabilities: platform.vulnerabilities, cases: platform.cases, metrics: PrometheusCollectorRegistry(),
                                            ready: { true }, version: bulwarkVersion))
        await platform.close()
        return OpenAPIDocument.json(built.catalog.operations, version: bulwarkVersion)
    }
}
