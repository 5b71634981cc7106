// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Monitoring

/// A day of logs from the demo company's hosts, with a story in them for the analyst to find: a brute force on the
/// bastion that ends in a successful login and a root shell, a password spray against the domain controller, a
/// new account added to Domain Admins, a scanner on the web servers, and a print server that stopped sending.
/// Every event goes through the same normaliser as live input.
enum DemoEvents {
    static func make(now: Date) -> [Event] {
        let normaliser = Normaliser()
        var events: [Event] = []
        var random = SeededRandom(seed: 20261129)

        func syslog(
            _ secondsAgo: Double, _ host: String, _ program: String, _ pid: Int, _ message: String, priority: Int = 38, input: String = "syslog-tcp"
        ) {
            let time = now.addingTimeInterval(-secondsAgo)
            let line = "<\(priority)>1 \(Timestamp.format(time)) \(host) \(program) \(pid) - - \(message)"
            events.append(normaliser.syslog(line, input: input, received: time.addingTimeInterval(0.4), peer: nil))
        }
        func json(_ secondsAgo: Double, _ object: [String: Any], input: String = "elasticsearch") {
            var object = object
            let time = now.addingTimeInterval(-secondsAgo)
            object["TimeCreated_SystemTime"] = object["TimeCreated_SystemTime"] ?? Timestamp.format(time)
            let raw = String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            events.append(normaliser.json(object, raw: raw, input: input, received: time.addingTimeInterval(1)))
        }

        // Routine: web traffic on both web servers through the day.
        let paths = ["/", "/products", "/cart", "/checkout", "/static/app.js", "/api/v1/prices", "/login", "/account"]
        let agents = [
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1) Safari/604.1",
        ]
        for index in 0..<600 {
            let ago = Double(index) * 140 + random.next(100)
            let client = "192.0.2.\(Int(random.next(200)) + 20)"
            let path = paths[Int(random.next(Double(paths.count)))]
            let status = random.next(100) < 3 ? 500 : 200
            let host = index % 2 == 0 ? "web-prod-01" : "web-prod-02"
            let stamp = apacheTime(now.addingTimeInterval(-ago))
            syslog(
                ago, host, "nginx", 812,
                "\(client) - - [\(stamp)] \"GET \(path) HTTP/2.0\" \(status) \(Int(random.next(40000)) + 300) \"https://www.example.com/\" \"\(agents[index % 2])\"",
                priority: 190)
        }
        // A scanner probing for admin pages and secrets, 5 hours ago.
        for (index, path) in [
            "/wp-login.php", "/.env", "/.git/config", "/phpmyadmin/", "/admin/", "/server-status", "/backup.zip", "/config.php.bak",
        ].enumerated() {
            let ago = 5 * 3600 - Double(index) * 2
            syslog(
                ago, "web-prod-01", "nginx", 812,
                "198.51.100.77 - - [\(apacheTime(now.addingTimeInterval(-ago)))] \"GET \(path) HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0 zgrab/0.x\"",
                priority: 190)
        }
        // Last night an account nobody answers for (access governance: jdoe-admin, orphaned, in sudo) logs in to the
        // web server from a Tor exit address.
        syslog(0.3 * 86_400, "web-prod-01", "sshd", 27_410, "Accepted password for jdoe-admin from 185.220.101.4 port 51022 ssh2")
        // Brute force on the bastion from one address, 3 hours ago; then it gets in as deploy and opens a root shell.
        let usernames = ["admin", "oracle", "test", "ubuntu", "postgres", "git", "user", "support", "pi", "ftpuser"]
        for index in 0..<60 {
            let ago = 3 * 3600 - Double(index) * 3
            let user = usernames[index % usernames.count]
            syslog(
                ago, "bastion-01", "sshd", 30_100 + index, "Failed password for invalid user \(user) from 198.51.100.23 port \(40_000 + index) ssh2",
                priority: 38)
        }
        syslog(3 * 3600 - 200, "bastion-01", "sshd", 30_200, "Failed password for deploy from 198.51.100.23 port 40201 ssh2")
        syslog(3 * 3600 - 206, "bastion-01", "sshd", 30_201, "Accepted password for deploy from 198.51.100.23 port 40202 ssh2")
        syslog(3 * 3600 - 240, "bastion-01", "sudo", 30_300, "  deploy : TTY=pts/3 ; PWD=/home/deploy ; USER=root ; COMMAND=/bin/bash", priority: 85)
        syslog(
            3 * 3600 - 241, "bastion-01", "sudo", 30_300, "pam_unix(sudo:session): session opened for user root(uid=0) by deploy(uid=1004)",
            priority: 86)
        // Routine logins of the ops team to the bastion.
        for (index, user) in ["lena.vogel", "ravi.patel", "lena.vogel", "tom.ferreira"].enumerated() {
            let ago = Double(index) * 18_000 + 1800
            syslog(
                ago, "bastion-01", "sshd", 20_000 + index,
                "Accepted publickey for \(user) from 10.20.7.\(10 + index) port 5\(1000 + index) ssh2: ED25519 SHA256:q2mZ\(index)")
            syslog(ago - 1500, "bastion-01", "sshd", 20_000 + index, "Disconnected from user \(user) 10.20.7.\(10 + index) port 5\(1000 + index)")
        }
        // Linux audit on the payments database: a failed root login over SSH.
        for index in 0..<5 {
            let ago = 2 * 3600 - Double(index) * 30
            let stamp = String(format: "%.3f", now.addingTimeInterval(-ago).timeIntervalSince1970)
            syslog(
                ago, "payments-db-01", "audispd", 901,
                "type=USER_LOGIN msg=audit(\(stamp):\(8812 + index)): pid=\(44_000 + index) uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=10.20.5.50 terminal=ssh res=failed'",
                priority: 85)
        }
        // Password spray against the domain controller from a workstation, 90 minutes ago.
        for (index, user) in ["j.martin", "a.kowalski", "s.nakamura", "m.chen", "r.patel", "l.vogel", "p.raman", "d.okafor"].enumerated() {
            json(
                5400 - Double(index) * 5,
                [
                    "EventID": 4625, "Channel": "Security", "Computer": "dc-01", "Provider_Name": "Microsoft-Windows-Security-Auditing",
                    "TargetUserName": user, "TargetDomainName": "CORP", "IpAddress": "10.20.5.50", "IpPort": "0", "LogonType": 3,
                    "Status": "0xc000006d", "WorkstationName": "LAPTOP-FIN-014",
                ])
        }
        // An account created and put into Domain Admins, 70 minutes ago.
        json(
            4200,
            [
                "EventID": 4720, "Channel": "Security", "Computer": "dc-01", "Provider_Name": "Microsoft-Windows-Security-Auditing",
                "TargetUserName": "svc-backup2", "TargetDomainName": "CORP", "SubjectUserName": "a.kowalski",
            ])
        json(
            4190,
            [
                "EventID": 4728, "Channel": "Security", "Computer": "dc-01", "Provider_Name": "Microsoft-Windows-Security-Auditing",
                "TargetUserName": "Domain Admins", "MemberName": "CN=svc-backup2,OU=Service,DC=corp,DC=example,DC=com",
                "SubjectUserName": "a.kowalski",
            ])
        // Routine successful logons on both domain controllers.
        for index in 0..<80 {
            let ago = Double(index) * 1000 + random.next(600)
            json(
                ago,
                [
                    "EventID": 4624, "Channel": "Security", "Computer": index % 3 == 0 ? "dc-02" : "dc-01",
                    "Provider_Name": "Microsoft-Windows-Security-Auditing",
                    "TargetUserName": ["m.chen", "p.raman", "d.okafor", "s.adeyemi", "t.ferreira"][index % 5], "TargetDomainName": "CORP",
                    "IpAddress": "10.20.6.\(index % 50 + 10)", "LogonType": index % 4 == 0 ? 10 : 3,
                ])
        }
        // Sysmon on a finance laptop: an encoded PowerShell started by Excel, 95 minutes ago.
        json(
            5700,
            [
                "EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": "laptop-fin-014",
                "Provider_Name": "Microsoft-Windows-Sysmon",
                "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
                "CommandLine": "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
                "ParentImage": "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE", "User": "CORP\\m.chen", "ProcessId": 7712,
                "Hashes": "SHA256=DE96A6E69944335375DC1AC238336066889D9FFC7D73628EF4FE1B1B160AB32C",
            ])
        json(
            5690,
            [
                "EventID": 3, "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": "laptop-fin-014",
                "Provider_Name": "Microsoft-Windows-Sysmon",
                "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "DestinationIp": "203.0.113.66", "DestinationPort": 443,
                "DestinationHostname": "cdn-update.example.net", "User": "CORP\\m.chen", "ProcessId": 7712,
            ])
        // Twenty minutes ago a sales laptop reaches the same C2: the alert is not in a case yet, and says which case
        // already holds the address as an IOC.
        json(
            1200,
            [
                "EventID": 3, "Channel": "Microsoft-Windows-Sysmon/Operational", "Computer": "laptop-sal-007",
                "Provider_Name": "Microsoft-Windows-Sysmon",
                "Image": "C:\\Users\\j.ortiz\\AppData\\Local\\Temp\\updater.exe", "DestinationIp": "203.0.113.66", "DestinationPort": 443,
                "DestinationHostname": "cdn-update.example.net", "User": "CORP\\j.ortiz", "ProcessId": 4410,
            ])
        // Firewall drops at the edge, key=value.
        for index in 0..<120 {
            let ago = Double(index) * 700 + random.next(500)
            syslog(
                ago, "vpn-01", "fw", 1,
                "action=drop src=198.51.100.\(Int(random.next(250)) + 1) dst=198.51.100.5 spt=\(Int(random.next(60000)) + 1024) dpt=\([22, 3389, 445, 23][index % 4]) proto=TCP",
                priority: 132, input: "syslog-udp")
        }
        // The print server sent until three hours ago, then went quiet.
        for index in 0..<30 {
            syslog(
                3 * 3600 + Double(index) * 600, "print-srv-01", "spoolsv", 1200,
                "job=\(900 + index) user=m.chen pages=\(index % 7 + 1) status=printed", priority: 134, input: "syslog-udp")
        }
        return events.sorted { $0.timestamp < $1.timestamp }
    }

    static func apacheTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.day, .month, .year, .hour, .minute, .second], from: date)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return String(
            format: "%02d/%@/%04d:%02d:%02d:%02d +0000", parts.day!, months[parts.month! - 1], parts.year!, parts.hour!, parts.minute!, parts.second!)
    }
}

/// A small deterministic generator, so the demo is the same every time.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ upper: Double) -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53) * upper
    }
}
