import Foundation

/// For tests: the literal a `re` value requires.
public enum SigmaRegexProbe {
    public static func literal(_ pattern: String) -> String? { SigmaRegex.requiredLiteral(pattern) }
    public static func literals(_ pattern: String) -> [String]? { SigmaRegex.requiredLiterals(pattern) }
}
