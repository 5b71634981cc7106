// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Benchmark
import Detection
import Foundation
import Monitoring

/// The Sigma engine alone, on real data (`../shared/data`, or BULWARK_SHARED_DATA): loading and compiling SigmaHQ's
/// Windows rules, and evaluating the 8,255 events of EVTX-ATTACK-SAMPLES against them (events parsed beforehand, so
/// the figure is the engine's: index lookup, literal prefilter, rule evaluation, correlation state).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one,
        maxDuration: .seconds(20), maxIterations: 50)
    let shared = ProcessInfo.processInfo.environment["BULWARK_SHARED_DATA"] ?? "../../shared/data"
    let rulesPath = shared + "/sigma/rules/windows"
    let eventsPath = shared + "/events/evtx-attack-samples.jsonl.gz"

    Benchmark("Load and compile SigmaHQ's Windows rules", configuration: .init(metrics: [.wallClock], maxIterations: 5)) { benchmark in
        for _ in benchmark.scaledIterations {
            let loaded = SigmaLoader.load(paths: [rulesPath])
            blackHole(SigmaEngine(rules: loaded.rules).ruleCount)
        }
    }

    let engine = SigmaEngine(rules: SigmaLoader.load(paths: [rulesPath]).rules)
    var events: [DetectionEvent] = []
    let semaphore = DispatchSemaphore(value: 0)
    let box = UnsafeEvents()
    Task {
        try? await EventFileReader(path: eventsPath).read { lines, _ in
            for line in lines {
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.text.utf8)) as? [String: Any] else { continue }
                var fields: [String: FieldValue] = [:]
                JSONFlattener.flatten(object, into: &fields)
                box.events.append(DetectionEvent(fields: fields, time: Date(timeIntervalSince1970: Double(box.events.count))))
            }
        }
        semaphore.signal()
    }
    semaphore.wait()
    events = box.events

    Benchmark("Evaluate the 8,255 attack-sample events against SigmaHQ's Windows rules") { benchmark in
        for _ in benchmark.scaledIterations {
            var matches = 0
            for (index, event) in events.enumerated() { matches += engine.evaluate(event, reference: Int64(index)).count }
            blackHole(matches)
        }
    }
}

final class UnsafeEvents: @unchecked Sendable {
    var events: [DetectionEvent] = []
}
