// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// The domain targets: the areas' rules and use cases, without HTTP, SQL or sockets. Storage implements their
/// store protocols, Web and the app use them; a new area is one line here (see docs/adding-an-area.md).
let domains: [Target.Dependency] = [
    "Inventory", "Monitoring", "Detection", "Incidents", "Vulnerabilities", "Patching", "Governance", "AccessControl",
]

/// A domain target: depends on BulwarkCore and what it names, never on HTTP, SQL or sockets.
func domain(_ name: String, _ dependencies: [Target.Dependency] = [], resources: [Resource]? = nil) -> Target {
    .target(name: name, dependencies: ["BulwarkCore"] + dependencies, resources: resources, swiftSettings: swiftSettings)
}

let package = Package(
    name: "bulwark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bulwark", targets: ["bulwark"]),
        // For the benchmarks package (Benchmarks/), which measures the engines directly.
        .library(name: "BulwarkMonitoring", targets: ["Monitoring", "Storage", "Detection"]),
        .library(name: "BulwarkVulnerabilities", targets: ["Vulnerabilities"]),
        .library(name: "BulwarkPatching", targets: ["Patching"]),
        // For the fuzzing package (Fuzz/): the engines that read untrusted input, without storage or HTTP.
        .library(name: "BulwarkEngines", targets: ["BulwarkCore", "Inventory", "Monitoring", "Detection", "Vulnerabilities"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Sigma rules are YAML; Yams (libyaml) gives the line of every node for error messages.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        .executableTarget(
            name: "bulwark",
            dependencies: ["BulwarkApp"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "BulwarkCore",
            // Yams for YAMLGuard, which every YAML reader calls before composing.
            dependencies: ["CZlib", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Assets and people: the shared model every area points at (areas may depend on it, not on each other).
        domain("Inventory"),
        domain("Monitoring", ["CZlib", .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics")]),
        domain("Detection", [.product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log")]),
        domain(
            "Incidents",
            [
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: ["phishing", "malware", "ransomware", "compromised-account", "data-breach", "ddos", "insider-threat", "lost-device"]
                .map { .embedInCode("Playbooks/Bundled/\($0).yml") }),
        domain("Vulnerabilities", ["Inventory"]),
        // Patch management: remediation plans from findings (reads vulnerabilities only through its AdvisoryOracle).
        domain("Patching"),
        // Access governance of the organisation's systems: identity sources, accounts, entitlements, risky access.
        domain("Governance", [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "Collectors",
            dependencies: [
                "Monitoring",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        domain(
            "AccessControl", [.product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "Crypto", package: "swift-crypto")]),
        // Adapters that leave the process: SMTP, webhook delivery, HTTP response actions.
        .target(
            name: "Outbound",
            dependencies: [
                "BulwarkCore",
                "Incidents",
                "Governance",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: ["BulwarkCore"] + domains + [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Web",
            dependencies: ["BulwarkCore"] + domains + [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.embedInCode("Static/bulwark.css"), .embedInCode("Static/bulwark.js"), .embedInCode("Static/favicon.svg")],
            // Markup interpolated into a plain String is a deprecated overload (see Kit/Markup.swift): an error here.
            swiftSettings: swiftSettings + [.unsafeFlags(["-Werror", "DeprecatedDeclaration"])]
        ),
        .target(
            name: "BulwarkApp",
            dependencies: ["BulwarkCore", "Storage", "Web", "Collectors", "Outbound"] + domains + [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // What the tests share: temporary SQLite and PostgreSQL databases, in-process transports, the assembled
        // application with its router. Not a product: only test targets depend on it.
        .target(
            name: "BulwarkTesting",
            dependencies: ["BulwarkApp", "BulwarkCore", "Storage", "Web"] + domains + [
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "BulwarkCoreTests", dependencies: ["BulwarkCore"], swiftSettings: swiftSettings),
        .testTarget(name: "InventoryTests", dependencies: ["Inventory", "BulwarkCore"], swiftSettings: swiftSettings),
        .testTarget(name: "DetectionTests", dependencies: ["Detection"], resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "VulnerabilitiesTests", dependencies: ["Vulnerabilities", "Inventory", "Storage", "BulwarkTesting"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "IncidentsTests",
            dependencies: [
                "Incidents", "Storage", "BulwarkTesting", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "MonitoringTests", dependencies: ["Monitoring", "Storage", "BulwarkTesting"], resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CollectorsTests",
            dependencies: [
                "Collectors", "Monitoring",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AccessControlTests", dependencies: ["AccessControl", "Storage", "BulwarkTesting", .product(name: "SQLKit", package: "sql-kit")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "BulwarkTesting", "AccessControl", "BulwarkCore", "Monitoring", "Detection", "Incidents", "Vulnerabilities", "Governance",
                "Inventory",
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "BulwarkApp", "BulwarkTesting", "Storage", "AccessControl", "BulwarkCore", "Monitoring", "Detection", "Incidents",
                "Governance",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GovernanceTests", dependencies: ["Governance", "BulwarkCore", "Storage", "BulwarkTesting", "BulwarkApp", "Outbound"],
            resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "PatchingTests", dependencies: ["Patching", "Vulnerabilities", "Storage", "BulwarkTesting", "BulwarkApp"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "BulwarkAppTests",
            dependencies: [
                "BulwarkApp", "BulwarkTesting", "Monitoring", "Detection", "Incidents", "Vulnerabilities", "Storage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ], swiftSettings: swiftSettings),
    ]
)
