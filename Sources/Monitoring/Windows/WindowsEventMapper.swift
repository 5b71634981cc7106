// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// Windows events in the JSON shapes shippers produce, mapped to ECS:
/// - **flat**, as `evtx` dumps and Sigma's test data (`EventID`, `Channel`, `Computer`, `TimeCreated_SystemTime`, data fields at top level);
/// - **Winlogbeat** (`winlog.event_id`, `winlog.channel`, `winlog.computer_name`, `winlog.event_data.*`);
/// - **NXLog** `to_json()` (`EventID`, `Hostname`, `SourceName`, `EventTime` without a zone, data fields at top level).
enum WindowsEventMapper {
    enum Shape: String { case flat, winlogbeat, nxlog }

    static func shape(of fields: [String: FieldValue]) -> Shape? {
        if fields["winlog.event_id"] != nil || fields["winlog.channel"] != nil { return .winlogbeat }
        guard fields["EventID"] != nil else { return nil }
        // evtx dumps name the system header fields so; event data may hold a `Hostname` of its own.
        if fields["TimeCreated_SystemTime"] != nil || fields["Provider_Name"] != nil { return .flat }
        if fields["Hostname"] != nil || fields["SourceName"] != nil || fields["EventTime"] != nil { return .nxlog }
        if fields["Channel"] != nil || fields["Computer"] != nil || fields["Provider_Name"] != nil { return .flat }
        return nil
    }

    /// Fills ECS fields from the event's Windows fields; the event time in `time`. Whether it was a Windows event.
    static func apply(to event: inout Event, time: inout ParsedTime?) -> Bool {
        guard let shape = shape(of: event.fields) else { return false }
        let fields = event.fields
        func value(_ names: String...) -> FieldValue? {
            for name in names {
                if let value = fields[name] ?? fields["winlog.event_data.\(name)"] ?? fields["winlog.user_data.\(name)"], value != .null,
                    value.text != "-", !value.text.isEmpty
                {
                    return value
                }
            }
            return nil
        }
        func text(_ names: String...) -> String? {
            for name in names { if let found = value(name) { return found.text } }
            return nil
        }
        let eventID: Int64?
        let channel: String?
        switch shape {
        case .flat:
            eventID = fields["EventID"]?.number.map { Int64($0) }
            channel = fields["Channel"]?.text
            event.fill("winlog.computer_name", fields["Computer"]?.text)
            event.fill("host.name", fields["Computer"]?.text)
            event.fill("winlog.provider_name", fields["Provider_Name"]?.text)
            event.fill("winlog.record_id", fields["EventRecordID"])
            time = (fields["TimeCreated_SystemTime"] ?? fields["timestamp"]).flatMap { TimeParser.parse($0.text) } ?? time
        case .winlogbeat:
            eventID = fields["winlog.event_id"]?.number.map { Int64($0) }
            channel = fields["winlog.channel"]?.text
            event.fill("host.name", fields["winlog.computer_name"]?.text)
            time = fields["@timestamp"].flatMap { TimeParser.parse($0.text) } ?? time
        case .nxlog:
            eventID = fields["EventID"]?.number.map { Int64($0) }
            channel = fields["Channel"]?.text
            event.fill("host.name", fields["Hostname"]?.text)
            event.fill("winlog.computer_name", fields["Hostname"]?.text)
            event.fill("winlog.provider_name", fields["SourceName"]?.text ?? fields["ProviderName"]?.text)
            event.fill("winlog.record_id", fields["RecordNumber"])
            time = fields["EventTime"].flatMap { TimeParser.parse($0.text) } ?? time
        }
        event.fill("bulwark.parser", "windows_\(shape.rawValue)")
        event.fill("winlog.channel", channel)
        if let eventID {
            event.fill("winlog.event_id", .int(eventID))
            event.fill("event.code", String(eventID))
        }
        event.fill("event.provider", fields["winlog.provider_name"]?.text ?? fields["Provider_Name"]?.text ?? fields["SourceName"]?.text)
        event.fill("event.module", channel?.contains("Sysmon") == true ? "sysmon" : "windows")

        if let eventID, channel.map({ $0.lowercased() == "security" }) ?? true, let kind = AccountEvent(eventID: eventID) {
            // Account management, as ECS (and Winlogbeat) read it: `user.*` is who acted (the Subject), the account
            // acted on is `user.target.*`, a group is `group.*`, and a member added to or removed from one is the target.
            event.fill("user.name", text("SubjectUserName"))
            event.fill("user.domain", text("SubjectDomainName"))
            event.fill("user.id", text("SubjectUserSid"))
            switch kind {
            case .account:
                event.fill("user.target.name", text("TargetUserName", "NewTargetUserName"))
                event.fill("user.target.domain", text("TargetDomainName"))
                event.fill("user.target.id", text("TargetSid"))
            case .group(let membership):
                event.fill("group.name", text("TargetUserName", "GroupName"))
                event.fill("group.domain", text("TargetDomainName", "GroupDomain"))
                event.fill("group.id", text("TargetSid", "GroupSid"))
                if membership {
                    event.fill("user.target.name", text("MemberName").map(Self.commonName))
                    event.fill("user.target.id", text("MemberSid"))
                }
            }
        } else if let user = text("TargetUserName") ?? text("User") ?? text("SubjectUserName") ?? text("AccountName") {
            // Logons and the rest: the account the event is about. Sysmon writes DOMAIN\user.
            let parts = user.split(separator: "\\", maxSplits: 1)
            if parts.count == 2 {
                event.fill("user.domain", String(parts[0]))
                event.fill("user.name", String(parts[1]))
            } else {
                event.fill("user.name", user)
            }
            event.fill("user.domain", text("TargetDomainName") ?? text("SubjectDomainName"))
        }
        if let ip = text("IpAddress", "SourceAddress", "SourceIp"), Validation.isIPAddress(ip) { event.fill("source.ip", ip) }
        if let port = value("IpPort", "SourcePort")?.number, port > 0 { event.fill("source.port", .int(Int64(port))) }
        if let ip = text("DestinationIp", "DestAddress"), Validation.isIPAddress(ip) { event.fill("destination.ip", ip) }
        if let port = value("DestinationPort", "DestPort")?.number { event.fill("destination.port", .int(Int64(port))) }
        event.fill("destination.domain", text("DestinationHostname"))
        event.fill("source.domain", text("WorkstationName"))
        event.fill("process.executable", text("Image", "NewProcessName", "ProcessName", "Application"))
        event.fill("process.command_line", text("CommandLine"))
        if let pid = text("ProcessId", "NewProcessId").flatMap(parsePID) { event.fill("process.pid", .int(pid)) }
        event.fill("process.parent.executable", text("ParentImage", "ParentProcessName"))
        event.fill("process.parent.command_line", text("ParentCommandLine"))
        event.fill("file.path", text("TargetFilename"))
        event.fill("registry.path", text("TargetObject", "ObjectName").flatMap { $0.hasPrefix("HK") || $0.hasPrefix("\\REGISTRY") ? $0 : nil })
        event.fill("dns.question.name", text("QueryName"))
        event.fill("service.name", text("ServiceName"))
        if let logonType = value("LogonType") { event.fill("winlog.logon.type", logonType) }
        if let hash = text("Hashes") { event.fill("process.hash.raw", hash) }

        if let eventID, let (action, category, outcome) = action(eventID: eventID, channel: channel ?? "") {
            event.fill("event.action", action)
            event.fill("event.category", .list([.string(category)]))
            if let outcome { event.fill("event.outcome", outcome) }
        }
        return true
    }

    /// The Security events that manage accounts and groups, where the Subject is the actor.
    enum AccountEvent: Equatable {
        /// A user or computer account created, enabled, changed, locked, renamed, deleted, or its groups enumerated.
        case account
        /// A group created, changed, deleted or enumerated; `membership` when a member was added or removed.
        case group(membership: Bool)

        init?(eventID: Int64) {
            switch eventID {
            case 4720, 4722, 4723, 4724, 4725, 4726, 4738, 4740, 4741, 4742, 4743, 4765, 4766, 4767, 4780, 4781, 4794, 4798: self = .account
            case 4728, 4729, 4732, 4733, 4746, 4747, 4751, 4752, 4756, 4757, 4761, 4762: self = .group(membership: true)
            case 4727, 4730, 4731, 4734, 4735, 4737, 4744, 4745, 4748, 4749, 4750, 4753, 4754, 4755, 4758, 4759, 4760, 4763, 4764, 4799:
                self = .group(membership: false)
            default: return nil
            }
        }
    }

    /// `CN=Ann Lee,OU=Staff,DC=corp,DC=example` → `Ann Lee` (a member's distinguished name); other text as it is.
    static func commonName(_ dn: String) -> String {
        guard dn.uppercased().hasPrefix("CN=") else { return dn }
        var name = ""
        var escaped = false
        for char in dn.dropFirst(3) {
            if escaped {
                name.append(char)
                escaped = false
            } else if char == "\\" {
                escaped = true
            } else if char == "," {
                break
            } else {
                name.append(char)
            }
        }
        return name
    }

    /// `0x1a4` or `420`.
    private static func parsePID(_ text: String) -> Int64? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return Int64(text.dropFirst(2), radix: 16) }
        return Int64(text)
    }

    /// The ECS action, category and outcome of the events analysts look at most.
    static func action(eventID: Int64, channel: String) -> (String, String, String?)? {
        if channel.contains("Sysmon") {
            switch eventID {
            case 1: return ("process-created", "process", nil)
            case 3: return ("network-connection", "network", nil)
            case 5: return ("process-terminated", "process", nil)
            case 7: return ("image-loaded", "process", nil)
            case 8: return ("create-remote-thread", "process", nil)
            case 10: return ("process-access", "process", nil)
            case 11: return ("file-created", "file", nil)
            case 12, 13, 14: return ("registry-event", "registry", nil)
            case 22: return ("dns-query", "network", nil)
            case 23, 26: return ("file-deleted", "file", nil)
            default: return nil
            }
        }
        switch eventID {
        case 4624: return ("logged-in", "authentication", "success")
        case 4625: return ("logon-failed", "authentication", "failure")
        case 4634, 4647: return ("logged-out", "authentication", nil)
        case 4648: return ("logged-in-explicit", "authentication", "success")
        case 4672: return ("logged-in-special", "iam", "success")
        case 4688: return ("created-process", "process", nil)
        case 4689: return ("exited-process", "process", nil)
        case 4697, 7045: return ("service-installed", "configuration", nil)
        case 4698: return ("scheduled-task-created", "configuration", nil)
        case 4720: return ("added-user-account", "iam", "success")
        case 4722: return ("enabled-user-account", "iam", "success")
        case 4723: return ("changed-password", "iam", nil)
        case 4724: return ("reset-password", "iam", nil)
        case 4725: return ("disabled-user-account", "iam", "success")
        case 4726: return ("deleted-user-account", "iam", "success")
        case 4728, 4732, 4756: return ("added-member-to-group", "iam", "success")
        case 4740: return ("locked-out-user-account", "iam", nil)
        case 4768: return ("kerberos-authentication-ticket-requested", "authentication", nil)
        case 4769: return ("kerberos-service-ticket-requested", "authentication", nil)
        case 4771: return ("kerberos-preauth-failed", "authentication", "failure")
        case 4776: return ("credential-validated", "authentication", nil)
        case 1102, 104: return ("audit-log-cleared", "configuration", nil)
        case 4104: return ("powershell-script-block", "process", nil)
        default: return nil
        }
    }
}
