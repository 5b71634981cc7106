// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Metrics
import Monitoring
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// Syslog over TCP (RFC 6587, either framing) and over TLS (RFC 5425). Each connection is read, framed and
/// normalised on its own task; events go to the pipeline with ``IngestPipeline/enqueue(_:)``, which waits while the
/// queue is full, and while it waits the connection is not read: back-pressure reaches the sender through TCP.
public struct SyslogTCPServer: Service {
    let endpoint: SyslogSettings.Endpoint
    let tls: NIOSSLContext?
    let pipeline: IngestPipeline
    let normaliser: Normaliser
    let maximumLength: Int
    let logger: Logger
    let onBound: @Sendable (Int) -> Void
    let input: String
    let metrics: InputMetrics
    let gate: ConnectionGate

    /// `limits`: connections at once (in all and per sender address) and the idle timeout; see ``ConnectionGate``.
    public init(
        endpoint: SyslogSettings.Endpoint, tls: NIOSSLContext? = nil, pipeline: IngestPipeline, normaliser: Normaliser,
        maximumLength: Int, limits: ConnectionGate.Limits = SyslogSettings.defaultConnectionLimits,
        metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger, onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.endpoint = endpoint
        self.tls = tls
        self.pipeline = pipeline
        self.normaliser = normaliser
        self.maximumLength = maximumLength
        self.logger = logger
        self.onBound = onBound
        self.input = tls == nil ? "syslog-tcp" : "syslog-tls"
        self.metrics = InputMetrics(input: input, factory: metrics)
        self.gate = ConnectionGate(listener: input, limits: limits, metrics: metrics)
    }

    public func run() async throws {
        let tls = self.tls
        let gate = self.gate
        let server: NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, Never>, Never>
        do {
            server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.so_keepalive), value: 1)
                .bind(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(gate.handler())
                        if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                        return try NIOAsyncChannel<ByteBuffer, Never>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(backPressureStrategy: .init(lowWatermark: 2, highWatermark: 8)))
                    }
                }
        } catch {
            throw CollectorError.bind("\(input) \(endpoint.host):\(endpoint.port)", "\(error)")
        }
        let port = server.channel.localAddress?.port ?? endpoint.port
        logger.info("syslog listening", metadata: ["input": "\(input)", "address": "\(endpoint.host):\(port)"])
        onBound(port)
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await handle(connection) }
                    }
                }
            }
        }
        logger.info("syslog listener stopped", metadata: ["input": "\(input)"])
    }

    private func handle(_ connection: NIOAsyncChannel<ByteBuffer, Never>) async {
        let peer = connection.channel.remoteAddress?.ipAddress
        var framer = SyslogFramer(maximumLength: maximumLength)
        do {
            try await connection.executeThenClose { inbound, _ in
                for try await buffer in inbound {
                    metrics.bytes.increment(by: buffer.readableBytes)
                    let frames = framer.push(buffer.readableBytesView)
                    if !frames.isEmpty { await submit(frames, peer: peer) }
                }
            }
        } catch {
            logger.debug("syslog connection ended", metadata: ["peer": "\(peer ?? "?")", "error": "\(error)"])
        }
        if let last = framer.finish() { await submit([last], peer: peer) }
    }

    private func submit(_ frames: [SyslogFramer.Frame], peer: String?) async {
        let received = Date()
        let events = frames.map { normaliser.syslog($0, input: input, received: received, peer: peer) }
        metrics.received.increment(by: events.count)
        await pipeline.enqueue(events)
    }
}
