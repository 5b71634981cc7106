// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import NIOSSL

/// Where the syslog listeners listen; each is off unless given.
public struct SyslogSettings: Sendable {
    public struct Endpoint: Sendable, Equatable {
        public var host: String
        public var port: Int
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    public struct TLS: Sendable {
        public var endpoint: Endpoint
        public var certificatePath: String
        public var keyPath: String
        public init(endpoint: Endpoint, certificatePath: String, keyPath: String) {
            self.endpoint = endpoint
            self.certificatePath = certificatePath
            self.keyPath = keyPath
        }
    }

    public var udp: Endpoint?
    public var tcp: Endpoint?
    public var tls: TLS?
    /// Longest message kept; longer ones are cut and flagged `bulwark.truncated`.
    public var maximumMessageLength: Int
    /// Connections each TCP/TLS listener holds at once, in all and per sender, and the idle timeout.
    public var connectionLimits = SyslogSettings.defaultConnectionLimits

    /// 1,024 connections, 64 from one address, closed after 10 minutes without a byte (rsyslog and syslog-ng
    /// reconnect when they next have something to send).
    public static let defaultConnectionLimits = ConnectionGate.Limits(total: 1024, perAddress: 64, idleTimeout: .minutes(10))

    public init(udp: Endpoint? = nil, tcp: Endpoint? = nil, tls: TLS? = nil, maximumMessageLength: Int = 64 * 1024) {
        self.udp = udp
        self.tcp = tcp
        self.tls = tls
        self.maximumMessageLength = maximumMessageLength
    }
}

extension SyslogSettings.TLS {
    /// The server context from the PEM certificate chain and key; errors name the file.
    public func makeContext() throws -> NIOSSLContext {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(certificatePath) } catch {
            throw CollectorError.tls("\(certificatePath): not a readable PEM certificate (\(error))")
        }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: keyPath, format: .pem) } catch {
            throw CollectorError.tls("\(keyPath): not a readable PEM private key (\(error))")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw CollectorError.tls("the certificate and key do not make a TLS context (\(error))")
        }
    }
}

public enum CollectorError: Error, CustomStringConvertible {
    case tls(String)
    case bind(String, String)
    public var description: String {
        switch self {
        case .tls(let message): return "syslog TLS: \(message)"
        case .bind(let endpoint, let reason): return "cannot listen on \(endpoint): \(reason)"
        }
    }
}
