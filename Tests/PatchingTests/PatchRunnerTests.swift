// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

@testable import BulwarkApp
import BulwarkCore
import BulwarkTesting
import Foundation
@testable import Patching
import Testing

/// Runners (`--patch-runners`): the file refused with its line, real child processes run without a shell (their
/// output, exit status and timeout captured), and a scheduled job started in its window, each asset's run reported.
@Suite struct PatchRunnerTests {
    static func problem(_ text: String, environment: [String: String] = [:]) -> String {
        do {
            _ = try PatchRunner.parse(text, path: "runners.yml", environment: environment)
            return "accepted"
        } catch { return "\(error)" }
    }

    @Test func aRunnersFileIsReadWithItsSecretsAndRefusedWithItsLine() throws {
        let runners = try PatchRunner.parse(
            """
            runners:
              - name: ansible
                command: [ansible-playbook, -i, "{{inventory}}", --limit, "{{host}}", "{{playbook}}"]
                ecosystems: [Debian, PyPI]
                timeout: 30m
                environment:
                  ANSIBLE_BECOME_PASSWORD: "pw-${BECOME}"
              - name: everything-else
                command: [/opt/patch/apply, "--plan={{plan}}"]
                scope: job
            """, path: "runners.yml", environment: ["BECOME": "s3cret"])
        #expect(runners.map(\.name) == ["ansible", "everything-else"])
        #expect(runners[0].scope == .asset && runners[0].timeout == 1800 && runners[1].scope == .job && runners[1].timeout == 1800)
        #expect(runners[0].environment == ["ANSIBLE_BECOME_PASSWORD": "pw-s3cret"] && runners[0].secrets == ["s3cret"])
        #expect(runners[0].kept("password pw-s3cret accepted") == "password pw-**** accepted")
        #expect(try runners[1].arguments(["plan": "/tmp/p.json"]) == ["/opt/patch/apply", "--plan=/tmp/p.json"])

        #expect(Self.problem("runners:\n  - name: a\n    command: ansible-playbook x.yml\n").hasPrefix("runners.yml:3: 'command' must be a list"))
        #expect(Self.problem("runners:\n  - name: a\n    command: [x, \"{{hosts}}\"]\n").hasPrefix("runners.yml:3: unknown placeholder {{hosts}}"))
        #expect(
            Self.problem("runners:\n  - name: a\n    scope: job\n    command: [x, \"{{host}}\"]\n")
                == "runners.yml:4: {{host}} needs scope asset: a job-wide run has no single host")
        #expect(
            Self.problem("runners:\n  - name: a\n    command: [x]\n    environment:\n      TOKEN: ${MISSING}\n")
                == "runners.yml:5: ${MISSING} is not set in the server's environment")
        #expect(Self.problem("runners:\n  - name: a\n    command: [x]\n    timeout: 2w\n").hasPrefix("runners.yml:4: 'timeout'"))
        #expect(Self.problem("runners:\n  - name: a\n    command: [x]\n    shell: true\n").hasPrefix("runners.yml:4: unknown key 'shell'"))
        #expect(Self.problem("runners: []\n").hasPrefix("runners.yml:1: 'runners' must be a list of at least one runner"))
    }

    @Test func aValueThatWouldBeReadAsAnOptionIsRefused() throws {
        let runner = PatchRunner(name: "ssh", command: ["ssh", "{{host}}", "sudo", "bash", "-s"])
        #expect(throws: PatchRunnerProblem.self) { _ = try runner.arguments(["host": "-oProxyCommand=touch /tmp/pwned"]) }
        // Any other text is one argument, whatever it holds: no shell reads it.
        #expect(try runner.arguments(["host": "a;b $(id) `x`"]) == ["ssh", "a;b $(id) `x`", "sudo", "bash", "-s"])
        #expect(throws: PatchRunnerProblem.self) {
            _ = try PatchingService.inventory([PatchJobAsset(assetID: "1", assetName: "x", host: "web ansible_host=evil")])
        }
        #expect(
            try PatchingService.inventory([PatchJobAsset(assetID: "1", assetName: "x", host: "web-1.example.com")])
                == "[bulwark]\nweb-1.example.com\n")
    }

    static func request(_ command: [String], timeout: TimeInterval = 60, environment: [String: String] = [:]) -> PatchRunRequest {
        PatchRunRequest(
            runner: PatchRunner(name: "t", command: command, timeout: timeout, environment: environment, secrets: Array(environment.values)),
            values: ["job": "J1", "host": "web-1", "asset": "web-1"],
            files: [PatchRunFile(placeholder: "inventory", name: "inventory.ini", contents: "[bulwark]\nweb-1\n")],
            environment: ["BULWARK_JOB": "J1", "BULWARK_ASSET": "web-1"])
    }

    @Test func aRealProcessRunsWithoutAShellAndItsStatusAndOutputAreCaptured() async throws {
        let executor = ProcessRunExecutor(baseEnvironment: ["PATH": "/usr/bin:/bin", "BULWARK_SECRET": "server-only"])
        let outcome = await executor.run(
            Self.request(
                [
                    "sh", "-c",
                    "echo \"job $BULWARK_JOB on $BULWARK_ASSET, token $TOKEN, secret '$BULWARK_SECRET'\"; cat \"$1\"; echo oops >&2; exit 3",
                    "sh", "{{inventory}}",
                ], environment: ["TOKEN": "t0k3n"]))
        #expect(outcome.exitStatus == 3 && !outcome.timedOut)
        #expect(outcome.output.contains("job J1 on web-1, token t0k3n, secret ''"), "the server's own variables stay with the server")
        #expect(outcome.output.contains("[bulwark]\nweb-1\n") && outcome.output.contains("oops"))
        // The argument holding `$(…)` reaches the program as text.
        let echoed = await executor.run(Self.request(["printf", "%s", "$(touch /tmp/bulwark-pwned)"]))
        #expect(echoed.exitStatus == 0 && echoed.output == "$(touch /tmp/bulwark-pwned)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/bulwark-pwned"))
        let missing = await executor.run(Self.request(["no-such-program-here"]))
        #expect(missing.exitStatus == 127 && missing.output.contains("not found in PATH"))
    }

    @Test func aRunPastItsTimeoutIsStoppedAndSaysSo() async throws {
        let executor = ProcessRunExecutor(baseEnvironment: ["PATH": "/usr/bin:/bin"])
        let outcome = await executor.run(Self.request(["sh", "-c", "echo started; sleep 60; echo never"], timeout: 1))
        #expect(outcome.timedOut && outcome.exitStatus != 0)
        #expect(outcome.output.contains("started") && !outcome.output.contains("never"))
    }

    /// A job on the fixture's asset, approved and scheduled into an always-open window (`draft` only when not `scheduled`).
    static func job(_ f: PatchingServiceTests.Fixture, scheduled: Bool = true) async throws -> PatchJob {
        _ = try await PatchingServiceTests.importRequests(f, "2.19.0")
        let window = try await PatchingServiceTests.window(f)
        let engineer = PatchingServiceTests.engineer
        var job = try await f.patching.createJob(PatchJobDraft(title: "Patch web-1", assetIDs: [f.asset.id], windowID: window.id), by: engineer)
        guard scheduled else { return job }
        job = try await f.patching.change(id: job.id, PatchJobChange(status: .submitted), by: engineer)
        job = try await f.patching.approve(id: job.id, comment: nil, by: AuditActor(username: "mgr", source: "test"))
        return try await f.patching.change(id: job.id, PatchJobChange(status: .scheduled), by: engineer)
    }

    /// The service: a scheduled job in an open window is started by the runner once (a second pass leaves it), each
    /// asset's exit status and output (secrets masked) recorded; a failed run fails the job and is notified.
    @Test func aScheduledJobIsStartedInItsWindowAndItsRunReported() async throws {
        try await PatchingServiceTests.with { f in
            let draft = try await Self.job(f, scheduled: false)
            let runner = PatchRunner(
                name: "check",
                command: [
                    "sh", "-c", "echo \"$BULWARK_ASSET with $TOKEN\"; head -n 1 \"$1\"; test -s \"$2\" || exit 9; exit 5",
                    "sh", "{{inventory}}", "{{playbook}}",
                ], environment: ["TOKEN": "t0k3n"], secrets: ["t0k3n"])
            let executor = ProcessRunExecutor(baseEnvironment: ["PATH": "/usr/bin:/bin"])
            // Not scheduled yet: nothing runs.
            #expect(try await f.patching.runDueJobs(runners: [runner], executor: executor).jobsStarted == 0)
            let engineer = PatchingServiceTests.engineer
            _ = try await f.patching.change(id: draft.id, PatchJobChange(status: .submitted), by: engineer)
            _ = try await f.patching.approve(id: draft.id, comment: nil, by: AuditActor(username: "mgr", source: "test"))
            var job = try await f.patching.change(id: draft.id, PatchJobChange(status: .scheduled), by: engineer)
            let outcome = try await f.patching.runDueJobs(runners: [runner], executor: executor)
            #expect(outcome.jobsStarted == 1 && outcome.runs == 1 && outcome.failedRuns == 1)
            job = try await f.patching.job(id: job.id)
            #expect(job.status == .failed)
            let asset = try #require(job.assets.first)
            #expect(asset.exitStatus == 5 && asset.state == .failed && asset.reportedBy == "runner:check")
            #expect(asset.output == "web-1 with ****\n[bulwark]\n")
            #expect(job.timeline.contains { $0.kind == "status" && $0.text == "started by runner check" })
            #expect(await f.notices.failures.map(\.asset) == ["web-1"])
            #expect(try await f.patching.runDueJobs(runners: [runner], executor: executor).jobsStarted == 0, "a started job is not started again")
        }
    }

    @Test func aJobNoRunnerTakesWaitsForResultsAndSaysSoOnce() async throws {
        try await PatchingServiceTests.with { f in
            var job = try await Self.job(f)
            let debianOnly = PatchRunner(name: "apt", command: ["true"], ecosystems: ["Debian"])
            let executor = ProcessRunExecutor(baseEnvironment: ["PATH": "/usr/bin:/bin"])
            for _ in 0..<2 { #expect(try await f.patching.runDueJobs(runners: [debianOnly], executor: executor).jobsStarted == 0) }
            job = try await f.patching.job(id: job.id)
            #expect(job.status == .scheduled)
            #expect(
                job.timeline.filter { $0.kind == "runner" }.map(\.text) == [
                    "no runner takes PyPI: waiting for results by POST /api/v1/patch-jobs/{id}/results"
                ])
        }
    }
}
