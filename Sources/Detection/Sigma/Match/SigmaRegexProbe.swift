// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// For tests: the literal a `re` value requires.
public enum SigmaRegexProbe {
    public static func literal(_ pattern: String) -> String? { SigmaRegex.requiredLiteral(pattern) }
    public static func literals(_ pattern: String) -> [String]? { SigmaRegex.requiredLiterals(pattern) }
}
