// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "verdict",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "verdict-server", targets: ["VerdictServer"]),
        .executable(name: "verdict", targets: ["VerdictClient"]),
        .library(name: "VerdictShared", targets: ["VerdictShared"]),
        .executable(name: "verdict-bench", targets: ["VerdictBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        /// Models, the wire protocol, text handling: everything server and client must agree on.
        .target(
            name: "VerdictShared",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto")
            ],
            path: "Sources/Shared"
        ),
        /// `verdict-server`: HTTP API, auth, storage, admin commands.
        .executableTarget(
            name: "VerdictServer",
            dependencies: [
                "VerdictShared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: "Sources/Server",
            resources: [.embedInCode("OpenAPI/openapi.yaml")]
        ),
        /// libcurl, with typed wrappers for its variadic functions (Sources/CCurl/shim.h).
        .systemLibrary(
            name: "CCurl",
            path: "Sources/CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        /// The client as a library: the offline workspace, sync, HTTP over libcurl, the user's view of the records
        /// with local edits on top. It returns values and errors and never prints.
        .target(
            name: "VerdictClientKit",
            dependencies: [
                "VerdictShared",
                "CCurl",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Sources/Client/VerdictClientKit"
        ),
        /// `verdict`: the reviewer's terminal commands over `VerdictClientKit`.
        .executableTarget(
            name: "VerdictClient",
            dependencies: [
                "VerdictShared",
                "VerdictClientKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/Client/verdict"
        ),
        /// `verdict-bench`: release-mode benchmarks against the real `verdict-server` binary (BENCHMARKS.md).
        .executableTarget(
            name: "VerdictBench",
            dependencies: [
                "VerdictShared",
                "VerdictTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/VerdictBench"
        ),
        /// Helpers the tests and the benchmark share (raw-socket HTTP, running a program, a seeded generator, the
        /// array forms of the consensus and agreement math); not a product.
        .target(
            name: "VerdictTestSupport",
            dependencies: ["VerdictShared"],
            path: "Tests/VerdictTestSupport"
        ),
        .testTarget(
            name: "VerdictTests",
            dependencies: [
                "VerdictShared",
                "VerdictServer",
                "VerdictClientKit",
                "VerdictTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: "Tests/VerdictTests"
        ),
    ]
)
