// swift-tools-version:6.1
// libFuzzer targets for every reader of untrusted input, in their own package so that the sanitizer build stays out
// of the main one. Build and run: scripts/fuzz (see README "Security").
import PackageDescription

let package = Package(
    name: "bulwark-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "bulwark", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "BulwarkFuzz",
            dependencies: [.product(name: "BulwarkEngines", package: "bulwark")],
            path: "Sources/BulwarkFuzz",
            // libFuzzer brings main(); the whole build gets -sanitize=fuzzer,address from scripts/fuzz.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
