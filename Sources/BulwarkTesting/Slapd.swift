// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A throwaway OpenLDAP server (Debian's `slapd`, `scripts/install-test-deps` installs it) in a scratch directory:
/// `ldap://127.0.0.1:PORT` (StartTLS offered) and `ldaps://127.0.0.1:TLSPORT`, with a certificate made for the run
/// by `openssl`. The entries are loaded with `slapadd` before it starts; ``modify(_:)`` changes them live with
/// `ldapmodify`, as an administrator would.
public final class Slapd: Sendable {
    public static let suffix = "dc=example,dc=test"
    public static let root = "cn=admin,dc=example,dc=test"
    public static let rootPassword = "root-secret"

    public let directory: URL
    public let port: Int
    public let tlsPort: Int
    /// The server certificate (self-signed, for 127.0.0.1 and localhost): the CA a client must trust.
    public let certificate: String
    /// The server's process id, once started.
    public let pid: pid_t

    public var url: String { "ldap://127.0.0.1:\(port)" }
    public var tlsURL: String { "ldaps://127.0.0.1:\(tlsPort)" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `extraConfiguration` goes into the database section (`limits …`); `entries` is LDIF below ``suffix``.
    public init(entries: String, extraConfiguration: String = "") throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/slapd") else {
            throw Failure(description: "slapd is not installed: run scripts/install-test-deps (Debian's slapd and ldap-utils)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-slapd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        port = try Self.freePort()
        tlsPort = try Self.freePort()
        let path = directory.path
        try Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(path)/key.pem", "-out", "\(path)/cert.pem", "-days", "2", "-subj",
                "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ])
        certificate = try String(contentsOfFile: "\(path)/cert.pem", encoding: .utf8)
        let configuration = """
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            include /etc/ldap/schema/nis.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile \(path)/slapd.pid
            TLSCertificateFile \(path)/cert.pem
            TLSCertificateKeyFile \(path)/key.pem
            database mdb
            suffix "\(Self.suffix)"
            rootdn "\(Self.root)"
            rootpw \(Self.rootPassword)
            directory \(path)/db
            \(extraConfiguration)

            """
        try configuration.write(toFile: "\(path)/slapd.conf", atomically: true, encoding: .utf8)
        let base = """
            dn: \(Self.suffix)
            objectClass: dcObject
            objectClass: organization
            o: Example
            dc: example

            """
        try (base + "\n" + entries).write(toFile: "\(path)/entries.ldif", atomically: true, encoding: .utf8)
        try Self.run("/usr/sbin/slapadd", ["-q", "-f", "\(path)/slapd.conf", "-l", "\(path)/entries.ldif"])
        // In the foreground (-d 0: no debugging output), so that it is this process's child and ends with stop().
        let listeners = "ldap://127.0.0.1:\(port)/ ldaps://127.0.0.1:\(tlsPort)/"
        pid = try Self.spawn("/usr/sbin/slapd", ["-d", "0", "-f", "\(path)/slapd.conf", "-h", listeners], log: "\(path)/slapd.log")
        do {
            try waitUntilListening()
        } catch {
            stop()
            throw error
        }
    }

    /// Applies an LDIF change file (`changetype: delete`, `modify`) as the directory's administrator.
    public func modify(_ changes: String) throws {
        let file = directory.appendingPathComponent("change-\(UUID().uuidString).ldif").path
        try changes.write(toFile: file, atomically: true, encoding: .utf8)
        try Self.run("/usr/bin/ldapmodify", ["-x", "-H", url, "-D", Self.root, "-w", Self.rootPassword, "-f", file])
    }

    public func stop() {
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 where waitpid(pid, &status, WNOHANG) == 0 { usleep(50_000) }
        if kill(pid, 0) == 0 {
            kill(pid, SIGKILL)
            _ = Self.wait(pid)
        }
        try? FileManager.default.removeItem(at: directory)
    }

    func waitUntilListening() throws {
        for _ in 0..<100 {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(socket)
            if connected == 0 { return }
            usleep(50_000)
        }
        throw Failure(description: "slapd did not start listening on \(port)")
    }

    /// A port nobody listens on: bound to 0, read, released.
    public static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(socket, pointer, length) == 0 else { return -1 }
                return getsockname(socket, pointer, &length)
            }
        }
        guard bound == 0 else { throw Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a tool to its end; its output goes to a log that a failure quotes.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-slapd-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let status = wait(try spawn(tool, arguments, log: log))
        guard status == 0 else {
            let message = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure(description: "\(tool) failed (\(status)): \(message.prefix(2000))")
        }
    }

    /// posix_spawn, stdin from /dev/null and both outputs into `log`. (Foundation's Process is not used: its wait
    /// never returned here for a server it had to stop.)
    static func spawn(_ tool: String, _ arguments: [String], log: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test process blocks or ignores signals of its own (SIGTERM among them); the child starts with none.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let result = posix_spawn(&pid, tool, &actions, &attributes, argv, environ)
        guard result == 0 else { throw Failure(description: "\(tool) cannot be started: \(String(cString: strerror(result)))") }
        return pid
    }

    /// Waits for a child; its exit code, or 128 + the signal that ended it.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }
}
