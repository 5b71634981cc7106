// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Detection
import Foundation
import Incidents
import Monitoring

/// What cases learn about observables from the rest of Bulwark: values in an alert's matched events (Monitoring),
/// events and alerts that mention a value, and threat intelligence (Detection). Incidents declares the protocol;
/// this is the only place that knows all three modules.
struct PlatformObservableContext: ObservableContext {
    let events: any EventStore
    let alerts: AlertService
    let detection: DetectionService
    let clock: any WallClock

    /// Event fields and the observable type of their values: the ECS fields (`ObservableType.ecsFields`), then the
    /// Sysmon/Windows names of events the normaliser did not map. Hosts come from the alert itself.
    static let fields: [(ObservableType, [String])] = [
        (.ip, ObservableType.ip.ecsFields + ["SourceIp", "DestinationIp", "IpAddress", "winlog.event_data.IpAddress"]),
        (.domain, ObservableType.domain.ecsFields + ["QueryName", "DestinationHostname"]),
        (.url, ObservableType.url.ecsFields), (.hash, ObservableType.hash.ecsFields), (.email, ObservableType.email.ecsFields),
        (.file, ObservableType.file.ecsFields + ["Image", "TargetFilename"]),
        (.registry, ObservableType.registry.ecsFields + ["TargetObject"]), (.user, ObservableType.user.ecsFields),
    ]

    /// The search for the events that hold a value where its type is written: `(source.ip:"v" OR …)`, so that a user
    /// named `user` is not every "invalid user" line. Files (a name in a path) and types without fields are searched
    /// as a phrase of the raw text.
    static func sightingQuery(_ type: ObservableType, _ value: String) -> String {
        let quoted = QueryParser.quoted(value)
        // A file observable is a name, found inside paths: the raw text is searched.
        let names = type == .file ? [] : type.ecsFields
        guard !names.isEmpty else { return quoted }
        return "(" + names.map { "\($0):\(quoted)" }.joined(separator: " OR ") + ")"
    }

    func candidates(for alert: Alert, events handedOn: [MatchedEvent]?) async -> [ObservableCandidate] {
        var found: [ObservableCandidate] = []
        var seen = Set<String>()
        func add(_ type: ObservableType, _ value: String, _ description: String) {
            guard case .success(let normalised) = type.normalise(value), seen.insert("\(type.rawValue):\(normalised)").inserted else { return }
            found.append(ObservableCandidate(type: type, value: value, description: description))
        }
        if let indicator = alert.context["indicator"], let (kind, value) = Indicator.classify(indicator) {
            let type: ObservableType =
                switch kind {
                case .ip, .cidr: .ip
                case .domain: .domain
                case .url: .url
                case .md5, .sha1, .sha256: .hash
                case .email: .email
                }
            if kind != .cidr { add(type, value, "indicator of alert \(alert.title)") }
        }
        for fields in await matchedFields(alert, handedOn) {
            // The user names a failed logon tried (every guess of a brute force or spray) are not observables; the
            // account that succeeded is.
            let failed = fields["event.outcome"] == "failure"
            for (type, names) in Self.fields where !(failed && type == .user) {
                for name in names {
                    guard let value = fields[name], !value.isEmpty, value != "-" else { continue }
                    if type == .file {
                        // The name (Windows or POSIX path), with the full path in the description.
                        let fileName = value.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? value
                        add(type, fileName, "\(value) (\(name)) in an event of alert \(alert.title)")
                    } else {
                        add(type, value, "\(name) in an event of alert \(alert.title)")
                    }
                }
            }
            if let hashes = fields["Hashes"] {
                for part in hashes.split(separator: ",") {
                    let pair = part.split(separator: "=", maxSplits: 1)
                    if pair.count == 2, ["MD5", "SHA1", "SHA256"].contains(pair[0].uppercased()) {
                        add(.hash, String(pair[1]), "Sysmon Hashes of alert \(alert.title)")
                    }
                }
            }
            if found.count >= 50 { break }
        }
        return found
    }

    /// The field values of the alert's matched events: those detection handed on, or else the first ones the store
    /// still keeps.
    func matchedFields(_ alert: Alert, _ handedOn: [MatchedEvent]?) async -> [[String: String]] {
        if let handedOn { return handedOn.prefix(MatchedEvent.maximumPerSignal).map(\.fields) }
        var read: [[String: String]] = []
        for eventID in alert.eventIDs.prefix(MatchedEvent.maximumPerSignal) {
            guard let stored = try? await events.event(id: eventID) else { continue }
            read.append(stored.event.fields.mapValues(\.text))
        }
        return read
    }

    func sightings(of type: ObservableType, value: String) async -> ObservableSightings {
        var sightings = ObservableSightings()
        let now = clock.now()
        sightings.eventQuery = Self.sightingQuery(type, value)
        if let query = try? EventQuery(sightings.eventQuery, from: now.addingTimeInterval(-30 * 86400), to: now.addingTimeInterval(60), now: now),
            let result = try? await events.search(query, limit: 1, cursor: nil)
        {
            sightings.events = result.total
        }
        let text = type == .host || type == .user ? value : String(value.prefix(200))
        if let page = try? await alerts.listAlerts(AlertQuery(statuses: AlertStatus.allCases, text: text), page: PageRequest(limit: 20)) {
            sightings.alerts = page.items.map(\.id)
        }
        if [.ip, .domain, .url, .hash, .email].contains(type) {
            sightings.intel = await detection.intelLookup(value).map { "\($0.kind.rawValue) \($0.value) (\($0.source), confidence \($0.confidence))" }
        }
        return sightings
    }

    func promote(_ observable: CaseObservable, caseReference: String, by actor: AuditActor) async throws -> String {
        let kind: Indicator.Kind?
        switch observable.type {
        case .ip: kind = .ip
        case .domain: kind = .domain
        case .url: kind = .url
        case .email: kind = .email
        case .hash: kind = [32: Indicator.Kind.md5, 40: .sha1, 64: .sha256][observable.value.count]
        default: kind = nil
        }
        guard let kind else {
            throw CoreError.invalid([
                FieldError(
                    field: "observable",
                    message: "a \(observable.type.rawValue) cannot be a threat-intelligence indicator (IP, domain, URL, email, MD5/SHA-1/SHA-256 can)"
                )
            ])
        }
        let indicator = try await detection.addIndicator(
            value: observable.value, kind: kind, source: "case \(caseReference)", confidence: 80, expiresAt: nil,
            description: observable.description.isEmpty ? "Promoted from case \(caseReference)" : observable.description, by: actor)
        return indicator.id
    }
}
