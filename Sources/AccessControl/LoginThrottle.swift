import Foundation

/// Counts recent failed sign-ins per source address, in memory, to slow password guessing across accounts.
/// Per-account lockout is kept with the user, so that it holds across restarts and nodes.
public actor LoginThrottle {
    private var failures: [String: [Date]] = [:]
    private let limit: Int
    private let window: TimeInterval
    /// Most distinct sources tracked; the oldest are forgotten first, so memory stays bounded under a spray.
    private let maxSources = 100_000

    public init(limit: Int, window: TimeInterval) {
        self.limit = limit
        self.window = window
    }

    /// Whether `source` has failed too often recently.
    public func isThrottled(_ source: String, now: Date) -> Bool {
        prune(source, now: now) >= limit
    }

    public func recordFailure(_ source: String, now: Date) {
        _ = prune(source, now: now)
        if failures.count >= maxSources, failures[source] == nil, let oldest = failures.min(by: { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) })?.key {
            failures[oldest] = nil
        }
        failures[source, default: []].append(now)
    }

    private func prune(_ source: String, now: Date) -> Int {
        guard let list = failures[source] else { return 0 }
        let kept = list.filter { now.timeIntervalSince($0) < window }
        failures[source] = kept.isEmpty ? nil : kept
        return kept.count
    }
}
