// Copyright 2026 the Bulwark authors. Licensed under the Apache License, Version 2.0: see LICENSE.
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Reads Sigma rules from files and directories (recursively, `.yml` and `.yaml`), in path order.
/// Every rule that cannot be read is reported with file, line and reason; the others load.
public enum SigmaLoader {
    public struct Result: Sendable {
        public var rules: [SigmaRule] = []
        public var errors: [SigmaLoadError] = []
        public var files = 0
    }

    /// Files larger than this are refused (a rule is a few KiB; the largest SigmaHQ rule is under 100 KiB).
    public static let maximumFileSize = 4 << 20

    public static func load(paths: [String]) -> Result {
        var result = Result()
        for path in paths {
            for file in files(at: path, errors: &result.errors) {
                result.files += 1
                load(file: file, into: &result)
            }
        }
        return result
    }

    static func load(file: String, into result: inout Result) {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            if let size = attributes[.size] as? Int, size > maximumFileSize {
                result.errors.append(SigmaLoadError(SourceLocation(path: file, line: 1), "file larger than \(maximumFileSize >> 20) MiB"))
                return
            }
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let text = String(data: data, encoding: .utf8) else {
                result.errors.append(SigmaLoadError(SourceLocation(path: file, line: 1), "not UTF-8 text"))
                return
            }
            for outcome in SigmaYAML.parse(text, path: file) {
                switch outcome {
                case .rule(let rule): result.rules.append(rule)
                case .failure(let error): result.errors.append(error)
                }
            }
        } catch {
            result.errors.append(SigmaLoadError(SourceLocation(path: file, line: 1), "cannot read: \(error.localizedDescription)"))
        }
    }

    /// The rule files at `path`: the file itself, or every .yml/.yaml below a directory, sorted.
    static func files(at path: String, errors: inout [SigmaLoadError]) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            errors.append(SigmaLoadError(SourceLocation(path: path, line: 0), "no such file or directory"))
            return []
        }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let lower = relative.lowercased()
            if lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") {
                files.append((path as NSString).appendingPathComponent(relative))
            }
        }
        return files.sorted()
    }
}
