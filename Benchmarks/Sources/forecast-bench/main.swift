// forecast-bench: the whole catalogue's replenishment pass (calibration, then a forecast and a
// recommendation per SKU) on generated daily histories, on 1 and on N threads.
//
//   forecast-bench [--skus 100000] [--days 730] [--threads 2] [--runs 1] [--seed 1]
//
// Histories are generated in memory (no store is read: reading is the store's benchmark), a mix
// of the four demand classes: 35% slow intermittent (a sale on 3–30% of days, 1–3 units), 15%
// lumpy (5–30% of days, 1–40 units), 35% smooth (0.5–20 a day, weekly shape, negative binomial),
// 15% erratic (1–10 a day with occasional 5–20× orders). Lead times 6/14/18/45 days, case packs
// 1–24, MOQs up to 4 cases. Prints one JSON line per run: seconds for calibration and for the
// per-SKU pass, wall and process CPU time (CPU ÷ wall shows how many cores were busy).
import Foundation
import OnePoolCore

struct Options {
    var values: [String: String] = [:]
    init() {
        var arguments = CommandLine.arguments.dropFirst().makeIterator()
        while let name = arguments.next() {
            guard name.hasPrefix("--"), let value = arguments.next() else { continue }
            values[String(name.dropFirst(2))] = value
        }
    }
    func int(_ name: String, _ fallback: Int) -> Int { values[name].flatMap(Int.init) ?? fallback }
}

struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func uniform(_ range: ClosedRange<Double>) -> Double { range.lowerBound + uniform() * (range.upperBound - range.lowerBound) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    /// Poisson by inversion for small means, a rounded normal beyond 30.
    mutating func poisson(_ mean: Double) -> Int {
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = Foundation.exp(-mean)
        var product = uniform()
        var count = 0
        while product > limit {
            product *= uniform()
            count += 1
        }
        return count
    }
    mutating func normal() -> Double {
        Foundation.sqrt(-2 * Foundation.log(max(1e-300, uniform()))) * Foundation.cos(2 * Double.pi * uniform())
    }
}

func history(_ random: inout Generator, days: Int) -> [Int] {
    let kind = random.uniform()
    let weekly = [0.85, 0.9, 0.95, 1.0, 1.1, 1.4, 0.8]
    if kind < 0.35 {
        let p = random.uniform(0.03...0.3)
        return (0..<days).map { _ in random.uniform() < p ? random.int(1...3) : 0 }
    } else if kind < 0.5 {
        let p = random.uniform(0.05...0.3)
        return (0..<days).map { _ in random.uniform() < p ? random.int(1...40) : 0 }
    } else if kind < 0.85 {
        let mean = random.uniform(0.5...20)
        return (0..<days).map { day in
            let gamma = max(0.05, 1 + 0.3 * random.normal())
            return random.poisson(mean * weekly[day % 7] * gamma)
        }
    } else {
        let mean = random.uniform(1...10)
        return (0..<days).map { _ in random.uniform() < 0.03 ? random.int(5...20) * Int(mean) : random.poisson(mean) }
    }
}

/// Written by the task before `signal()`, read after `wait()`.
final class Slots<T>: @unchecked Sendable {
    var slots: [[T]?] = []
}

struct Shared<T>: @unchecked Sendable {
    let value: T
}

/// `body(i)` for every i, results in index order: a task group over chunks of 256 indices with
/// `threads` tasks running, a new chunk started as each finishes — what the CLI's ParallelMap does.
func parallelMap<T>(_ count: Int, threads: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
    let chunk = max(1, min(256, count / max(1, threads * 16)))
    let chunks = (count + chunk - 1) / chunk
    let done = DispatchSemaphore(value: 0)
    let box = Slots<T>()
    Task.detached {
        let slots = await withTaskGroup(of: (Int, Shared<[T]>).self) { group in
            var next = 0
            func start() {
                let index = next
                next += 1
                group.addTask { (index, Shared(value: (index * chunk..<min(count, (index + 1) * chunk)).map(body))) }
            }
            for _ in 0..<min(max(1, threads), chunks) { start() }
            var slots = [[T]?](repeating: nil, count: chunks)
            while let (index, values) = await group.next() {
                slots[index] = values.value
                if next < chunks { start() }
            }
            return Shared(value: slots)
        }
        box.slots = slots.value
        done.signal()
    }
    done.wait()
    return box.slots.flatMap { $0 ?? [] }
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let options = Options()
if options.values["mode"] == "closed-days" {
    runClosedDays(options)
    exit(0)
}
let skuCount = options.int("skus", 100_000)
let days = options.int("days", 730)
let threads = options.int("threads", 2)
var random = Generator(state: UInt64(options.int("seed", 1)))
let leadTimes = [6, 14, 18, 45]
let generationStart = Date()
let inputs: [ReplenishmentPlanner.Input] = (0..<skuCount).map { index in
    let pack = [1, 1, 6, 12, 24][random.int(0...4)]
    let sku = SKU(
        code: SKUCode("SKU\(index)"), title: "", unitCost: Money(cents: 250), price: Money(cents: 600),
        leadTimeDays: leadTimes[index % 4], casePack: pack, minimumOrderQuantity: pack * random.int(1...4))
    return ReplenishmentPlanner.Input(sku: sku, stock: StockLevel(onHand: random.int(0...60)), demand: history(&random, days: days))
}
FileHandle.standardError.write("generated \(skuCount) histories of \(days) days in \(String(format: "%.1f", Date().timeIntervalSince(generationStart))) s\n".data(using: .utf8)!)

for _ in 0..<options.int("runs", 1) {
    let plain = ReplenishmentPlanner()
    let wallStart = Date()
    let cpuStart = cpuSeconds()
    let sample = ForecastCalibration.sample(count: inputs.count)
    let origins = ForecastCalibration.origins(sampleSize: sample.count)
    let scores = CalibrationScores.joined(parallelMap(sample.count, threads: threads) {
        plain.calibrationScores(for: inputs[sample[$0]], origins: origins)
    })
    let planner = plain.calibrated(scores: scores)
    let calibrated = Date()
    let recommendations = parallelMap(inputs.count, threads: threads) { planner.recommend(inputs[$0]) }
    let wall = Date().timeIntervalSince(wallStart)
    let cpu = cpuSeconds() - cpuStart
    let ordering = recommendations.filter { $0.orderQuantity > 0 }.count
    // A fingerprint of every level, so a faster build can be checked to recommend the same.
    let levelSum = recommendations.reduce(0) { $0 &+ $1.orderUpTo &* 31 &+ $1.reorderPoint }
    print(String(
        format: "{\"skus\":%d,\"days\":%d,\"threads\":%d,\"calibration_s\":%.2f,\"per_sku_s\":%.2f,\"wall_s\":%.2f,\"cpu_s\":%.2f,\"skus_to_order\":%d,\"level_sum\":%d}",
        skuCount, days, threads, calibrated.timeIntervalSince(wallStart), wall - calibrated.timeIntervalSince(wallStart), wall, cpu,
        ordering, levelSum))
}
