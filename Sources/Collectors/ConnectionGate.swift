// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Metrics
import NIOConcurrencyHelpers
import NIOCore

/// Bounds what unauthenticated clients can hold open on one listener: a cap on its connections, a cap per client
/// address, and (for syslog, which has no request framing to time) an idle timeout. Without them 1,100 idle syslog
/// connections or half-sent HTTP headers used up a 1,024-descriptor process and froze the UI, no sign-in needed.
/// One gate per listener; each connection gets its own ``handler()``. Refusals are counted in
/// `bulwark_connections_refused_total{listener,reason}`.
public final class ConnectionGate: Sendable {
    public struct Limits: Sendable, Equatable {
        /// Connections open at once on the listener.
        public var total: Int
        /// Connections open at once from one client address.
        public var perAddress: Int
        /// A connection that sends nothing for this long is closed (nil: never).
        public var idleTimeout: TimeAmount?

        public init(total: Int, perAddress: Int, idleTimeout: TimeAmount?) {
            self.total = total
            self.perAddress = perAddress
            self.idleTimeout = idleTimeout
        }
    }

    public let listener: String
    public let limits: Limits
    private let state = NIOLockedValueBox<(total: Int, byAddress: [String: Int])>((0, [:]))
    private let refusedTotal: Counter
    private let refusedPerAddress: Counter
    private let closedIdle: Counter
    private let open: Gauge

    public init(listener: String, limits: Limits, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.listener = listener
        self.limits = limits
        let dimensions = [("listener", listener)]
        refusedTotal = Counter(label: "bulwark_connections_refused_total", dimensions: dimensions + [("reason", "listener_full")], factory: metrics)
        refusedPerAddress = Counter(
            label: "bulwark_connections_refused_total", dimensions: dimensions + [("reason", "address_full")], factory: metrics)
        closedIdle = Counter(label: "bulwark_connections_idle_closed_total", dimensions: dimensions, factory: metrics)
        open = Gauge(label: "bulwark_connections_open", dimensions: dimensions, factory: metrics)
    }

    /// Connections open now (for tests and the gauge).
    public var openConnections: Int { state.withLockedValue { $0.total } }

    /// The handler for one new connection; put it first in the connection's pipeline.
    public func handler() -> ConnectionGateHandler { ConnectionGateHandler(gate: self) }

    /// Takes a place for `address`, or says why there is none.
    func admit(_ address: String) -> Bool {
        let outcome: Bool? = state.withLockedValue { state in
            if state.total >= limits.total { return nil }
            if state.byAddress[address, default: 0] >= limits.perAddress { return false }
            state.total += 1
            state.byAddress[address, default: 0] += 1
            return true
        }
        switch outcome {
        case nil: refusedTotal.increment()
        case false?: refusedPerAddress.increment()
        case true?: open.record(openConnections)
        }
        return outcome == true
    }

    func release(_ address: String) {
        state.withLockedValue { state in
            state.total -= 1
            let left = state.byAddress[address, default: 1] - 1
            state.byAddress[address] = left > 0 ? left : nil
        }
        open.record(openConnections)
    }

    func countIdleClose() { closedIdle.increment() }
}

/// One connection's side of a ``ConnectionGate``: closes it at once when there is no place, gives the place back
/// when it ends, and closes it after the gate's idle timeout without reads. Passes everything through untouched.
public final class ConnectionGateHandler: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    public typealias InboundIn = Any
    public typealias InboundOut = Any

    private let gate: ConnectionGate
    private var address: String?
    private var lastRead = NIODeadline.now()
    private var idleCheck: Scheduled<Void>?

    init(gate: ConnectionGate) { self.gate = gate }

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    public func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard address == nil else { return }
        let peer = context.channel.remoteAddress?.ipAddress ?? "unknown"
        guard gate.admit(peer) else {
            context.close(promise: nil)
            return
        }
        address = peer
        scheduleIdleCheck(context)
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        context.fireChannelRead(data)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    public func handlerRemoved(context: ChannelHandlerContext) { finish() }

    private func finish() {
        idleCheck?.cancel()
        idleCheck = nil
        if let address {
            gate.release(address)
            self.address = nil
        }
    }

    private func scheduleIdleCheck(_ context: ChannelHandlerContext) {
        guard let timeout = gate.limits.idleTimeout else { return }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(deadline: lastRead + timeout) {
            let (handler, context) = loopBound.value
            guard handler.address != nil else { return }
            if NIODeadline.now() - handler.lastRead >= timeout {
                handler.gate.countIdleClose()
                context.close(promise: nil)
            } else {
                handler.scheduleIdleCheck(context)
            }
        }
    }
}
