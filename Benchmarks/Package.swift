// swift-tools-version:6.1
// Micro-benchmarks of Bulwark's engines with package-benchmark (ordo-one), in their own package so that the main
// build stays lean. Run: cd Benchmarks && swift package --disable-sandbox benchmark
import PackageDescription

let package = Package(
    name: "bulwark-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "bulwark", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Pipeline",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BulwarkMonitoring", package: "bulwark"),
            ],
            path: "Benchmarks/Pipeline",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "SigmaRules",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BulwarkMonitoring", package: "bulwark"),
            ],
            path: "Benchmarks/SigmaRules",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PatchPlan",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BulwarkVulnerabilities", package: "bulwark"),
                .product(name: "BulwarkPatching", package: "bulwark"),
            ],
            path: "Benchmarks/PatchPlan",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "VulnScan",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "BulwarkVulnerabilities", package: "bulwark"),
            ],
            path: "Benchmarks/VulnScan",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
