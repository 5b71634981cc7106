// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Web

/// One area of Bulwark as the composition root assembles it. An area is built by its `init` from its settings and
/// the areas it uses, which are passed in (nothing is connected after construction); ``Platform`` lists the areas in
/// that order and iterates over them for the server's jobs and the demo.
protocol AreaModule: Sendable {
    /// The area's long-running jobs in the server, started in list order and stopped in reverse.
    func services(_ context: ServiceContext) throws -> [any Service]
    /// Loads the area's demo data into a fresh data directory; areas load in list order, so a later area finds the
    /// data of the earlier ones (detection finds the demo's events, cases find the alerts).
    func loadDemo(_ demo: DemoContext) async throws
    /// The area's registrars in Web: its API operations, pages, schemas and dashboard cards.
    var web: [any WebArea] { get }
}

extension AreaModule {
    func services(_ context: ServiceContext) throws -> [any Service] { [] }
    func loadDemo(_ demo: DemoContext) async throws {}
}

/// What the server gives the areas' jobs.
struct ServiceContext: Sendable {
    var metrics: any MetricsFactory
    var logger: Logger
    /// Told the port each syslog listener bound (tests listen on port 0).
    var onSyslogBound: @Sendable (String, Int) -> Void = { _, _ in }
}

/// What the demo loaders share: the time the demo is set at, the data directory, a quiet logger.
struct DemoContext: Sendable {
    var now: Date
    var dataDirectory: String
    var logger: Logger
}

/// A background job of an area that repeats on an interval until shutdown: a pass answers what to log, or nil when
/// it did nothing; a failed pass is logged and the next one runs on time.
struct BackgroundPass: Service {
    let name: String
    let interval: TimeInterval
    let logger: Logger
    let pass: @Sendable () async throws -> Logger.Metadata?

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if let metadata = try await pass() { logger.notice("\(name)", metadata: metadata) }
                } catch {
                    logger.warning("\(name) failed", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
        }
    }
}
