// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Yams

/// How a rule's `logsource` becomes conditions on events, how Sigma field names are found in events, and the values
/// of `|expand` placeholders. The defaults follow pySigma's Sysmon and Windows logsource pipelines for Windows, and
/// the fields Bulwark's own parsers produce for Linux and web servers; a YAML file can add to them
/// (`bulwark serve --detection-config`, `bulwark sigma eval --config`).
public struct LogsourceMapping: Sendable {
    public struct Entry: Sendable, Hashable {
        public var product: String?
        public var category: String?
        public var service: String?
        /// Event field → accepted values (any of them; `*` means the field exists).
        public var conditions: [String: [String]]

        public init(product: String? = nil, category: String? = nil, service: String? = nil, conditions: [String: [String]]) {
            self.product = product
            self.category = category
            self.service = service
            self.conditions = conditions
        }

        func applies(to logsource: SigmaLogsource) -> Bool {
            if let product, product != logsource.product { return false }
            if let category, category != logsource.category { return false }
            if let service, service != logsource.service { return false }
            return product != nil || category != nil || service != nil
        }
    }

    public var entries: [Entry]
    /// Sigma field → event fields tried after the field's own name.
    public var fieldAlternatives: [String: [String]]
    /// Prefixes tried for any field not found under its own name (Winlogbeat nests event data).
    public var fieldPrefixes: [String]
    /// `%name%` → values, for the `expand` modifier.
    public var placeholders: [String: [String]]

    public init(entries: [Entry], fieldAlternatives: [String: [String]], fieldPrefixes: [String], placeholders: [String: [String]]) {
        self.entries = entries
        self.fieldAlternatives = fieldAlternatives
        self.fieldPrefixes = fieldPrefixes
        self.placeholders = placeholders
    }

    /// The conditions for `logsource`: all applying entries together; nil when none applies (the rule is "unmapped").
    public func conditions(for logsource: SigmaLogsource) -> [String: [String]]? {
        var result: [String: [String]]?
        for entry in entries where entry.applies(to: logsource) {
            var merged = result ?? [:]
            for (field, values) in entry.conditions {
                if let existing = merged[field] {
                    let common = existing.filter { value in values.contains { $0.caseInsensitiveCompare(value) == .orderedSame } }
                    merged[field] = common.isEmpty ? ["\u{0}never"] : common
                } else {
                    merged[field] = values
                }
            }
            result = merged
        }
        return result
    }

    func path(_ field: String) -> FieldPath {
        var names = [field]
        names += fieldAlternatives[field] ?? []
        if !field.contains(".") { names += fieldPrefixes.map { $0 + field } }
        return FieldPath(field: field, names: names)
    }

    // MARK: Defaults

    /// Sigma `service` → Windows event log channel (pySigma's `windows_logsource_mapping`).
    public static let windowsChannels: [String: [String]] = [
        "security": ["Security"], "application": ["Application"], "system": ["System"],
        "sysmon": ["Microsoft-Windows-Sysmon/Operational"],
        "powershell": ["Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"],
        "powershell-classic": ["Windows PowerShell"],
        "taskscheduler": ["Microsoft-Windows-TaskScheduler/Operational"],
        "wmi": ["Microsoft-Windows-WMI-Activity/Operational"],
        "dns-server": ["DNS Server"], "dns-server-audit": ["Microsoft-Windows-DNS-Server/Audit"],
        "dns-server-analytic": ["Microsoft-Windows-DNS-Server/Analytical"],
        "driver-framework": ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"],
        "ntlm": ["Microsoft-Windows-NTLM/Operational"], "dhcp": ["Microsoft-Windows-DHCP-Server/Operational"],
        "msexchange-management": ["MSExchange Management"],
        "applocker": [
            "Microsoft-Windows-AppLocker/MSI and Script", "Microsoft-Windows-AppLocker/EXE and DLL",
            "Microsoft-Windows-AppLocker/Packaged app-Deployment", "Microsoft-Windows-AppLocker/Packaged app-Execution",
        ],
        "printservice-admin": ["Microsoft-Windows-PrintService/Admin"],
        "printservice-operational": ["Microsoft-Windows-PrintService/Operational"],
        "codeintegrity-operational": ["Microsoft-Windows-CodeIntegrity/Operational"],
        "smbclient-security": ["Microsoft-Windows-SmbClient/Security"],
        "firewall-as": ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"],
        "bits-client": ["Microsoft-Windows-Bits-Client/Operational"],
        "windefend": ["Microsoft-Windows-Windows Defender/Operational"],
        "terminalservices-localsessionmanager": ["Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"],
        "microsoft-servicebus-client": ["Microsoft-ServiceBus-Client"],
        "ldap_debug": ["Microsoft-Windows-LDAP-Client/Debug"],
        "security-mitigations": ["Microsoft-Windows-Security-Mitigations/Kernel Mode", "Microsoft-Windows-Security-Mitigations/User Mode"],
        "diagnosis-scripted": ["Microsoft-Windows-Diagnosis-Scripted/Operational"],
        "shell-core": ["Microsoft-Windows-Shell-Core/Operational"],
        "openssh": ["OpenSSH/Operational"],
        "bitlocker": ["Microsoft-Windows-BitLocker/BitLocker Management"],
    ]

    /// Sigma generic `category` → Sysmon event IDs (pySigma's Sysmon pipeline).
    public static let sysmonEventIDs: [String: [String]] = [
        "process_creation": ["1"], "file_change": ["2"], "network_connection": ["3"], "process_termination": ["5"],
        "sysmon_status": ["4", "16"], "driver_load": ["6"], "image_load": ["7"], "create_remote_thread": ["8"],
        "raw_access_thread": ["9"], "process_access": ["10"], "file_event": ["11"], "registry_add": ["12"],
        "registry_delete": ["12"], "registry_set": ["13"], "registry_rename": ["14"], "registry_event": ["12", "13", "14"],
        "create_stream_hash": ["15"], "pipe_created": ["17", "18"], "wmi_event": ["19", "20", "21"], "dns_query": ["22"],
        "file_delete": ["23", "26"], "clipboard_capture": ["24"], "process_tampering": ["25"], "sysmon_error": ["255"],
    ]

    /// PowerShell categories → (service, event ID) (pySigma's Windows logsource pipeline).
    public static let powershellCategories: [String: (service: String, eventID: String)] = [
        "ps_module": ("powershell", "4103"), "ps_script": ("powershell", "4104"),
        "ps_classic_start": ("powershell-classic", "400"), "ps_classic_provider_start": ("powershell-classic", "600"),
        "ps_classic_script": ("powershell-classic", "800"),
    ]

    public static let defaults: LogsourceMapping = {
        var entries: [Entry] = []
        for (service, channels) in windowsChannels.sorted(by: { $0.key < $1.key }) {
            entries.append(Entry(product: "windows", service: service, conditions: ["Channel": channels]))
        }
        for (category, ids) in sysmonEventIDs.sorted(by: { $0.key < $1.key }) {
            entries.append(Entry(product: "windows", category: category, conditions: ["EventID": ids, "Channel": windowsChannels["sysmon"]!]))
        }
        for (category, mapping) in powershellCategories.sorted(by: { $0.key < $1.key }) {
            entries.append(
                Entry(
                    product: "windows", category: category, conditions: ["EventID": [mapping.eventID], "Channel": windowsChannels[mapping.service]!]))
        }
        // Linux: Bulwark's syslog parsers name themselves in bulwark.parser; Sysmon for Linux for process events.
        entries += [
            Entry(product: "linux", service: "auth", conditions: ["bulwark.parser": ["sshd", "pam", "sudo", "su"]]),
            Entry(product: "linux", service: "sshd", conditions: ["bulwark.parser": ["sshd"]]),
            Entry(product: "linux", service: "sudo", conditions: ["bulwark.parser": ["sudo"]]),
            Entry(product: "linux", service: "auditd", conditions: ["bulwark.parser": ["auditd"]]),
            Entry(product: "linux", service: "syslog", conditions: ["log.syslog.format": ["*"]]),
            Entry(product: "linux", category: "process_creation", conditions: ["EventID": ["1"], "Channel": ["Linux-Sysmon/Operational"]]),
            Entry(product: "linux", category: "network_connection", conditions: ["EventID": ["3"], "Channel": ["Linux-Sysmon/Operational"]]),
            Entry(product: "linux", category: "file_event", conditions: ["EventID": ["11"], "Channel": ["Linux-Sysmon/Operational"]]),
            Entry(category: "webserver", conditions: ["bulwark.parser": ["access_log"]]),
        ]
        let alternatives: [String: [String]] = [
            "EventID": ["winlog.event_id"], "Channel": ["winlog.channel"], "Computer": ["winlog.computer_name", "host.name"],
            "Provider_Name": ["winlog.provider_name", "event.provider"],
            // Web server taxonomy (W3C names) → the access log parser's ECS fields.
            "cs-method": ["http.request.method"], "c-uri": ["url.original"], "cs-uri": ["url.original"],
            "cs-uri-query": ["url.original"], "cs-uri-stem": ["url.original"], "sc-status": ["http.response.status_code"],
            "c-useragent": ["user_agent.original"], "cs-user-agent": ["user_agent.original"], "cs-referer": ["http.request.referrer"],
            "c-ip": ["source.ip"], "cs-username": ["user.name"],
        ]
        return LogsourceMapping(
            entries: entries, fieldAlternatives: alternatives,
            fieldPrefixes: ["winlog.event_data.", "winlog.user_data."], placeholders: [:])
    }()

    /// The defaults with a YAML configuration added:
    /// ```yaml
    /// logsources:
    ///   - {product: linux, service: cron, conditions: {process.name: [cron, CRON]}}
    /// fields:
    ///   Image: [process.executable]
    /// placeholders:
    ///   Admins_Workstations: [ADMIN-PC1, ADMIN-PC2]
    /// ```
    public static func load(yaml: String, path: String) throws -> LogsourceMapping {
        var mapping = defaults
        do { try YAMLGuard.check(yaml) } catch { throw SigmaLoadError(SourceLocation(path: path, line: error.line), error.message) }
        guard let root = try Yams.compose(yaml: yaml, .basic) else { return mapping }
        let tree = try YNode(root, path: path)
        func fail(_ node: YNode, _ message: String) -> SigmaLoadError {
            SigmaLoadError(SourceLocation(path: path, line: node.line), message)
        }
        if let list = tree["logsources"] {
            guard case .seq(let items, _) = list else { throw fail(list, "'logsources' must be a list") }
            var added: [Entry] = []
            for item in items {
                guard let conditionNode = item["conditions"], let conditionEntries = conditionNode.entries else {
                    throw fail(item, "a logsource needs 'conditions' (a map of field to value or values)")
                }
                var conditions: [String: [String]] = [:]
                for entry in conditionEntries {
                    guard let values = entry.value.strings else { throw fail(entry.value, "'\(entry.key)': value or list of values expected") }
                    conditions[entry.key] = values
                }
                let entry = Entry(
                    product: item["product"]?.text?.lowercased(), category: item["category"]?.text?.lowercased(),
                    service: item["service"]?.text?.lowercased(), conditions: conditions)
                guard entry.product != nil || entry.category != nil || entry.service != nil else {
                    throw fail(item, "a logsource needs at least one of product, category, service")
                }
                added.append(entry)
            }
            // A configured logsource replaces the defaults for exactly the same product/category/service.
            mapping.entries.removeAll { old in
                added.contains { $0.product == old.product && $0.category == old.category && $0.service == old.service }
            }
            mapping.entries += added
        }
        if let fields = tree["fields"] {
            guard let entries = fields.entries else { throw fail(fields, "'fields' must map Sigma field names to event field names") }
            for entry in entries {
                guard let names = entry.value.strings else { throw fail(entry.value, "'\(entry.key)': field name or list expected") }
                mapping.fieldAlternatives[entry.key] = names
            }
        }
        if let placeholders = tree["placeholders"] {
            guard let entries = placeholders.entries else { throw fail(placeholders, "'placeholders' must map names to values") }
            for entry in entries {
                guard let values = entry.value.strings else { throw fail(entry.value, "'\(entry.key)': value or list expected") }
                mapping.placeholders[entry.key] = values
            }
        }
        return mapping
    }
}
