// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Downloads a published feed (an OSV export, the KEV catalog, the EPSS file) to a file, with a size bound that is
/// enforced while the bytes arrive: a server that sends more than `maxBytes` is cut off, not written to the disk.
public struct FeedDownloader: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public var maxBytes: Int64
    public var timeout: TimeInterval

    public init(maxBytes: Int64, timeout: TimeInterval = 600) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    /// Fetches `url` into `file` (replaced when present). Only http and https; anything but a 2xx answer is a failure
    /// naming the status.
    public func download(_ url: URL, to file: URL) async throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw Failure(description: "only http and https URLs are fetched")
        }
        let delegate = Delegate(destination: file, maxBytes: maxBytes)
        let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            delegate.start(continuation)
            session.downloadTask(with: URLRequest(url: url, timeoutInterval: timeout)).resume()
        }
    }

    /// Receives the task's progress and result; `continuation` is set before the task starts and resumed once.
    private final class Delegate: NSObject, URLSessionDownloadDelegate, @unchecked Sendable {
        let destination: URL
        let maxBytes: Int64
        private var continuation: CheckedContinuation<Void, any Error>?
        private var failure: Failure?
        private let lock = NSLock()

        init(destination: URL, maxBytes: Int64) {
            self.destination = destination
            self.maxBytes = maxBytes
        }

        func start(_ continuation: CheckedContinuation<Void, any Error>) { lock.withLock { self.continuation = continuation } }

        func urlSession(
            _ session: URLSession, downloadTask: URLSessionDownloadTask, didWriteData bytesWritten: Int64, totalBytesWritten: Int64,
            totalBytesExpectedToWrite: Int64
        ) {
            let limit = max(totalBytesWritten, totalBytesExpectedToWrite)
            if limit > maxBytes {
                lock.withLock {
                    failure = Failure(description: "larger than the limit of \(maxBytes / 1_048_576) MiB (--max-download)")
                }
                downloadTask.cancel()
            }
        }

        func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
            let status = (downloadTask.response as? HTTPURLResponse)?.statusCode ?? 0
            guard (200..<300).contains(status) else {
                lock.withLock { failure = Failure(description: "the server answered HTTP \(status)") }
                return
            }
            do {
                let size = (try FileManager.default.attributesOfItem(atPath: location.path)[.size] as? NSNumber)?.int64Value ?? 0
                if size > maxBytes {
                    lock.withLock { failure = Failure(description: "larger than the limit of \(maxBytes / 1_048_576) MiB (--max-download)") }
                    return
                }
                try? FileManager.default.removeItem(at: destination)
                try FileManager.default.moveItem(at: location, to: destination)
            } catch {
                lock.withLock { failure = Failure(description: "cannot keep the download: \(error.localizedDescription)") }
            }
        }

        func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
            let outcome: Result<Void, any Error> = lock.withLock {
                if let failure { return .failure(failure) }
                if let error { return .failure(Failure(description: error.localizedDescription)) }
                return .success(())
            }
            let continuation = lock.withLock {
                let taken = self.continuation
                self.continuation = nil
                return taken
            }
            continuation?.resume(with: outcome)
        }
    }
}
