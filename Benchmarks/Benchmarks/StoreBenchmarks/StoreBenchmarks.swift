// The store's hot paths under ordo-one/benchmark, at a scale that suits its many-iteration
// statistics: percentiles of wall-clock time, malloc counts and peak resident memory.
// Run from Benchmarks/:  swift package --disable-sandbox benchmark
// (The million-event comparison with SQLite is run.sh's job; see README.md for why.)

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Benchmark
import BenchWorkload
import OnePoolCore
import OnePoolStore

/// A fresh directory for one benchmark's store, under $ONEPOOL_BENCH_DIR or /tmp.
func temporaryStorePath(_ name: String) -> String {
    let parent = getenv("ONEPOOL_BENCH_DIR").map { String(cString: $0) } ?? "/tmp"
    var template = Array("\(parent)/onepool-ordo-\(name)-XXXXXX".utf8CString)
    guard let made = mkdtemp(&template) else { fatalError("mkdtemp failed in \(parent)") }
    return String(cString: made) + "/store"
}

func removeTree(_ path: String) {
    // The store's directory and its parent made by temporaryStorePath: a few known levels.
    let parent = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
    for sub in ["journal", "snapshots"] {
        if let handle = opendir("\(path)/\(sub)") {
            while let entry = readdir(handle) {
                let name = withUnsafePointer(to: entry.pointee.d_name) {
                    $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
                }
                if name != "." && name != ".." { unlink("\(path)/\(sub)/\(name)") }
            }
            closedir(handle)
        }
        rmdir("\(path)/\(sub)")
    }
    unlink("\(path)/lock")
    unlink("\(path)/onepool-store.json")
    rmdir(path)
    rmdir(parent)
}

/// Stores made by setups, removed by the teardowns (setup and teardown run on one thread).
nonisolated(unsafe) var madeStores: [String] = []

func removeMadeStores() {
    for path in madeStores { removeTree(path) }
    madeStores.removeAll()
}

/// A store holding the setup events and then `events` order-line events (in batches of 1,000).
func makeStore(_ name: String, events: Int) throws -> Store {
    let path = temporaryStorePath(name)
    madeStores.append(path)
    let store = try Store.create(at: path, metadata: StoreMetadata(name: name, createdAt: 0, timeZone: "UTC"))
    let setup = OrderLineWorkload.setupChanges()
    _ = try store.transact(actor: "bench-setup", time: OrderLineWorkload.time(0)) { _ in (setup, ()) }
    store.snapshotInterval = 0
    let workload = OrderLineWorkload()
    var index = 0
    while index < events {
        let end = min(events, index + 1000)
        let batch = (index..<end).map(workload.change)
        _ = try store.transact(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(index)) { _ in (batch, ()) }
        index = end
    }
    return store
}

// One iteration = one transact or one open; no scaling factors, so every figure is per call.
// (CPU time is left out: on Linux it is read at 10 ms resolution, coarser than one call.)
let metrics: [BenchmarkMetric] = [.wallClock, .mallocCountTotal, .peakMemoryResident, .throughput]

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: metrics, warmupIterations: 3)

    // One order line per transact: flock, catch up, check, append, fdatasync, unlock.
    for (label, events) in [("empty store", 0), ("100k-event store", 100_000)] {
        Benchmark(
            "transact 1 event (\(label))",
            configuration: .init(maxDuration: .seconds(10), maxIterations: 2000)
        ) { benchmark, store in
            let workload = OrderLineWorkload()
            for _ in benchmark.scaledIterations {
                let index = Int(store.state.lastSequence) - OrderLineWorkload.setupEventCount
                let change = workload.change(index)
                benchmark.startMeasurement()
                let commit = try? store.transact(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(index)) { _ in ([change], ()) }
                benchmark.stopMeasurement()
                precondition(commit?.appended.count == 1)
            }
        } setup: {
            try makeStore("single", events: events)
        } teardown: {
            removeMadeStores()
        }
    }

    // A batch of 1,000 order lines per transact (one fdatasync).
    Benchmark(
        "transact 1,000-event batch",
        configuration: .init(maxDuration: .seconds(10), maxIterations: 300)
    ) { benchmark, store in
        let workload = OrderLineWorkload()
        let first = Int(store.state.lastSequence) - OrderLineWorkload.setupEventCount
        let batch = (first..<(first + 1000)).map(workload.change)
        benchmark.startMeasurement()
        let commit = try? store.transact(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(first)) { _ in (batch, ()) }
        benchmark.stopMeasurement()
        precondition(commit?.appended.count == 1000)
    } setup: {
        try makeStore("batch", events: 0)
    } teardown: {
            removeMadeStores()
        }

    // The same batch through `transactCounting`, which makes no `Event` per change.
    Benchmark(
        "transactCounting 1,000-event batch",
        configuration: .init(maxDuration: .seconds(10), maxIterations: 300)
    ) { benchmark, store in
        let workload = OrderLineWorkload()
        let first = Int(store.state.lastSequence) - OrderLineWorkload.setupEventCount
        let batch = (first..<(first + 1000)).map(workload.change)
        benchmark.startMeasurement()
        let commit = try? store.transactCounting(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(first)) {
            _ in (batch, ())
        }
        benchmark.stopMeasurement()
        precondition(commit?.appended == 1000)
    } setup: {
        try makeStore("batch-counting", events: 0)
    } teardown: {
        removeMadeStores()
    }

    // Opening a store of 100,000 order lines: by replaying the journal, and from a snapshot.
    for withSnapshot in [false, true] {
        Benchmark(
            withSnapshot ? "open 100k events (snapshot)" : "open 100k events (replay)",
            configuration: .init(maxDuration: .seconds(10), maxIterations: 100)
        ) { benchmark, path in
            benchmark.startMeasurement()
            let store = try? Store.open(at: path)
            benchmark.stopMeasurement()
            precondition(store?.state.lastSequence == UInt64(100_000 + OrderLineWorkload.setupEventCount))
        } setup: {
            let store = try makeStore(withSnapshot ? "open-snapshot" : "open-replay", events: 100_000)
            if withSnapshot { try store.writeSnapshot() }
            return store.path
        } teardown: {
            removeMadeStores()
        }
    }
}
