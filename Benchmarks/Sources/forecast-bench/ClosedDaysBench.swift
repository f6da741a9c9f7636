// forecast-bench --mode closed-days: the store path's closed-day inference
// (`ReplenishmentHistory.inferClosedDays`) on `skus` generated daily histories, and what censoring
// the inferred days adds to building every SKU's input. Single thread; best of `runs`.
import Foundation
import OnePoolCore

func runClosedDays(_ options: Options) {
    let skuCount = options.int("skus", 100_000)
    let days = options.int("days", 730)
    let runs = max(1, options.int("runs", 5))
    var random = Generator(state: UInt64(options.int("seed", 1)))
    let first = 20_000
    // Two days the whole store sold nothing (a Christmas a year apart).
    let shut: Set<Int> = [first + days - 370, first + days - 5]
    var series: [SKUCode: DemandHistory.Series] = [:]
    var tracks: [SKUCode: StockoutCalendar.Track] = [:]
    var pools: [SKUPool] = []
    for index in 0..<skuCount {
        let code = SKUCode("SKU\(index)")
        // One SKU in ten created later than the first day.
        let start = index % 10 == 0 ? random.int(0...(days / 2)) : 0
        let units = history(&random, days: days - start).enumerated().map { offset, value in
            shut.contains(first + start + offset) ? Int32(0) : Int32(value)
        }
        series[code] = DemandHistory.Series(firstDay: first + start, units: units)
        tracks[code] = StockoutCalendar.Track(
            firstDay: first + start, runs: [], day: first + days - 1, outToday: false, available: 10)
        pools.append(SKUPool(sku: SKU(code: code, title: "")))
    }
    let plain = ReplenishmentHistory(
        demand: DemandHistory(utcOffsetSeconds: 0, series: series),
        stockouts: StockoutCalendar(utcOffsetSeconds: 0, pool: StockState(), tracks: tracks),
        incoming: IncomingSchedule(utcOffsetSeconds: 0))
    let last = first + days - 1
    func best(_ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = Date()
            body()
            times.append(Date().timeIntervalSince(start))
        }
        return times.min() ?? 0
    }
    var inferred = plain
    let inferSeconds = best { inferred.inferClosedDays(through: last) }
    var censoredDays = 0
    func inputs(_ history: ReplenishmentHistory) -> () -> Void {
        {
            var count = 0
            for pool in pools {
                count += history.input(for: pool, today: last + 1, days: days, leadTimeDays: 7).closedDays
            }
            censoredDays = count
        }
    }
    let plainInputs = best(inputs(plain))
    let censoredInputs = best(inputs(inferred))
    print(
        String(
            format: "{\"skus\":%d,\"days\":%d,\"runs\":%d,\"closed_days\":%d,\"infer_s\":%.4f,"
                + "\"inputs_plain_s\":%.3f,\"inputs_censored_s\":%.3f,\"closed_days_censored\":%d}",
            skuCount, days, runs, inferred.closedDays.count, inferSeconds, plainInputs, censoredInputs, censoredDays))
}
