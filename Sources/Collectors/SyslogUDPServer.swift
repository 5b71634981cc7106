// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Logging
import Metrics
import Monitoring
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Syslog over UDP (RFC 5426: one message per datagram). UDP cannot push back: when the pipeline's queue is full
/// the datagram is dropped and counted in `bulwark_events_dropped_total{input="syslog-udp"}`.
public struct SyslogUDPServer: Service {
    let endpoint: SyslogSettings.Endpoint
    let pipeline: IngestPipeline
    let normaliser: Normaliser
    let maximumLength: Int
    let logger: Logger
    let onBound: @Sendable (Int) -> Void
    let metrics: InputMetrics

    public init(
        endpoint: SyslogSettings.Endpoint, pipeline: IngestPipeline, normaliser: Normaliser, maximumLength: Int,
        metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger, onBound: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.endpoint = endpoint
        self.pipeline = pipeline
        self.normaliser = normaliser
        self.maximumLength = maximumLength
        self.logger = logger
        self.onBound = onBound
        self.metrics = InputMetrics(input: "syslog-udp", factory: metrics)
    }

    public func run() async throws {
        let channel: NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>
        do {
            channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.so_rcvbuf), value: 8 << 20)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
                .bind(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw CollectorError.bind("syslog-udp \(endpoint.host):\(endpoint.port)", "\(error)")
        }
        let port = channel.channel.localAddress?.port ?? endpoint.port
        logger.info("syslog listening", metadata: ["input": "syslog-udp", "address": "\(endpoint.host):\(port)"])
        onBound(port)
        try? await cancelWhenGracefulShutdown {
            try await channel.executeThenClose { inbound, _ in
                for try await envelope in inbound {
                    metrics.bytes.increment(by: envelope.data.readableBytes)
                    guard let frame = SyslogFramer.Frame.datagram(envelope.data.readableBytesView, maximumLength: maximumLength) else { continue }
                    let event = normaliser.syslog(frame, input: "syslog-udp", received: Date(), peer: envelope.remoteAddress.ipAddress)
                    metrics.received.increment()
                    await pipeline.offer([event], input: "syslog-udp")
                }
            }
        }
        logger.info("syslog listener stopped", metadata: ["input": "syslog-udp"])
    }
}
