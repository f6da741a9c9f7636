// swift-tools-version: 6.1
import PackageDescription

// The storage benchmarks: a separate package so the benchmark tooling never enters the main
// build graph. It depends on the main package by path.
//
// - `onepool-bench` (Sources/onepool-bench): the plain release-mode runner behind run.sh. It runs
//   the macro benchmarks (a million events) one measurement per fresh process, next to the SQLite
//   peer (sqlite_peer.py), and prints JSON that report.py turns into the comparison table.
// - `console-bench` (Sources/console-bench): the console (OnePoolConsole) on a generated shop of
//   100,000 SKUs: update + render per key press, lookup narrowing per keystroke, start-up to the
//   first frame from a snapshot, and ncurses' share of a painted frame. Run by console.sh; see
//   CONSOLE.md.
// - `channels-bench` (Sources/channels-bench): the channel paths of issue 4 — a generated
//   1,000,000-line Shopify orders export imported through OnePoolChannels into a store (next to
//   the SQLite peer channels_sqlite_peer.py), allocation recompute for 100,000 SKUs × 8 channels
//   (full and incremental), and a full Amazon publish of 100,000 listings. Run by channels.sh;
//   see CHANNELS.md.
// - `forecast-bench` (Sources/forecast-bench): the catalogue's replenishment pass (calibration,
//   a forecast and a recommendation per SKU) on 100,000 generated two-year daily histories, on
//   1 and 2 threads; see forecast/README.md.
// - `sync-bench` (Sources/sync-bench): the live sync (issue 14) — the release `onepool` binary
//   against the Shopify emulator: order-to-other-channel latency, orders pulled and listings set
//   per minute. Run by sync.sh; see SYNC.md.
// - `StoreBenchmarks` (Benchmarks/StoreBenchmarks): the same hot paths at small scale under
//   ordo-one/benchmark (`swift package --disable-sandbox benchmark`), for malloc counts and
//   percentile latencies when tracking regressions.
//
// The main package's identity is its directory name (e.g. "main"), which differs between
// clones; it is read from the path so the manifest works wherever the repository is checked out.
let mainPackage: String = {
    let parts = Context.packageDirectory.split(separator: "/")
    return parts.count >= 2 ? String(parts[parts.count - 2]) : "main"
}()

let package = Package(
    name: "OnePoolBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "BenchSupport"),
        .target(
            name: "BenchWorkload",
            dependencies: [
                .product(name: "OnePoolCore", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "onepool-bench",
            dependencies: [
                "BenchSupport",
                "BenchWorkload",
                .product(name: "OnePoolCore", package: mainPackage),
                .product(name: "OnePoolStore", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "console-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "OnePoolConsole", package: mainPackage),
                .product(name: "OnePoolCore", package: mainPackage),
                .product(name: "OnePoolStore", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "channels-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "OnePoolChannels", package: mainPackage),
                .product(name: "OnePoolCore", package: mainPackage),
                .product(name: "OnePoolStore", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "forecast-bench",
            dependencies: [.product(name: "OnePoolCore", package: mainPackage)]
            name: "sync-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "OnePoolCore", package: mainPackage),
                .product(name: "OnePoolStore", package: mainPackage),
                .product(name: "ShopifyEmulator", package: mainPackage),
            ]
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                "BenchWorkload",
                .product(name: "OnePoolCore", package: mainPackage),
                .product(name: "OnePoolStore", package: mainPackage),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
