// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Foundation
import Logging
import Monitoring
import Storage

/// The stages an event goes through, one by one: framing, normalising (syslog and Windows JSON), query matching,
/// and committing to SQLite. Each benchmark handles 10,000 events per iteration, so throughput in events per second is
/// 10,000 × iterations per second.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
        maxDuration: .seconds(5), maxIterations: 200)
    let received = Date(timeIntervalSince1970: 1_795_924_800)
    let sshd = (0..<10_000).map {
        "<38>Nov 28 22:10:\(String(format: "%02d", $0 % 60)) web-01 sshd[\(2000 + $0)]: Failed password for invalid user u\($0) from 203.0.113.\($0 % 250) port \(40_000 + $0) ssh2"
    }
    let stream = Array(sshd.map { "\($0.utf8.count) \($0)" }.joined().utf8)
    let windows = (0..<10_000).map { index in
        #"{"EventID":4625,"Channel":"Security","Computer":"DC01.corp.example.com","Provider_Name":"Microsoft-Windows-Security-Auditing","TimeCreated_SystemTime":"2026-11-28T22:10:00.123Z","TargetUserName":"user\#(index)","TargetDomainName":"CORP","IpAddress":"10.0.\#(index % 250).7","IpPort":"0","LogonType":3,"Status":"0xc000006d","WorkstationName":"WS\#(index)"}"#
    }
    let normaliser = Normaliser()

    Benchmark("Frame 10k octet-counted syslog messages (64 KiB reads)") { benchmark in
        for _ in benchmark.scaledIterations {
            var framer = SyslogFramer()
            var frames = 0
            var offset = 0
            while offset < stream.count {
                frames += framer.push(stream[offset..<min(offset + 65536, stream.count)]).count
                offset += 65536
            }
            blackHole(frames)
        }
    }
    Benchmark("Normalise 10k sshd syslog lines") { benchmark in
        for _ in benchmark.scaledIterations {
            for line in sshd { blackHole(normaliser.syslog(line, input: "syslog-tcp", received: received)) }
        }
    }
    Benchmark("Normalise 10k Windows 4625 JSON events") { benchmark in
        for _ in benchmark.scaledIterations {
            for line in windows { blackHole(normaliser.line(line, input: "http", received: received)) }
        }
    }
    let events = sshd.map { normaliser.syslog($0, input: "syslog-tcp", received: received) }
    let query = try! QueryParser.parse("process.name:sshd AND event.outcome:failure AND source.ip:203.0.113.*")
    Benchmark("Match a 3-term query against 10k events in memory") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(events.filter { QueryMatcher.matches(query, $0) }.count)
        }
    }
    Benchmark(
        "Commit 10k events to SQLite (one transaction, FTS index)", configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 20)
    ) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-\(UUID().uuidString)").path
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let database = try await Database.open(.sqlite(path: directory + "/bench.sqlite"), logger: logger)
        let store = SQLEventStore(database: database)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { try await store.append(events) }
        benchmark.stopMeasurement()
        await database.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}
