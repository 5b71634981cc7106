// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Incidents
import Logging
import Metrics

/// The demo's detection content: Sigma rules written for the demo story (in `DATA/rules`, where `serve` finds them),
/// threat-intelligence indicators, and alerts raised by running the rules over the demo's day of logs, a few of them
/// already triaged by the analyst.
enum DemoDetection {
    static let rules: [String: String] = [
        "bulwark_linux_ssh_bruteforce.yml": """
        title: SSH failed password
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b01
        name: ssh_failed_password
        status: stable
        description: A failed SSH password attempt, alone not worth an alert; the correlation below counts them.
        author: Bulwark demo
        level: low
        logsource: {product: linux, service: sshd}
        detection:
            keywords:
                - 'Failed password'
            condition: keywords
        ---
        title: SSH brute force from one address
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b02
        status: stable
        description: Twenty or more failed SSH passwords from one address within five minutes.
        author: Bulwark demo
        level: high
        tags: [attack.credential_access, attack.t1110.001]
        correlation:
            type: event_count
            rules: [ssh_failed_password]
            group-by: [source.ip]
            timespan: 5m
            condition: {gte: 20}
        """,
        "bulwark_linux_sudo_root_shell.yml": """
        title: Interactive root shell through sudo
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b03
        status: stable
        description: Someone ran a shell as root with sudo; legitimate admin work does, and so does an intruder after a stolen login.
        author: Bulwark demo
        level: medium
        tags: [attack.privilege_escalation, attack.t1548.003]
        falsepositives: [Administrators who prefer a root shell]
        logsource: {product: linux, service: sudo}
        detection:
            keywords:
                - 'COMMAND=/bin/bash'
                - 'COMMAND=/bin/sh'
                - 'COMMAND=/usr/bin/bash'
            condition: keywords
        """,
        "bulwark_win_password_spray.yml": """
        title: Windows failed logon
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b04
        name: windows_failed_logon
        status: stable
        author: Bulwark demo
        level: low
        logsource: {product: windows, service: security}
        detection:
            selection:
                EventID: 4625
            condition: selection
        ---
        title: Password spray from one address
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b05
        status: stable
        description: Failed logons for five or more different accounts from one address within ten minutes.
        author: Bulwark demo
        level: high
        tags: [attack.credential_access, attack.t1110.003]
        correlation:
            type: value_count
            rules: [windows_failed_logon]
            group-by: [IpAddress]
            timespan: 10m
            condition: {field: TargetUserName, gte: 5}
        """,
        "bulwark_win_privileged_group_add.yml": """
        title: Member added to a privileged domain group
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b06
        status: stable
        author: Bulwark demo
        level: high
        tags: [attack.persistence, attack.t1098]
        falsepositives: [Planned changes by the directory team]
        logsource: {product: windows, service: security}
        detection:
            selection:
                EventID: [4728, 4732, 4756]
                TargetUserName:
                    - 'Domain Admins'
                    - 'Enterprise Admins'
                    - 'Schema Admins'
                    - 'Administrators'
            condition: selection
        """,
        "bulwark_win_office_encoded_powershell.yml": """
        title: Encoded PowerShell started by an Office application
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b07
        status: stable
        description: An Office document that starts PowerShell with an encoded command is the classic macro dropper.
        author: Bulwark demo
        level: critical
        tags: [attack.execution, attack.t1059.001, attack.initial_access, attack.t1566.001]
        logsource: {product: windows, category: process_creation}
        detection:
            selection_parent:
                ParentImage|endswith: ['\\\\EXCEL.EXE', '\\\\WINWORD.EXE', '\\\\POWERPNT.EXE', '\\\\OUTLOOK.EXE']
            selection_child:
                Image|endswith: ['\\\\powershell.exe', '\\\\pwsh.exe']
            selection_encoded:
                CommandLine|windash|contains: [' -enc ', ' -encodedcommand ', ' -e ']
            condition: all of selection_*
        """,
        "bulwark_web_sensitive_file_probe.yml": """
        title: Web scanner probing for secrets and admin pages
        id: 0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b08
        status: stable
        author: Bulwark demo
        level: medium
        tags: [attack.reconnaissance, attack.t1595.003]
        logsource: {category: webserver}
        detection:
            selection:
                c-uri|contains: ['/.env', '/.git/', '/wp-login.php', '/phpmyadmin', '/server-status', '/backup.zip']
            condition: selection
        """,
    ]

    static let indicators = """
        type,value,confidence,expires,description,tags
        ip,203.0.113.66,85,2030-01-01,C2 server of a commodity loader,malware;c2
        domain,cdn-update.example.net,80,2030-01-01,Loader payload host,malware
        ip,198.51.100.23,60,2030-01-01,Abuse reports: SSH brute forcing,bruteforce
        """

    /// Writes the demo's Sigma rules into `directory` (DATA/rules, where detection finds them).
    static func writeRules(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, yaml) in rules {
            try yaml.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// The demo threat-intelligence feed.
    static func importIndicators(into detection: DetectionService) async throws {
        _ = try await detection.importIndicators(
            Data(indicators.utf8), format: .csv, source: "demo-feed", partial: false,
            by: AuditActor(username: "analyst", source: "demo"))
    }

    /// The analyst has started on the queue: the scanner is closed as benign noise, the brute force is being worked.
    static func triage(_ service: AlertService) async throws {
        let analyst = AuditActor(username: "analyst", source: "demo")
        let alerts = try await service.listAlerts(AlertQuery(), page: PageRequest(limit: 100)).items
        if let scanner = alerts.first(where: { $0.ruleID == "0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b08" }) {
            _ = try await service.update(
                id: scanner.id,
                AlertService.Change(
                    status: .closed, closeReason: .benign,
                    comment: "Internet background noise: every path returned 404 and the address is a known scanner."), by: analyst)
        }
        if let bruteForce = alerts.first(where: { $0.ruleID == "0c5c1a7e-3d2b-4f5a-9a71-1d2f3e4a5b02" }) {
            _ = try await service.update(
                id: bruteForce.id,
                AlertService.Change(
                    status: .acknowledged, assignee: "analyst",
                    comment: "It ended in a successful login as deploy and a root shell: checking the bastion now."), by: analyst)
        }
    }
}
