// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

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
