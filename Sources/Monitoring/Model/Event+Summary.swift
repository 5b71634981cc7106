// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

/// One line that says what an event is, for lists where the raw text would be a wall of JSON: the message when the
/// source wrote one, else who did what to what from the normalised ECS fields (a Windows or Sysmon event reads
/// "a.kowalski added-member-to-group svc-backup2 → Domain Admins"), else the start of the raw text.
extension Event {
    public var summary: String {
        if let message = fields["message"]?.text.trimmingCharacters(in: .whitespacesAndNewlines), !message.isEmpty,
            !message.hasPrefix("{")
        {
            return String(message.prefix(300))
        }
        func field(_ name: String) -> String? {
            guard let text = fields[name]?.text, !text.isEmpty, text != "-" else { return nil }
            return text
        }
        guard let action = field("event.action") ?? field("event.code").map({ "event \($0)" }) else { return String(raw.prefix(300)) }
        var parts: [String] = []
        if let user = field("user.name") { parts.append(field("user.domain").map { "\($0)\\\(user)" } ?? user) }
        parts.append(action)
        if let target = field("user.target.name") { parts.append(target) }
        if let group = field("group.name") { parts.append("→ \(group)") }
        if let command = field("process.command_line") ?? field("process.executable") { parts.append(command) }
        if let file = field("file.path") ?? field("registry.path") ?? field("dns.question.name") { parts.append(file) }
        if let destination = field("destination.ip") { parts.append("→ \(destination)\(field("destination.port").map { ":\($0)" } ?? "")") }
        if let source = field("source.ip") { parts.append("from \(source)") }
        if let outcome = field("event.outcome") { parts.append("(\(outcome))") }
        return String(parts.joined(separator: " ").prefix(300))
    }
}
