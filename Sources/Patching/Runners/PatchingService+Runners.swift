// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import BulwarkCore
import Foundation

/// A file a run gets: written to a private directory, its path put in place of `{{placeholder}}`.
public struct PatchRunFile: Sendable, Equatable {
    public var placeholder: String
    public var name: String
    public var contents: String
    public var executable: Bool

    public init(placeholder: String, name: String, contents: String, executable: Bool = false) {
        self.placeholder = placeholder
        self.name = name
        self.contents = contents
        self.executable = executable
    }
}

/// One run of a runner's command.
public struct PatchRunRequest: Sendable, Equatable {
    public var runner: PatchRunner
    /// The values of `{{job}}`, `{{host}}`, `{{asset}}`.
    public var values: [String: String]
    public var files: [PatchRunFile]
    /// Set for the command besides the runner's own environment (`BULWARK_JOB`, `BULWARK_ASSET`).
    public var environment: [String: String]

    public init(runner: PatchRunner, values: [String: String], files: [PatchRunFile], environment: [String: String]) {
        self.runner = runner
        self.values = values
        self.files = files
        self.environment = environment
    }
}

public struct PatchRunOutcome: Sendable, Equatable {
    public var exitStatus: Int
    /// Standard output and error together, as the program wrote them.
    public var output: String
    public var timedOut: Bool

    public init(exitStatus: Int, output: String, timedOut: Bool = false) {
        self.exitStatus = exitStatus
        self.output = output
        self.timedOut = timedOut
    }
}

/// Runs a program without a shell, declared here and implemented by the application (Patching starts no process).
/// It writes the request's files to a private directory, puts their paths in the arguments, stops the program at
/// the timeout, and removes the files afterwards. A program that cannot start is an outcome (status 127), not an error.
public protocol PatchRunExecutor: Sendable {
    func run(_ request: PatchRunRequest) async -> PatchRunOutcome
}

extension PatchingService {
    /// What one runner pass did.
    public struct RunnerOutcome: Sendable, Equatable {
        public var jobsStarted = 0
        public var runs = 0
        public var failedRuns = 0
        public init() {}
    }

    /// Starts every scheduled job whose window is open with the first runner that takes it, and reports each
    /// asset's exit status and output as a result. A job started by another node first is left to it; a job no
    /// runner takes waits for results by API (said once on its timeline).
    @discardableResult
    public func runDueJobs(runners: [PatchRunner], executor: any PatchRunExecutor) async throws -> RunnerOutcome {
        var outcome = RunnerOutcome()
        guard !runners.isEmpty else { return outcome }
        let now = clock.now()
        var due: [PatchJob] = []
        var cursor: String?
        repeat {
            let page = try await store.jobs(statuses: [.scheduled], page: PageRequest(limit: 200, cursor: cursor))
            cursor = page.next
            due += page.items.filter { $0.isDue(at: now) }
        } while cursor != nil
        for job in due {
            guard let runner = runners.first(where: { $0.takes(job) }) else {
                let ecosystems = Set(job.lines.map(\.ecosystem)).sorted().joined(separator: ", ")
                let text = "no runner takes \(ecosystems): waiting for results by POST /api/v1/patch-jobs/{id}/results"
                if !job.timeline.contains(where: { $0.kind == "runner" && $0.text == text }) {
                    _ = try? await mutate(id: job.id, by: .system, action: "patching.job.runner") { current in
                        current.timeline.append(PatchJobEvent(at: now, by: "system", kind: "runner", text: text))
                    } detail: { _ in
                        text
                    }
                }
                continue
            }
            let actor = AuditActor(username: "runner:\(runner.name)", source: "patch-runner")
            let started: PatchJob
            do {
                started = try await mutate(id: job.id, by: actor, action: "patching.job.start") { current in
                    try current.apply(.start(runner: runner.name, at: now))
                } detail: { _ in
                    "started by runner \(runner.name)"
                }
            } catch CoreError.conflict {
                continue  // another node started it, or it moved meanwhile
            }
            outcome.jobsStarted += 1
            for (assets, run) in try runs(of: started, runner: runner) {
                let result: PatchRunOutcome
                switch run {
                case .success(let request): result = await executor.run(request)
                case .failure(let problem): result = PatchRunOutcome(exitStatus: 2, output: "bulwark: \(problem.message)\n")
                }
                outcome.runs += 1
                if result.exitStatus != 0 { outcome.failedRuns += 1 }
                var output = runner.kept(result.output)
                if result.timedOut { output += "\nbulwark: stopped after the runner's timeout of \(Int(runner.timeout)) s\n" }
                for asset in assets {
                    _ = try await report(id: started.id, assetID: asset.assetID, exitStatus: result.exitStatus, output: output, by: actor)
                }
            }
        }
        return outcome
    }

    /// The runs a runner makes of a job: one per asset, or one for them all; each a request, or the reason it
    /// cannot be made (a host name that cannot go into an inventory).
    func runs(of job: PatchJob, runner: PatchRunner) throws -> [([PatchJobAsset], Result<PatchRunRequest, PatchRunnerProblem>)] {
        let now = clock.now()
        let artefacts = [
            PatchRunFile(placeholder: "playbook", name: "playbook.yml", contents: try PatchArtefacts.render(.ansible, job: job, generatedAt: now)),
            PatchRunFile(
                placeholder: "script", name: "patch.sh", contents: try PatchArtefacts.render(.shell, job: job, generatedAt: now), executable: true),
            PatchRunFile(placeholder: "plan", name: "plan.json", contents: try PatchArtefacts.render(.json, job: job, generatedAt: now)),
        ]
        func request(_ assets: [PatchJobAsset]) -> Result<PatchRunRequest, PatchRunnerProblem> {
            Result { () throws(PatchRunnerProblem) -> PatchRunRequest in
                var values = ["job": job.id]
                var environment = ["BULWARK_JOB": job.id]
                if runner.scope == .asset, let asset = assets.first {
                    values["host"] = asset.host
                    values["asset"] = asset.assetName
                    environment["BULWARK_ASSET"] = asset.assetName
                }
                _ = try runner.arguments(values)
                let inventory = PatchRunFile(placeholder: "inventory", name: "inventory.ini", contents: try Self.inventory(assets))
                return PatchRunRequest(runner: runner, values: values, files: [inventory] + artefacts, environment: environment)
            }
        }
        switch runner.scope {
        case .asset: return job.assets.map { ([$0], request([$0])) }
        case .job: return [(job.assets, request(job.assets))]
        }
    }

    /// An Ansible INI inventory of the hosts: one per line in the `bulwark` group. A host that is not a plain host
    /// name or address (spaces, `=`, brackets, a leading `-`) is refused: INI would read it as variables or a group.
    static func inventory(_ assets: [PatchJobAsset]) throws(PatchRunnerProblem) -> String {
        var text = "[bulwark]\n"
        for asset in assets {
            let host = asset.host
            guard !host.isEmpty, !host.hasPrefix("-"), host.count <= 253,
                host.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_:".unicodeScalars.contains($0)) })
            else {
                throw PatchRunnerProblem(message: "the host '\(host.prefix(80))' of \(asset.assetName.prefix(80)) cannot go into an inventory")
            }
            text += host + "\n"
        }
        return text
    }
}
