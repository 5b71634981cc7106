// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Inventory
import Monitoring
import Vulnerabilities

/// One reader of untrusted input, driven with arbitrary bytes. Besides "does not crash", each checks what must hold
/// whatever the input: bounds that protect the server (counts before decoding never below what decoding makes,
/// inflated sizes within their limits).
struct FuzzTarget: Sendable {
    let run: @Sendable ([UInt8]) -> Void

    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let normaliser = Normaliser()

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static let all: [String: FuzzTarget] = [
        // Syslog: framing across arbitrary chunk boundaries (the first byte sets the chunk size), then parse and normalise.
        "syslog": FuzzTarget { bytes in
            guard let first = bytes.first else { return }
            var framer = SyslogFramer(maximumLength: 2048)
            let step = Int(first % 64) + 1
            var frames: [SyslogFramer.Frame] = []
            for start in stride(from: 1, to: bytes.count, by: step) { frames += framer.push(bytes[start..<min(start + step, bytes.count)]) }
            if let last = framer.finish() { frames.append(last) }
            for frame in frames {
                if frame.bytes.count > 2048 { fatalError("a frame is longer than the maximum length") }
                _ = normaliser.syslog(frame, input: "fuzz", received: now, peer: "192.0.2.1")
            }
            _ = SyslogMessage.parse(text(bytes), reference: now).fields()
        },
        // A log line through every message parser.
        "normaliser": FuzzTarget { bytes in _ = normaliser.line(text(bytes), input: "fuzz", received: now) },
        // Bulwark's ingest body: the count taken before decoding must never be below the events decoded.
        "ingest": FuzzTarget { bytes in
            let counted = IngestBodyCount.jsonArrayOrLines(bytes)
            guard let decoded = try? IngestDecoder(normaliser: normaliser).decode(bytes, input: "fuzz", received: now) else { return }
            if decoded.events.count > counted { fatalError("counted \(counted) events, decoded \(decoded.events.count)") }
        },
        "bulk": FuzzTarget { bytes in
            let counted = (IngestBodyCount.lines(bytes) + 1) / 2
            guard let decoded = try? ElasticBulkDecoder(normaliser: normaliser).decode(bytes, defaultIndex: "fuzz", received: now, newID: { "id" })
            else { return }
            if decoded.events.count > counted { fatalError("counted \(counted) items, decoded \(decoded.events.count) events") }
        },
        "hec": FuzzTarget { bytes in
            let counted = IngestBodyCount.concatenatedObjects(bytes)
            let decoded = SplunkHECDecoder(normaliser: normaliser).decodeEvents(bytes, received: now)
            if decoded.events.count > counted { fatalError("counted \(counted) events, decoded \(decoded.events.count)") }
            _ = SplunkHECDecoder(normaliser: normaliser).decodeRaw(bytes, metadata: ["host": "h"], received: now)
        },
        // The search language.
        "query": FuzzTarget { bytes in
            guard let node = try? QueryParser.parse(text(bytes), now: now) else { return }
            let event = normaliser.line("Failed password for root from 192.0.2.1 port 22 ssh2", input: "fuzz", received: now)
            _ = QueryMatcher.matches(node, event)
        },
        // Sigma rules: YAML (aliases refused before composing), then compilation.
        "sigma": FuzzTarget { bytes in
            for outcome in SigmaYAML.parse(text(bytes), path: "fuzz.yml") {
                if case .rule(let rule) = outcome { _ = try? SigmaCompiler().compile(rule) }
            }
        },
        "yaml": FuzzTarget { bytes in _ = try? YAMLGuard.check(text(bytes), maximumNodes: 10_000) },
        // Inventory CSV (assets and people): the column bound holds whatever the header.
        "csv": FuzzTarget { bytes in
            let csv = text(bytes)
            _ = InventoryImport.assets(csv: csv, now: now)
            _ = InventoryImport.people(csv: csv, now: now)
            if let records = try? CSV.parse(csv, maximumFields: 64), records.contains(where: { $0.fields.count > 64 }) {
                fatalError("a record has more fields than the bound")
            }
        },
        // Every inventory format; the first byte picks it.
        "inventory": FuzzTarget { bytes in
            guard let first = bytes.first else { return }
            let formats = InventoryFormat.allCases
            _ = try? InventoryParser.parse(bytes: Array(bytes.dropFirst()), name: "fuzz", format: formats[Int(first) % formats.count])
        },
        // OSV, KEV and EPSS as files of each kind; the first byte picks the name the reader sees.
        "advisories": FuzzTarget { bytes in
            guard let first = bytes.first else { return }
            let names = ["fuzz.json", "fuzz.jsonl", "fuzz.csv", "fuzz.zip", "fuzz.json.gz"]
            _ = AdvisoryImport.read(bytes: Array(bytes.dropFirst()), name: names[Int(first) % names.count])
        },
        // Zip archives: what is handed out stays within the entry and total bounds.
        "zip": FuzzTarget { bytes in
            var total = 0
            try? ZipArchive.forEachEntry(bytes, entryLimit: 1 << 20, totalLimit: 4 << 20) { entry in
                total += entry.data.count
                if entry.data.count > 1 << 20 || total > 4 << 20 { fatalError("zip bounds passed") }
            }
        },
        "gzip": FuzzTarget { bytes in
            if let output = try? Gunzip.decompress(bytes, limit: 1 << 20), output.count > 1 << 20 { fatalError("gzip bound passed") }
        },
        // Threat intelligence: CSV, STIX 2.1 bundles, MISP events.
        "intel": FuzzTarget { bytes in
            for format in IndicatorImport.Format.allCases { _ = try? IndicatorImport.parse(Data(bytes), format: format, source: "fuzz", now: now) }
        },
    ]
}
