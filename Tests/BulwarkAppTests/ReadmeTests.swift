import AccessControl
import Foundation
import Testing

/// The README is the newcomer's manual: the parts generated from code must match the code.
@Suite struct ReadmeTests {
    static let readme: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    }()

    @Test func permissionTableMatchesTheMatrix() {
        #expect(Self.readme.contains(PermissionMatrix.markdownTable()), "run `bulwark admin permissions` and paste the table into README.md")
    }

    @Test func quickStartNamesTheTwoCommands() {
        #expect(Self.readme.contains("swift run bulwark demo"))
        #expect(Self.readme.contains("./scripts/test"))
    }
}
