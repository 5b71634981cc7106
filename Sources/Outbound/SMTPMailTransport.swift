// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
import BulwarkCore
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail through an SMTP server (RFC 5321): `smtp://host:25` (a local relay, no credentials) or
/// `smtps://user:password@host:465` (implicit TLS, AUTH PLAIN). Credentials are refused over plain SMTP to a
/// remote host, so a password never crosses the network in clear.
public struct SMTPMailTransport: MailTransport {
    public let host: String
    public let port: Int
    public let tls: Bool
    public let username: String?
    public let password: String?

    public struct ConfigurationError: Error, CustomStringConvertible {
        public var description: String
    }

    public init(url text: String) throws {
        guard let url = URLComponents(string: text), let scheme = url.scheme, ["smtp", "smtps"].contains(scheme), let host = url.host, !host.isEmpty
        else {
            throw ConfigurationError(description: "'\(text)' is not an smtp://host:port or smtps://user:password@host:port URL")
        }
        self.host = host
        tls = scheme == "smtps"
        port = url.port ?? (tls ? 465 : 25)
        username = url.user?.removingPercentEncoding
        password = url.password?.removingPercentEncoding
        if username != nil, !tls, !Validation.isLoopback(host: host) {
            throw ConfigurationError(description: "credentials over plain smtp:// to \(host) would travel in clear; use smtps://")
        }
    }

    public struct SMTPError: Error, CustomStringConvertible {
        public var description: String
    }

    public func send(from: String, to recipients: [String], subject: String, body: String) async throws {
        let message = Self.message(from: from, to: recipients, subject: subject, body: body, date: Date())
        let host = self.host
        let tls = self.tls
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if tls {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: host))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var reader = ReplyReader(iterator: inbound.makeAsyncIterator())
            func expect(_ code: Int, after command: String?) async throws -> [String] {
                if let command { try await outbound.write(ByteBuffer(string: command + "\r\n")) }
                let (status, lines) = try await reader.reply()
                guard status == code else {
                    throw SMTPError(
                        description:
                            "SMTP \(command.map { "\($0.split(separator: " ").first ?? "")" } ?? "greeting"): expected \(code), got \(status) \(lines.joined(separator: " "))"
                    )
                }
                return lines
            }
            _ = try await expect(220, after: nil)
            let features = try await expect(250, after: "EHLO bulwark")
            if let username, let password {
                guard features.contains(where: { $0.uppercased().hasPrefix("AUTH") && $0.uppercased().contains("PLAIN") }) else {
                    throw SMTPError(description: "SMTP server does not offer AUTH PLAIN")
                }
                let token = Data("\u{0}\(username)\u{0}\(password)".utf8).base64EncodedString()
                _ = try await expect(235, after: "AUTH PLAIN \(token)")
            }
            _ = try await expect(250, after: "MAIL FROM:<\(from)>")
            for recipient in recipients { _ = try await expect(250, after: "RCPT TO:<\(recipient)>") }
            _ = try await expect(354, after: "DATA")
            _ = try await expect(250, after: message + "\r\n.")
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// The message with headers, the body base64-encoded (any text survives any relay), lines dot-safe.
    static func message(from: String, to: [String], subject: String, body: String, date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encodedSubject = subject.allSatisfy(\.isASCII) ? subject : "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let encodedBody = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        let headers = [
            "From: \(from)", "To: \(to.joined(separator: ", "))", "Subject: \(encodedSubject)", "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@bulwark>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64", "Auto-Submitted: auto-generated",
        ]
        return (headers + ["", encodedBody]).joined(separator: "\r\n")
    }

    /// SMTP replies: lines `NNN-text` continue, `NNN text` ends.
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        mutating func line() async throws -> String {
            while true {
                if let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending = String(pending[range.upperBound...])
                    return line
                }
                guard let buffer = try await iterator.next() else { throw SMTPError(description: "SMTP server closed the connection") }
                pending += String(buffer: buffer)
                if pending.count > 64 * 1024 { throw SMTPError(description: "SMTP reply too long") }
            }
        }

        mutating func reply() async throws -> (Int, [String]) {
            var lines: [String] = []
            while true {
                let text = try await line()
                guard text.count >= 3, let code = Int(text.prefix(3)) else { throw SMTPError(description: "not an SMTP reply: \(text.prefix(100))") }
                lines.append(String(text.dropFirst(4)))
                if text.count == 3 || text[text.index(text.startIndex, offsetBy: 3)] == " " { return (code, lines) }
            }
        }
    }
}
