// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
    private let openFiles = Int32(RLIMIT_NOFILE.rawValue)
#elseif canImport(Darwin)
    import Darwin
    private let openFiles = RLIMIT_NOFILE
#endif

/// The process's open-file limit. Distributions start services with a soft limit of 1,024 and a much higher hard
/// limit; every connection takes a descriptor, so the server raises the soft limit to the hard one at start.
enum FileDescriptorLimit {
    /// Raises the soft limit as far as the hard limit allows (at most 1,048,576); returns the limit in force.
    @discardableResult
    static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(openFiles, &limit) == 0 else { return 1024 }
        let wanted = min(limit.rlim_max, 1 << 20)
        if limit.rlim_cur < wanted {
            var raised = limit
            raised.rlim_cur = wanted
            if setrlimit(openFiles, &raised) == 0 { return Int(wanted) }
        }
        return Int(limit.rlim_cur)
    }
}
