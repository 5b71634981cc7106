// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Collectors
import NIOCore
import NIOPosix

/// Tries every address the server will listen on before anything else starts (before `demo` fills its directory,
/// before the database opens), so that a port in use is one clear line naming the address and its flag, not a bind
/// failure after the services have started and been cancelled.
enum ListenCheck {
    struct Address {
        var flag: String
        var host: String
        var port: Int
        var udp = false
    }

    static func addresses(_ settings: ServerSettings) -> [Address] {
        var addresses = [Address(flag: "--http", host: settings.foundation.host, port: settings.foundation.port)]
        let syslog = settings.monitoring.syslog
        if let udp = syslog.udp { addresses.append(Address(flag: "--syslog-udp", host: udp.host, port: udp.port, udp: true)) }
        if let tcp = syslog.tcp { addresses.append(Address(flag: "--syslog-tcp", host: tcp.host, port: tcp.port)) }
        if let tls = syslog.tls { addresses.append(Address(flag: "--syslog-tls", host: tls.endpoint.host, port: tls.endpoint.port)) }
        return addresses
    }

    /// Binds and closes each address (port 0 means any free port and needs no check); throws an `InputError` for the first
    /// that cannot be had.
    static func check(_ settings: ServerSettings) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        for address in addresses(settings) where address.port != 0 {
            do {
                let channel: any Channel
                if address.udp {
                    channel = try await DatagramBootstrap(group: group).bind(host: address.host, port: address.port).get()
                } else {
                    channel = try await ServerBootstrap(group: group).serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                        .bind(host: address.host, port: address.port).get()
                }
                try? await channel.close()
            } catch let error as IOError where error.errnoCode == EADDRINUSE {
                throw InputError(
                    "\(address.flag) \(address.host):\(address.port): the address is in use (is Bulwark or another server already running there?); "
                        + "stop it or choose another with \(address.flag)")
            } catch let error as IOError where error.errnoCode == EACCES {
                throw InputError(
                    "\(address.flag) \(address.host):\(address.port): not allowed to listen there (ports below 1024 need privileges); "
                        + "choose another with \(address.flag)"
                )
            } catch {
                throw InputError(
                    "\(address.flag) \(address.host):\(address.port): cannot listen there (\(error)); choose another with \(address.flag)")
            }
        }
    }
}
