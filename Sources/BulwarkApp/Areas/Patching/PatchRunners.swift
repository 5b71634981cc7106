// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Patching

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a runner's command as a child process, without a shell: the program is looked up in PATH, the job's files
/// are written to a private directory (mode 0700) that is its working directory and is removed afterwards, standard
/// output and error are read together, and at the timeout the program (and its process group) gets SIGTERM, then
/// SIGKILL five seconds later. The child sees only PATH, HOME, LANG, USER, LOGNAME, TMPDIR and SSH_AUTH_SOCK of the
/// server's environment, with the runner's variables and BULWARK_JOB/BULWARK_ASSET: the server's own secrets stay
/// with the server.
struct ProcessRunExecutor: PatchRunExecutor {
    static let inherited = ["PATH", "HOME", "LANG", "LC_ALL", "USER", "LOGNAME", "TMPDIR", "SSH_AUTH_SOCK"]
    /// Output kept while reading (the job keeps the last 64 KiB after masking secrets).
    static let readLimit = 1 << 20

    var baseEnvironment: [String: String] = ProcessInfo.processInfo.environment

    func run(_ request: PatchRunRequest) async -> PatchRunOutcome {
        let files = FileManager.default
        let directory = files.temporaryDirectory.appendingPathComponent("bulwark-patch-\(UUID().uuidString)")
        do {
            try files.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            return PatchRunOutcome(exitStatus: 126, output: "bulwark: cannot make a private directory for the run: \(error)\n")
        }
        defer { try? files.removeItem(at: directory) }
        var values = request.values
        for file in request.files {
            let url = directory.appendingPathComponent(file.name)
            guard
                files.createFile(
                    atPath: url.path, contents: Data(file.contents.utf8), attributes: [.posixPermissions: file.executable ? 0o700 : 0o600])
            else { return PatchRunOutcome(exitStatus: 126, output: "bulwark: cannot write \(file.name) for the run\n") }
            values[file.placeholder] = url.path
        }
        let arguments: [String]
        do { arguments = try request.runner.arguments(values) } catch {
            return PatchRunOutcome(exitStatus: 2, output: "bulwark: \(error.message)\n")
        }
        var environment = baseEnvironment.filter { Self.inherited.contains($0.key) }
        environment.merge(request.runner.environment) { _, new in new }
        environment.merge(request.environment) { _, new in new }
        guard let program = Self.locate(arguments[0], path: environment["PATH"] ?? "/usr/bin:/bin") else {
            return PatchRunOutcome(exitStatus: 127, output: "bulwark: \(arguments[0]): not found in PATH\n")
        }
        return await execute(
            program: program, arguments: Array(arguments.dropFirst()), environment: environment, in: directory,
            timeout: request.runner.timeout)
    }

    /// The program's path: as given when it holds a `/`, else the first executable of that name in `path`.
    static func locate(_ program: String, path: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private func execute(program: String, arguments: [String], environment: [String: String], in directory: URL, timeout: TimeInterval) async
        -> PatchRunOutcome
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = OutputBuffer(limit: Self.readLimit)
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        do { try process.run() } catch {
            return PatchRunOutcome(exitStatus: 126, output: "bulwark: \(program) cannot start: \(error)\n")
        }
        let reader = pipe.fileHandleForReading
        let drained = ExitSignal()
        DispatchQueue.global().async {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                output.append(chunk)
            }
            drained.fire()
        }
        // Closes the parent's copy of the write end, so that the reader sees the end when the child's copies close.
        try? pipe.fileHandleForWriting.close()
        let pid = process.processIdentifier
        let timedOut = await exited.wait(timeout: timeout) == false
        if timedOut {
            Self.signal(pid, SIGTERM)
            if await exited.wait(timeout: 5) == false { Self.signal(pid, SIGKILL) }
            _ = await exited.wait(timeout: 5)
        }
        // A grandchild may hold the pipe open after the program ended: read what came, then stop waiting.
        _ = await drained.wait(timeout: 5)
        let status: Int
        if process.isRunning {
            status = 137
        } else {
            status = process.terminationReason == .uncaughtSignal ? 128 + Int(process.terminationStatus) : Int(process.terminationStatus)
        }
        return PatchRunOutcome(exitStatus: timedOut && status == 0 ? 124 : status, output: output.text, timedOut: timedOut)
    }

    /// The process group when the child leads one, else the child alone.
    private static func signal(_ pid: Int32, _ signal: Int32) {
        if getpgid(pid) == pid { kill(-pid, signal) } else { kill(pid, signal) }
    }
}

/// Bytes read from a child, the last `limit` kept.
private final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let limit: Int

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        data.append(chunk)
        if data.count > limit { data = data.suffix(limit) }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A one-time signal that can be waited for with a timeout (by polling: a run lasts minutes, a tenth of a second
/// of delay does not matter, and no continuation can be left waiting).
private final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false

    func fire() {
        lock.lock()
        fired = true
        lock.unlock()
    }

    private var hasFired: Bool {
        lock.lock()
        defer { lock.unlock() }
        return fired
    }

    /// True when it fired within `timeout` seconds.
    func wait(timeout: TimeInterval) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !hasFired {
            guard Date() < deadline, !Task.isCancelled else { return hasFired }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
