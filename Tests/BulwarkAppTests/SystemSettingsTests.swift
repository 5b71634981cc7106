// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation
import Incidents
import Storage
import Testing

@testable import BulwarkApp

/// The admin's settings page: the values the server runs with, in which no secret can be read.
@Suite struct SystemSettingsTests {
    @Test func settingsShowTheRunningValuesAndMaskEverySecret() async throws {
        var settings = ServerSettings(
            storage: StorageSettings(dataDirectory: "/var/lib/bulwark", databaseURL: "postgres://bulwark:db-pass-1@db:5432/b"))
        settings.foundation.smtpURL = "smtps://mailer:smtp-pass-2@mail.example.com:465"
        settings.foundation.trustedProxies = ["10.0.0.1", "127.0.0.1"]
        settings.incidents.webhooks = [WebhookSettings(url: "https://hooks.example.com/a", secret: "hook-secret-3", minimumSeverity: .high)]
        settings.incidents.cases.actionEnvironment = ["EDR_TOKEN": "edr-secret-4"]
        let lines = SystemStatusProvider.settings(settings)
        let text = lines.map { "\($0.group) \($0.name)=\($0.value)" }.joined(separator: "\n")
        for secret in ["db-pass-1", "smtp-pass-2", "hook-secret-3", "edr-secret-4"] { #expect(!text.contains(secret), "\(secret) is masked") }
        let value = Dictionary(lines.map { ("\($0.group) \($0.name)", $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(value["Foundation storage.databaseURL"] == "postgres://bulwark:****@db:5432/b")
        #expect(value["Foundation smtpURL"] == "smtps://mailer:****@mail.example.com:465")
        #expect(value["Foundation trustedProxies"] == "10.0.0.1, 127.0.0.1")
        #expect(value["Incidents webhooks[0].url"] == "https://hooks.example.com/a")
        #expect(value["Incidents webhooks[0].secret"] == "•••• (set)")
        #expect(value["Incidents cases.actionEnvironment"] == "EDR_TOKEN=••••")
        #expect(value["Foundation policy.minPasswordLength"] == "12", "numbers are never secrets, whatever their name")
        #expect(value["Foundation policy.sessionIdleTimeout"] == "30 min")
        #expect(value["Incidents cases.sla.acknowledge"]?.hasPrefix("critical=15 min, high=1 h") == true)
    }

}
