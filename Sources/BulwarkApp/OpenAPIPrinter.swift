import Foundation
import Web

/// The OpenAPI document, produced by assembling the real platform over a throwaway database.
enum OpenAPIPrinter {
    static func document() async throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-openapi-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let platform = try await Platform.assemble(ServerSettings(storage: StorageSettings(dataDirectory: directory)), logger: cliLogger())
        let built = buildRouter(webServices(platform))
        await platform.close()
        return OpenAPIDocument.json(built.catalog, version: bulwarkVersion)
    }
}
