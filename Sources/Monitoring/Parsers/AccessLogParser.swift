// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore

/// NCSA common and combined access logs (nginx's and Apache's defaults):
/// `1.2.3.4 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08"`.
enum AccessLogParser {
    private static let combined = TextPattern("{client} {ident} {user} [{time}] \"{request}\" {status} {bytes} \"{referrer}\" \"{agent}\"{rest}")
    private static let common = TextPattern("{client} {ident} {user} [{time}] \"{request}\" {status} {bytes}")

    static func apply(message: String, to event: inout Event, time: inout ParsedTime?) -> Bool {
        let text = Substring(message)
        guard let match = combined.match(text) ?? common.match(text), let client = match["client"], !client.contains(" "),
            let status = match["status"].flatMap({ Int64($0) }), (100...599).contains(status), let request = match["request"]
        else { return false }
        event.fill("event.category", .list([.string("web")]))
        event.fill("event.kind", "event")
        if Validation.isIPAddress(client) { event.fill("source.ip", client) } else { event.fill("source.domain", client) }
        if let user = match["user"], user != "-" { event.fill("user.name", user) }
        let parts = request.split(separator: " ")
        if parts.count == 3 {
            event.fill("http.request.method", String(parts[0]))
            event.fill("url.original", String(parts[1]))
            event.fill("http.version", parts[2].hasPrefix("HTTP/") ? String(parts[2].dropFirst(5)) : String(parts[2]))
            event.fill("event.action", String(parts[0]).lowercased())
        } else {
            event.fill("url.original", request)
        }
        event.fill("http.response.status_code", .int(status))
        event.fill("event.outcome", status < 400 ? "success" : "failure")
        if let bytes = match["bytes"].flatMap({ Int64($0) }) { event.fill("http.response.body.bytes", .int(bytes)) }
        if let referrer = match["referrer"], referrer != "-" { event.fill("http.request.referrer", referrer) }
        if let agent = match["agent"], agent != "-" { event.fill("user_agent.original", agent) }
        if let parsed = match["time"].flatMap({ TimeParser.apache($0) }) { time = parsed }
        return true
    }
}
