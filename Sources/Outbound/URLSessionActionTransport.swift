// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import BulwarkCore
import Incidents

/// Response actions' HTTP calls through Foundation's URLSession, with the action's timeout.
public struct URLSessionActionTransport: ResponseActionTransport {
    public init() {}

    public func send(_ action: ResponseActionRequest) async throws -> (status: Int, body: String) {
        guard let url = URL(string: action.url) else { throw URLError(.badURL) }
        var request = URLRequest(url: url, timeoutInterval: action.timeout)
        request.httpMethod = action.method
        for (name, value) in action.headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body = action.body { request.httpBody = Data(body.utf8) }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = action.timeout
        configuration.timeoutIntervalForResource = action.timeout
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data.prefix(65536), as: UTF8.self))
        } catch let error as URLError where error.code == .timedOut {
            throw ActionTimeout(seconds: action.timeout)
        }
    }
}

struct ActionTimeout: Error, CustomStringConvertible {
    var seconds: TimeInterval
    var description: String { "no answer within \(Int(seconds)) s (timed out)" }
}
