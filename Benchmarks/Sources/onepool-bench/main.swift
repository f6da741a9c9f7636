// onepool-bench: the plain release-mode runner behind run.sh.
//
// Each subcommand does one measurement in its own process and prints one line of JSON on
// standard output (progress goes to standard error). Only the store calls are timed: the
// workload is generated before the clock starts, as the SQLite peer does.
//
//   onepool-bench append DIR [--events N] [--batch B] [--snapshot-interval S] [--events-returned | --stream]
//   onepool-bench single DIR [--commits N] [--create]
//   onepool-bench snapshot DIR
//   onepool-bench open DIR
//   onepool-bench verify-workload [--events N]

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BenchSupport
import BenchWorkload
import OnePoolCore
import OnePoolStore

// MARK: - Small helpers

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let index = min(sorted.count - 1, max(0, Int((Double(sorted.count) * fraction).rounded(.up)) - 1))
    return sorted[index]
}

struct Arguments {
    var positional: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    init(_ raw: ArraySlice<String>, flagNames: Set<String>) {
        var iterator = raw.makeIterator()
        while let item = iterator.next() {
            if item.hasPrefix("--") {
                let name = String(item.dropFirst(2))
                if flagNames.contains(name) {
                    flags.insert(name)
                } else if let value = iterator.next() {
                    options[name] = value
                } else {
                    fail("--\(name) needs a value")
                }
            } else {
                positional.append(item)
            }
        }
    }

    func int(_ name: String, default fallback: Int) -> Int {
        guard let text = options[name] else { return fallback }
        guard let value = Int(text.replacingUnderscores) else { fail("--\(name): not a whole number: \(text)") }
        return value
    }

    var directory: String {
        guard let first = positional.first else { fail("missing the store directory") }
        return first
    }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" }) }
}

func metadata() -> StoreMetadata {
    StoreMetadata(name: "bench", createdAt: OrderLineWorkload.startMilliseconds / 1000, timeZone: "UTC")
}

/// Creates a store holding only the workload's setup events (channels, SKUs, receipts).
func createWithSetup(_ directory: String) throws -> Store {
    let store = try Store.create(at: directory, metadata: metadata())
    let setup = OrderLineWorkload.setupChanges()
    let commit = try store.transact(actor: "bench-setup", time: OrderLineWorkload.time(0)) { _ in (setup, ()) }
    guard commit.appended.count == OrderLineWorkload.setupEventCount else { fail("setup appended \(commit.appended.count) events") }
    return store
}

func directorySize(_ path: String) -> Int {
    var total = 0
    guard let directory = opendir(path) else { return 0 }
    defer { closedir(directory) }
    while let entry = readdir(directory) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name == "." || name == ".." { continue }
        let full = path + "/" + name
        var info = stat()
        guard stat(full, &info) == 0 else { continue }
        if (info.st_mode & S_IFMT) == S_IFDIR { total += directorySize(full) } else { total += Int(info.st_size) }
    }
    return total
}

/// The workload index of the next order-line event a store built by this runner expects.
func nextWorkloadIndex(_ store: Store) -> Int {
    Int(store.state.lastSequence) - OrderLineWorkload.setupEventCount
}

// MARK: - Benchmarks

/// Durable batched append: `events` order-line events, `batch` per transact (one fdatasync each).
/// Through `Store.transactCounting` (the count of events appended, as an import needs), or with
/// `--events-returned` through `Store.transact` (which also returns every event appended).
func runAppend(_ arguments: Arguments) throws {
    let directory = arguments.directory
    let total = arguments.int("events", default: 1_000_000)
    let batchSize = arguments.int("batch", default: 1000)
    let interval = arguments.int("snapshot-interval", default: 0)
    let eventsReturned = arguments.flags.contains("events-returned")
    let streamed = arguments.flags.contains("stream")
    let workload = OrderLineWorkload()
    let store = try createWithSetup(directory)
    store.snapshotInterval = UInt64(interval)

    log("generating \(total) events…")
    var batches: [[ProposedChange]] = []
    batches.reserveCapacity((total + batchSize - 1) / batchSize)
    var index = 0
    while index < total {
        let end = min(total, index + batchSize)
        batches.append((index..<end).map(workload.change))
        index = end
    }
    let rssBefore = procStatusKB("VmRSS")
    log("appending \(total) events in \(batches.count) commits (snapshotInterval \(interval))…")
    var latencies: [Double] = []
    latencies.reserveCapacity(batches.count)
    let start = now()
    var first = 0
    let usageBefore = resourceUsage()
    let callerCPUBefore = threadCPUSeconds()
    if streamed {
        // One stream: a batch's latency runs from when the store asks for it to when it is durable.
        var asked: [Double] = []
        var next = 0
        _ = try store.transactStream(
            actor: OrderLineWorkload.actor,
            next: {
                guard next < batches.count else { return nil }
                defer {
                    first += batches[next].count
                    next += 1
                }
                asked.append(now())
                return StreamBatch(time: OrderLineWorkload.time(first), changes: batches[next])
            },
            durable: { commit in
                latencies.append(now() - asked[latencies.count])
                guard commit.appended == batches[latencies.count - 1].count else {
                    fail("a batch appended \(commit.appended) of \(batches[latencies.count - 1].count)")
                }
            })
    }
    for batch in batches where !streamed {
        let began = now()
        let appended: Int
        if eventsReturned {
            appended = try store.transact(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(first)) { _ in
                (batch, ())
            }.appended.count
        } else {
            appended = try store.transactCounting(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(first)) { _ in
                (batch, ())
            }.appended
        }
        latencies.append(now() - began)
        guard appended == batch.count else { fail("a batch appended \(appended) of \(batch.count)") }
        first += batch.count
    }
    let seconds = now() - start
    let usage = resourceUsage() - usageBefore
    let callerCPU = threadCPUSeconds() - callerCPUBefore
    latencies.sort()
    print(json([
        ("benchmark", "append"), ("api", streamed ? "transactStream" : eventsReturned ? "transact" : "transactCounting"), ("events", total), ("batch", batchSize), ("commits", batches.count),
        ("snapshot_interval", interval), ("seconds", seconds), ("events_per_second", Double(total) / seconds),
        ("commit_p50_ms", percentile(latencies, 0.5) * 1000), ("commit_p99_ms", percentile(latencies, 0.99) * 1000),
        ("commit_max_ms", (latencies.last ?? .nan) * 1000),
        ("last_sequence", store.state.lastSequence), ("open_lines", store.state.openLines.count),
        ("store_bytes", directorySize(directory)), ("vmhwm_kb", procStatusKB("VmHWM")),
        ("rss_before_kb", rssBefore), ("warnings", store.warnings.count),
        // Where the wall time went: CPU of the loop; the rest is waiting (fdatasync, or a core
        // taken by others: involuntary switches count the times this process was preempted).
        ("cpu_s", usage.cpu), ("waiting_s", seconds - usage.cpu),
        // The calling thread's own CPU: with --stream, the encoding and syncing threads are not
        // in it, so max(caller_cpu_s, the syncs' time) bounds the stream's wall time.
        ("caller_cpu_s", callerCPU),
        ("voluntary_switches", usage.voluntary), ("involuntary_switches", usage.involuntary),
    ]))
}

/// The calling thread's CPU time so far.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// This process's CPU time (user + system) and context switches so far.
struct ResourceUsage {
    var cpu: Double
    var voluntary: Int
    var involuntary: Int

    static func - (lhs: Self, rhs: Self) -> Self {
        ResourceUsage(
            cpu: lhs.cpu - rhs.cpu, voluntary: lhs.voluntary - rhs.voluntary,
            involuntary: lhs.involuntary - rhs.involuntary)
    }
}

func resourceUsage() -> ResourceUsage {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return ResourceUsage(
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), voluntary: Int(usage.ru_nvcsw),
        involuntary: Int(usage.ru_nivcsw))
}

/// Durable single-event commits: `commits` transacts of one order-line event each.
func runSingle(_ arguments: Arguments) throws {
    let directory = arguments.directory
    let count = arguments.int("commits", default: 3000)
    let store = arguments.flags.contains("create") ? try createWithSetup(directory) : try Store.open(at: directory)
    let workload = OrderLineWorkload()
    let firstIndex = nextWorkloadIndex(store)
    let changes = (firstIndex..<(firstIndex + count)).map(workload.change)
    let eventsBefore = store.state.lastSequence
    var latencies: [Double] = []
    latencies.reserveCapacity(count)
    log("\(count) single-event commits on a store of \(eventsBefore) events…")
    let start = now()
    for (offset, change) in changes.enumerated() {
        let began = now()
        let commit = try store.transact(actor: OrderLineWorkload.actor, time: OrderLineWorkload.time(firstIndex + offset)) { _ in
            ([change], ())
        }
        latencies.append(now() - began)
        guard commit.appended.count == 1 else { fail("commit \(offset) appended \(commit.appended.count) events") }
    }
    let seconds = now() - start
    latencies.sort()
    print(json([
        ("benchmark", "single"), ("events_before", eventsBefore), ("commits", count), ("seconds", seconds),
        ("commits_per_second", Double(count) / seconds),
        ("p50_ms", percentile(latencies, 0.5) * 1000), ("p99_ms", percentile(latencies, 0.99) * 1000),
        ("max_ms", (latencies.last ?? .nan) * 1000), ("vmhwm_kb", procStatusKB("VmHWM")),
    ]))
}

/// Writes a snapshot of the store's current state (after opening it, untimed).
func runSnapshot(_ arguments: Arguments) throws {
    let store = try Store.open(at: arguments.directory)
    let start = now()
    let file = try store.writeSnapshot()
    let seconds = now() - start
    var info = stat()
    _ = stat(file, &info)
    print(json([
        ("benchmark", "snapshot"), ("events", store.state.lastSequence), ("seconds", seconds),
        ("snapshot_bytes", Int(info.st_size)), ("vmhwm_kb", procStatusKB("VmHWM")),
    ]))
}

/// Opens the store once in this fresh process: the newest snapshot (if any) plus the journal after it.
func runOpen(_ arguments: Arguments) throws {
    let baseline = procStatusKB("VmHWM")
    let start = now()
    let store = try Store.open(at: arguments.directory)
    let seconds = now() - start
    let peak = procStatusKB("VmHWM")
    let state = store.state
    var onHand = 0
    var committed = 0
    for code in state.skuCodes {
        if let stock = state.stock(code) {
            onHand += stock.onHand
            committed += stock.committed
        }
    }
    print(json([
        ("benchmark", "open"), ("events", state.lastSequence), ("seconds", seconds),
        ("events_per_second", Double(state.lastSequence) / seconds),
        ("vmhwm_kb", peak), ("vmhwm_before_open_kb", baseline), ("vmrss_kb", procStatusKB("VmRSS")),
        ("open_lines", state.openLines.count), ("idempotency_keys", state.idempotency.count),
        ("on_hand_total", onHand), ("committed_total", committed), ("warnings", store.warnings.count),
        ("snapshots", (try? snapshotCount(arguments.directory)) ?? -1),
    ]))
}

func snapshotCount(_ directory: String) throws -> Int {
    guard let handle = opendir(directory + "/snapshots") else { return 0 }
    defer { closedir(handle) }
    var count = 0
    while let entry = readdir(handle) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasSuffix(".ops") && !name.hasPrefix(".") { count += 1 }
    }
    return count
}

/// Prints an FNV-1a digest of the first N rows' text, to compare with sqlite_peer.py's.
func runVerifyWorkload(_ arguments: Arguments) {
    let count = arguments.int("events", default: 10_000)
    let workload = OrderLineWorkload()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in 0..<count {
        for byte in (OrderLineWorkload.text(workload.row(index)) + "\n").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }
    print(json([("events", count), ("digest", String(hash, radix: 16)), ("row0", OrderLineWorkload.text(workload.row(0))),
                ("row1001", OrderLineWorkload.text(workload.row(1001)))]))
}

// MARK: - Main

let commandLine = CommandLine.arguments
guard commandLine.count >= 2 else {
    fail("usage: onepool-bench append|single|snapshot|open|verify-workload DIR [options]")
}
let arguments = Arguments(commandLine.dropFirst(2), flagNames: ["create", "events-returned", "stream"])
do {
    switch commandLine[1] {
    case "append": try runAppend(arguments)
    case "single": try runSingle(arguments)
    case "snapshot": try runSnapshot(arguments)
    case "open": try runOpen(arguments)
    case "verify-workload": runVerifyWorkload(arguments)
    default: fail("unknown benchmark \(commandLine[1])")
    }
} catch {
    fail("\(error)")
}
