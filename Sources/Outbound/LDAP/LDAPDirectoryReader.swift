// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Governance
import NIOCore
import NIOPosix
import NIOSSL

/// A small LDAPv3 client (RFC 4511) on SwiftNIO, for directory syncs: connects over `ldap://` (optionally upgraded by
/// StartTLS) or `ldaps://`, checks the server's certificate against the system's roots or the source's CA, binds
/// simply (or anonymously), and reads the whole subtree below the base DN in pages (RFC 2696). A password is never
/// sent in clear to another host. Bounded: 16 MB per message, ``maximumEntries`` per sync, 60 s of silence ends it.
public struct LDAPDirectoryReader: DirectoryReader {
    public var maximumEntries: Int
    public var silence: TimeAmount

    public init(maximumEntries: Int = 1_000_000, silence: TimeAmount = .seconds(60)) {
        self.maximumEntries = maximumEntries
        self.silence = silence
    }

    static let maximumMessage = 16 << 20

    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public func entries(_ connection: DirectoryConnection) async throws -> [DirectoryEntry] {
        guard let endpoint = connection.endpoint else { throw Failure(description: "not an ldap://host or ldaps://host URL") }
        guard !connection.passwordInClear else { throw Failure(description: "the bind password would travel in clear: use ldaps:// or StartTLS") }
        let filter: BER
        do {
            filter = try LDAPFilter.encode(connection.effectiveFilter)
        } catch {
            throw Failure(description: "\(error)")
        }
        let tls = endpoint.tls || connection.startTLS ? try Self.context(connection) : nil
        let hostname = Self.isAddress(endpoint.host) ? nil : endpoint.host
        let silence = self.silence
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: endpoint.host, port: endpoint.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let pipeline = channel.pipeline.syncOperations
                        if endpoint.tls, let tls { try pipeline.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: hostname)) }
                        try pipeline.addHandler(IdleStateHandler(readTimeout: silence))
                        try pipeline.addHandler(SilenceCloser())
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(description: "cannot connect to \(endpoint.host):\(endpoint.port): \(Self.describe(error))")
        }
        let limit = maximumEntries
        return try await channel.executeThenClose { inbound, outbound in
            var session = Session(iterator: inbound.makeAsyncIterator(), outbound: outbound)
            if connection.startTLS, let tls {
                let id = try await session.send(LDAPMessage.extended(LDAPMessage.startTLS))
                let answer = try await session.response(id, "StartTLS")
                let result = try LDAPMessage.result(answer.operation)
                guard result.code == 0 else { throw Failure(description: "StartTLS refused: \(result.summary)") }
                let raw = channel.channel
                try await raw.eventLoop.submit {
                    try raw.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: hostname), position: .first)
                }.get()
            }
            let bindID = try await session.send(LDAPMessage.bind(dn: connection.bindDN, password: connection.bindPassword))
            let bound = try LDAPMessage.result(try await session.response(bindID, "bind").operation)
            guard bound.code == 0 else {
                let who = connection.bindDN.isEmpty ? "anonymously" : "as \(connection.bindDN.prefix(200))"
                throw Failure(description: "bind \(who): \(bound.summary)")
            }
            var entries: [DirectoryEntry] = []
            var cookie: [UInt8] = []
            repeat {
                let search = LDAPMessage.search(base: connection.baseDN, filter: filter, attributes: DirectoryConnection.attributes)
                let id = try await session.send(search, controls: [LDAPMessage.paged(size: connection.pageSize, cookie: cookie)])
                pages: while true {
                    let answer = try await session.response(id, "search")
                    switch answer.operation.tag {
                    case 0x64:
                        entries.append(try LDAPMessage.entry(answer.operation))
                        guard entries.count <= limit else { throw Failure(description: "more than \(limit) entries: narrow base_dn or the filter") }
                    case 0x73:
                        continue  // a referral to another server: a sync reads one directory and does not follow them
                    case 0x65:
                        let result = try LDAPMessage.result(answer.operation)
                        guard result.code == 0 else {
                            let hint = result.code == 4 ? " (the server's size limit for the bind DN, after \(entries.count) entries)" : ""
                            throw Failure(description: "search below \(connection.baseDN.prefix(200)): \(result.summary)\(hint)")
                        }
                        cookie = try LDAPMessage.cookie(answer.controls) ?? []
                        break pages
                    default:
                        throw Failure(description: "unexpected answer to a search (tag \(answer.operation.tag))")
                    }
                }
            } while !cookie.isEmpty
            _ = try? await session.send(LDAPMessage.unbind)
            return entries
        }
    }

    /// The TLS settings: full certificate and host name verification, against the source's CA when it has one.
    static func context(_ connection: DirectoryConnection) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !connection.caCertificate.isEmpty {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(connection.caCertificate.utf8)))
            } catch {
                throw Failure(description: "ca_certificate: not PEM certificates (\(error))")
            }
        }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Network and TLS errors in words: the reason, not the types they travel in.
    static func describe(_ error: any Error) -> String {
        if let error = error as? NIOConnectionError, let first = error.connectionErrors.first {
            return describe(first.error)
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "TLS: the server's certificate is not trusted (give the CA that signs it as ca_certificate)"
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "TLS: the server's certificate is not for this host name"
        }
        if error is NIOSSLError || error is NIOSSLExtraError { return "TLS: \(text.prefix(300))" }
        return text
    }

    /// An IP address is checked against the certificate's IP names, and is not sent as SNI.
    static func isAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }

    /// Messages over the connection: each request numbered, each answer read whole (BER's length says where it ends).
    struct Session {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var buffer: [UInt8] = []
        var nextID = 1

        mutating func send(_ operation: BER, controls: [BER] = []) async throws -> Int {
            let id = nextID
            nextID += 1
            do {
                try await outbound.write(ByteBuffer(bytes: LDAPMessage.envelope(id: id, operation, controls: controls)))
            } catch {
                // The connection is gone (a TLS handshake that failed closes it): the reason is on the inbound side.
                do {
                    _ = try await iterator.next()
                } catch {
                    throw Failure(description: LDAPDirectoryReader.describe(error))
                }
                throw Failure(description: "the server closed the connection")
            }
            return id
        }

        /// The next answer to request `id`; a notice of disconnection (id 0) or another id is an error.
        mutating func response(_ id: Int, _ what: String) async throws -> LDAPMessage.Response {
            while true {
                if let length = try BER.frameLength(buffer[...], limit: LDAPDirectoryReader.maximumMessage) {
                    let message = try LDAPMessage.response(Array(buffer[..<length]))
                    buffer.removeFirst(length)
                    if message.id == 0, message.operation.tag == 0x78 {
                        let result = try? LDAPMessage.result(message.operation)
                        throw Failure(description: "the server ended the session during \(what): \(result?.summary ?? "notice of disconnection")")
                    }
                    guard message.id == id else { throw Failure(description: "an answer to message \(message.id) during \(what)") }
                    return message
                }
                let chunk: ByteBuffer?
                do {
                    chunk = try await iterator.next()
                } catch {
                    throw Failure(description: "\(what): \(LDAPDirectoryReader.describe(error))")
                }
                guard let chunk else { throw Failure(description: "the server closed the connection (or said nothing for a minute) during \(what)") }
                buffer += chunk.readableBytesView
            }
        }
    }

    /// Closes the connection when the server has said nothing for the idle handler's time.
    final class SilenceCloser: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if event is IdleStateHandler.IdleStateEvent {
                context.close(promise: nil)
            } else {
                context.fireUserInboundEventTriggered(event)
            }
        }
    }
}
