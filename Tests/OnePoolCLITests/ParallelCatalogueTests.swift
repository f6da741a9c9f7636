import Foundation
import OnePoolCore
import Testing

@testable import OnePoolCLI

/// `reorder --all` spreads the catalogue over the cores with `ParallelMap`; the recommendations
/// must be those of one thread, bit for bit, whatever the chunking (each SKU's forecast reads
/// nothing another SKU writes). Run from a thread of its own, off the cooperative pool.
@Suite struct ParallelCatalogueTests {
    @Test func twoThreadsRecommendExactlyWhatOneDoes() async {
        let inputs = Self.catalogue(count: 300, days: 240)
        let plain = ReplenishmentPlanner()
        let (parallel, serial) = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let scores = ParallelMap.run(count: 30, threads: 2) {
                    plain.calibrationScores(for: inputs[$0 * 10], origins: 2)
                }
                let planner = plain.calibrated(scores: scores.reduce(CalibrationScores(), +))
                let parallel = ParallelMap.run(count: inputs.count, threads: 2) {
                    Self.numbers(planner.recommend(inputs[$0]))
                }
                let serialPlanner = plain.calibrated(
                    scores: (0..<30).map { plain.calibrationScores(for: inputs[$0 * 10], origins: 2) }
                        .reduce(CalibrationScores(), +))
                continuation.resume(returning: (parallel, inputs.map { Self.numbers(serialPlanner.recommend($0)) }))
            }
        }
        #expect(parallel.count == serial.count)
        let differing = zip(parallel, serial).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing.isEmpty, "SKUs whose recommendation differs: \(differing.prefix(10))")
        // The catalogue exercises ordering and not ordering, demand and none.
        #expect(serial.contains { $0[2] > 0 } && serial.contains { $0[2] == 0 })
    }

    /// Every number of a recommendation as bits, and its explanation's text.
    static func numbers(_ item: Recommendation) -> [UInt64] {
        var bits: [UInt64] = [
            UInt64(bitPattern: Int64(item.reorderPoint)), UInt64(bitPattern: Int64(item.orderUpTo)),
            UInt64(bitPattern: Int64(item.orderQuantity)), item.dailyForecast.bitPattern,
            item.protectionDemand.bitPattern, item.safetyStock.bitPattern, (item.daysToStockout ?? -1).bitPattern,
            (item.daysOfCover ?? -1).bitPattern, item.expectedLostUnits.bitPattern,
            UInt64(bitPattern: item.moneyAtRisk.cents),
        ]
        for line in item.explanation.steps { bits += (line.name + line.value + line.how).utf8.map(UInt64.init) }
        return bits
    }

    static func catalogue(count: Int, days: Int) -> [ReplenishmentPlanner.Input] {
        var state: UInt64 = 5
        func unit() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        return (0..<count).map { index in
            let rate = 0.05 + unit() * 6
            let demand = (0..<days).map { day -> Int in
                switch index % 4 {
                case 0: Int((rate * [0.8, 1, 1, 1, 1.1, 1.5, 0.7][day % 7] + unit()).rounded(.down))
                case 1: unit() < 0.1 ? 1 + Int(unit() * 3) : 0
                case 2: unit() < 0.08 ? 1 + Int(unit() * 30) : 0
                default: index % 8 == 3 ? 0 : Int(rate * 2 * unit())
                }
            }
            let sku = SKU(
                code: SKUCode("P-\(index)"), title: "", unitCost: Money(cents: 300), price: Money(cents: 700),
                leadTimeDays: [5, 14, 30][index % 3], casePack: [1, 6][index % 2], minimumOrderQuantity: 6)
            return ReplenishmentPlanner.Input(
                sku: sku, stock: StockLevel(onHand: index % 25), demand: demand,
                censored: (0..<days).map { index % 5 == 0 && $0 % 50 < 3 })
        }
    }
}
