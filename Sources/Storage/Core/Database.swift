// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// The one handle on the database: pooled connections, transactions, and the dialect for the few places that differ.
public final class Database: Sendable {
    public enum Dialect: String, Sendable { case sqlite, postgres }

    public let dialect: Dialect
    public let location: DatabaseLocation
    private let pool: any ConnectionProvider
    /// Serialises SQLite writers; PostgreSQL needs none.
    private let writeLock: AsyncLock?
    /// SQLite calls block a thread (up to busy_timeout while another process writes); they get threads of their own
    /// so that waiting writers cannot starve the one that would commit.
    private let threadPool: NIOThreadPool?

    private init(dialect: Dialect, location: DatabaseLocation, pool: any ConnectionProvider, threadPool: NIOThreadPool? = nil) {
        self.dialect = dialect
        self.location = location
        self.pool = pool
        self.writeLock = dialect == .sqlite ? AsyncLock() : nil
        self.threadPool = threadPool
    }

    /// Opens (creating an SQLite file and its directory if needed) and, unless told not to, migrates the database.
    public static func open(_ location: DatabaseLocation, migrate: Bool = true, logger: Logger) async throws -> Database {
        let database: Database
        switch location {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            }
            let threads = NIOThreadPool(numberOfThreads: 6)
            threads.start()
            let source = SQLitePragmaSource(inner: SQLiteConnectionSource(configuration: .init(storage: .file(path: path)), threadPool: threads))
            let pool = EventLoopGroupConnectionPool(
                source: source, maxConnectionsPerEventLoop: 3, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton)
            database = Database(dialect: .sqlite, location: location, pool: PoolProvider(pool: pool) { $0.sql() }, threadPool: threads)
            // WAL lets readers run beside the writer; it is a property of the file, so set it once.
            do {
                try await retryingWhileBusy { try await database.read { try await $0.raw("PRAGMA journal_mode=WAL").run() } }
            } catch {
                await database.close()
                throw error
            }
            try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: configuration),
                maxConnectionsPerEventLoop: 4, logger: logger,
                on: MultiThreadedEventLoopGroup.singleton)
            database = Database(dialect: .postgres, location: location, pool: PoolProvider(pool: pool) { $0.sql() })
        }
        guard migrate else { return database }
        do {
            try await retryingWhileBusy { try await Migrator(database: database, logger: logger).migrate() }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Runs `body` again while SQLite answers `busy`, for up to a minute. SQLite says so when another process holds
    /// the write lock past the busy timeout (several nodes migrating one file on a loaded machine) or while a closing
    /// connection checkpoints; a start then waits instead of failing. Migrations may be retried: each checks, in its
    /// own transaction, whether it has run.
    static func retryingWhileBusy<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(60)
        var pause = Duration.milliseconds(50)
        while true {
            do {
                return try await body()
            } catch let error as SQLiteError where error.reason == .busy && ContinuousClock.now < deadline {
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(1))
            }
        }
    }

    /// Runs `body` on one connection, for reads.
    public func read<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withConnection(body)
    }

    /// Runs `body` in one transaction: it commits when `body` returns, and rolls back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let writeLock { await writeLock.lock() }
        do {
            let result = try await pool.withConnection { db in
                // IMMEDIATE takes SQLite's write lock at once, so a reader cannot deadlock an upgrade.
                try await db.raw(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
                do {
                    let value = try await body(db)
                    try await db.raw("COMMIT").run()
                    return value
                } catch {
                    try? await db.raw("ROLLBACK").run()
                    throw error
                }
            }
            if let writeLock { await writeLock.unlock() }
            return result
        } catch {
            if let writeLock { await writeLock.unlock() }
            throw error
        }
    }

    /// Whether a trivial query answers: the readiness probe.
    public func ping() async -> Bool {
        (try? await read { try await $0.raw("SELECT 1 AS one").first() != nil }) ?? false
    }

    /// The bytes the database takes: SQLite's pages in use, PostgreSQL's `pg_database_size`.
    public func size() async throws -> Int64 {
        try await read { db in
            switch dialect {
            case .sqlite:
                let row = try await db.raw(
                    "SELECT (SELECT page_count FROM pragma_page_count()) * (SELECT page_size FROM pragma_page_size()) AS bytes"
                ).first()
                return Int64(try row?.decode(column: "bytes", as: Int.self) ?? 0)
            case .postgres:
                let row = try await db.raw("SELECT pg_database_size(current_database())::bigint AS bytes").first()
                return Int64(try row?.decode(column: "bytes", as: Int.self) ?? 0)
            }
        }
    }

    /// Closes every connection; call once, at shutdown, after the last query.
    public func close() async {
        try? await pool.shutdown()
        try? await threadPool?.shutdownGracefully()
    }
}

/// A pool of connections of any driver, seen as SQLKit databases.
protocol ConnectionProvider: Sendable {
    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async throws
}

final class PoolProvider<Source: ConnectionPoolSource>: ConnectionProvider, @unchecked Sendable {
    // The pool guards its own state with locks; it predates Sendable annotations.
    let pool: EventLoopGroupConnectionPool<Source>
    let toSQL: @Sendable (Source.Connection) -> any SQLDatabase

    init(pool: EventLoopGroupConnectionPool<Source>, toSQL: @escaping @Sendable (Source.Connection) -> any SQLDatabase) {
        self.pool = pool
        self.toSQL = toSQL
    }

    func withConnection<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await pool.requestConnection().get()
        defer { pool.releaseConnection(connection) }
        return try await body(toSQL(connection))
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }
}

/// Opens SQLite connections with the settings every connection needs.
struct SQLitePragmaSource: ConnectionPoolSource {
    let inner: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        inner.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            // FULL: a committed transaction survives power loss, not only a crash.
            connection.query("PRAGMA busy_timeout = 10000")
                .flatMap { _ in connection.query("PRAGMA synchronous = FULL") }
                // 16 MiB of page cache per connection (the default is 2 MiB): inserts touch many index pages.
                .flatMap { _ in connection.query("PRAGMA cache_size = -16384") }
                .flatMap { _ in connection.install(customFunction: SQLiteDeadline.function) }
                .map { _ in connection }
        }
    }
}
