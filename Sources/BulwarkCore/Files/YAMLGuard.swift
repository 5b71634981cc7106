// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

// libyaml itself, as Yams bundles it: its event parser reads a document without composing it.
import CYaml

/// Checks a YAML text before it is composed. Yams resolves an alias while composing (and hashes mapping keys,
/// aliased ones included), so "billion laughs" — anchors of anchors — blows up before any check on the composed
/// tree can run: 472 bytes took 33 s and 5 GB. Nothing Bulwark reads (rules, exclusions, playbooks, automation,
/// response actions, configuration) needs aliases, so every YAML reader calls this first and refuses them; the node
/// count is bounded too. One pass over libyaml's events, no tree built.
public enum YAMLGuard {
    /// Why a text was refused, and the 1-based line.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// Most nodes (scalars, lists, maps) a text may have.
    public static let maximumNodes = 1_000_000

    /// Throws at the first alias, or past `maximumNodes` nodes. A syntax error is left for the composer, which
    /// reports it with its own words and place.
    public static func check(_ text: String, maximumNodes: Int = maximumNodes) throws(Refusal) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var utf8 = Array(text.utf8)
        if utf8.isEmpty { return }
        var refusal: Refusal?
        utf8.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var nodes = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return
                case YAML_ALIAS_EVENT:
                    refusal = Refusal(line: line, message: "YAML aliases (*name) are not accepted; write the value out")
                    return
                case YAML_SCALAR_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    nodes += 1
                    if nodes > maximumNodes {
                        refusal = Refusal(line: line, message: "more than \(maximumNodes) YAML nodes")
                        return
                    }
                default:
                    break
                }
            }
        }
        if let refusal { throw refusal }
    }
}
