// swift-tools-version: 6.1
import PackageDescription

// Dependencies point one way: onepool → OnePoolCLI → Store → Core.
// Core depends on nothing but the standard library.
//
// Linux only: the console's shim includes <ncursesw/curses.h> and the store calls Glibc
// (pwrite, fdatasync, flock) directly. No `platforms:` entry claims what cannot be built or
// tested here (SwiftPM has no Linux entry to state it).
let package = Package(
    name: "OnePool",
    products: [
        .executable(name: "onepool", targets: ["onepool"]),
        .library(name: "OnePoolCore", targets: ["OnePoolCore"]),
        .library(name: "OnePoolStore", targets: ["OnePoolStore"]),
        .library(name: "OnePoolCLI", targets: ["OnePoolCLI"]),
        .library(name: "OnePoolConsole", targets: ["OnePoolConsole"]),
        .library(name: "OnePoolConsoleRuntime", targets: ["OnePoolConsoleRuntime"]),
        .library(name: "OnePoolChannels", targets: ["OnePoolChannels"]),
        .library(name: "OnePoolSync", targets: ["OnePoolSync"]),
        // For Benchmarks/ only: the Shopify Admin API emulator the sync tests use.
        .library(name: "ShopifyEmulator", targets: ["ShopifyEmulator"]),
        // For Benchmarks/ only: the SP-API emulator the Amazon sync tests use.
        .library(name: "SPAPIEmulator", targets: ["SPAPIEmulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // Deque: the console's activity (newest first, trimmed at the far end) without copying.
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .target(name: "OnePoolCore"),
        .target(name: "OnePoolStore", dependencies: ["OnePoolCore", "CCRC32C"]),
        // CRC-32C with the CPU's instruction (SSE4.2), for the store's checksums; no library needed.
        .target(name: "CCRC32C"),
        // Channel file formats in and out (Shopify, Amazon, generic CSV) and what importing means.
        // CSV is read by Debian's libcsv (`apt-get install libcsv-dev`) through CLibCSV, and written by CSV.swift.
        .target(
            name: "OnePoolChannels",
            dependencies: ["OnePoolCore", "CLibCSV", "CCRC32C", .product(name: "CSV", package: "CSV.swift")]
        ),
        // A thin C shim over libcsv: rows in chunks, with the lines and UTF-8 checks libcsv does not do.
        .target(name: "CLibCSV"),
        // Live channel sync: connectors to channel APIs (URLSession), credentials, the sync engine.
        .target(name: "OnePoolSync", dependencies: ["OnePoolCore", "OnePoolStore", "OnePoolChannels", "CZlib"]),
        // A thin C shim over the system's zlib (`apt-get install zlib1g-dev`): SP-API report documents are gzip.
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // The terminal UI, pure: state, reducers, views, screen, keys and the theme model. Core (and a Deque) only.
        .target(
            name: "OnePoolConsole",
            dependencies: ["OnePoolCore", .product(name: "DequeModule", package: "swift-collections")]
        ),
        // What the pure console needs from the world: ncurses, the store, publishing, theme files.
        .target(
            name: "OnePoolConsoleRuntime",
            dependencies: [
                "OnePoolConsole", "OnePoolCore", "OnePoolStore", "OnePoolChannels", "CNcurses",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // A thin C shim over libncursesw (wide characters): macros and globals as functions.
        .target(name: "CNcurses"),
        // The demo store: a seeded simulation of two years of trading, written through Core's fold
        // into a real store. Its own target so the CLI's verbs and the simulation stay apart.
        .target(name: "OnePoolDemo", dependencies: ["OnePoolCore", "OnePoolStore"]),
        .target(
            name: "OnePoolCLI",
            dependencies: [
                "OnePoolCore", "OnePoolStore", "OnePoolConsole", "OnePoolConsoleRuntime", "OnePoolChannels",
                "OnePoolSync", "OnePoolDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        .executableTarget(name: "onepool", dependencies: ["OnePoolCLI"]),
        // Test support: the emulators' one HTTP/1.1 server on a loopback port, written for fault control.
        .target(name: "LoopbackHTTP", path: "Tests/LoopbackHTTP"),
        // Test support: an SP-API emulator on a loopback port.
        .target(name: "SPAPIEmulator", dependencies: ["CZlib", "LoopbackHTTP"], path: "Tests/SPAPIEmulator"),
        // Shared by the test targets only: seeded randomness and event streams for property tests.
        .target(name: "OnePoolTestSupport", dependencies: ["OnePoolCore"], path: "Tests/OnePoolTestSupport"),
        // Textbook inventory formulas (EOQ, newsvendor, (r,Q), (s,S), base stock, Poisson and normal
        // demand), checked against policy_cases.json: a yardstick for the planner's tests, not product code.
        .target(name: "OnePoolPolicyReference", path: "Tests/OnePoolPolicyReference"),
        .testTarget(
            name: "OnePoolCoreTests",
            dependencies: [
                "OnePoolCore", "OnePoolTestSupport", "OnePoolPolicyReference",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "OnePoolStoreTests",
            dependencies: [
                "OnePoolStore", "OnePoolTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "OnePoolConsoleTests",
            dependencies: ["OnePoolConsole", "OnePoolConsoleRuntime", "OnePoolStore", "OnePoolTestSupport"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "OnePoolChannelsTests",
            dependencies: ["OnePoolChannels", "OnePoolTestSupport", .product(name: "CSV", package: "CSV.swift")],
            exclude: ["Fixtures"]
        ),
        // A Shopify Admin GraphQL emulator on a loopback port, with faults and a storefront.
        .target(name: "ShopifyEmulator", dependencies: ["LoopbackHTTP"], path: "Tests/ShopifyEmulator"),
        .testTarget(
            name: "OnePoolSyncTests",
            dependencies: [
                "OnePoolSync", "OnePoolStore", "ShopifyEmulator", "SPAPIEmulator", "LoopbackHTTP", "OnePoolTestSupport",
                "onepool",
            ]
        ),
        .testTarget(
            name: "OnePoolCLITests",
            dependencies: [
                "OnePoolCLI", "OnePoolConsole", "OnePoolDemo", "OnePoolStore", "OnePoolTestSupport", "onepool",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
