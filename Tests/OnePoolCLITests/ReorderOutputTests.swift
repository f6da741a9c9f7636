import OnePoolTestSupport
import Testing

@testable import OnePoolCLI
@testable import OnePoolCore

/// `reorder`'s output without the encoder's tree, ranked on keys, streamed: the same bytes as the
/// generic path (`Output.encodedValues`, `CSVText.render`, the old ranking kept here verbatim).
@Suite struct ReorderOutputTests {
    /// A recommendation with random numbers from small sets, so rankings tie on every key.
    static func recommendation(_ random: inout SplitMix64, index: Int) -> Recommendation {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        let money = [Money.zero, Money(cents: 1), Money(cents: 250), Money(cents: 99_999), Money(cents: Int64.max)]
        let doubles = [0, -0.0, 0.004, 1.25, 2.5, 1e300, .infinity, -.infinity, .nan]
        let code = pick(["SKU-\(index)", "sku-\(index)", "É-\(index)", "E\u{301}-\(index)", "抹茶-\(index)"])
        return Recommendation(
            sku: SKUCode(code), title: "t", supplier: pick([nil, "Acme", "=cmd", "a,b"]),
            leadTimeDays: pick([0, 7, 45]), reviewPeriodDays: 7, cycleServiceLevel: 0.95, dailyForecast: pick(doubles),
            protectionDemand: 1,
            methods: pick([[], [.simpleExponentialSmoothing], [.tsb, .movingAverage(window: 28)]]),
            fallback: pick([nil, "no demand", "a \"quoted\", reason"]), safetyStock: pick(doubles),
            reorderPoint: pick([0, 3, -1]), orderUpTo: pick([1, 4]), position: pick([-5, 0, 12]),
            orderQuantity: pick([0, 0, 6]), daysToStockout: pick([nil, 0, 1.5, 3, 1.5]),
            daysOfCover: pick([nil, 0, 12.4, .infinity]), overstockUnits: pick([0, 2]), overstockCash: pick(money),
            expectedLostUnits: pick(doubles), moneyAtRisk: pick(money), orderCost: pick(money),
            explanation: Explanation())
    }

    @Test func aReorderRowsCellsAreTheEncodersCells() {
        var random = SplitMix64(seed: 56)
        let columns = OutputColumns.of(ReorderRow.self)
        #expect(columns.count == 16)
        for index in 0..<2_000 {
            let item = Self.recommendation(&random, index: index)
            let profit = [Money.zero, Money(cents: 17), Money(cents: Int64.max)][index % 3]
            let row = ReorderRow(item, available: index % 7 - 3, profitAtRisk: profit)
            #expect(row.outputValues == Output.encodedValues(row, columns: columns), "row \(index)")
        }
    }

    @Test func theStreamedCSVIsTheRenderedTextAndTheLineBreakAfterIt() {
        var random = SplitMix64(seed: 57)
        let columns = OutputColumns.of(ReorderRow.self)
        // 0 rows, a few, and enough to cross several 64 KiB pieces.
        for count in [0, 1, 3, 2_500] {
            let rows = (0..<count).map {
                ReorderRow(Self.recommendation(&random, index: $0), available: $0, profitAtRisk: .zero)
            }
            var streamed: [UInt8] = []
            var pieces = 0
            CSVStream.write(
                header: columns, count: rows.count, line: { CSVText.line(rows[$0].outputValues) },
                to: { piece in
                    streamed += piece
                    pieces += 1
                    #expect(piece.count <= CSVStream.pieceSize + 4_096)
                })
            let rendered = CSVText.render(
                header: columns, rows: rows.map { Output.encodedValues($0, columns: columns) })
            #expect(streamed == Array((rendered + "\n").utf8), "\(count) rows")
            #expect(Output.rows(rows, format: .csv) == rendered)
            if count == 2_500 { #expect(pieces > 2) }
        }
    }

    /// The ranking before it was taken on keys (main e44e260), verbatim.
    static func oldRanking(_ a: Recommendation, _ b: Recommendation, profit: [SKUCode: Money]) -> Bool {
        let profitA = profit[a.sku] ?? .zero
        let profitB = profit[b.sku] ?? .zero
        if profitA != profitB { return profitA > profitB }
        if a.moneyAtRisk != b.moneyAtRisk { return a.moneyAtRisk > b.moneyAtRisk }
        let left = a.daysToStockout ?? .infinity
        let right = b.daysToStockout ?? .infinity
        if left != right { return left < right }
        return a.sku < b.sku
    }

    @Test func rankingOnKeysIsTheOldRanking() {
        var random = SplitMix64(seed: 58)
        for round in 0..<60 {
            let count = round == 0 ? 0 : 1 + Int(random.next() % 900)
            let items = (0..<count).map { Self.recommendation(&random, index: $0) }
            let profits = items.map { _ in [Money.zero, Money(cents: 5), Money(cents: 5_000)][Int(random.next() % 3)] }
            let byCode = Dictionary(uniqueKeysWithValues: zip(items.map(\.sku), profits))
            let old = items.sorted { Self.oldRanking($0, $1, profit: byCode) }.map(\.sku)
            #expect(ReorderCommand.ranked(items, profits: profits).map { items[$0].sku } == old, "round \(round)")
        }
    }

    /// The quoting rule by character, as it was: the ASCII path must agree with it.
    static func oldNeedsQuotes(_ cell: String) -> Bool {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    @Test func quotingByteByByteAgreesWithTheCharacterRule() {
        var random = SplitMix64(seed: 59)
        let pieces = ["a", "7", ".", ",", "\"", "\n", "\r", "\r\n", " ", "é", "e\u{301}", ",\u{301}", "\"\u{301}", "'"]
        for _ in 0..<20_000 {
            let cell = (0..<Int(random.next() % 6)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined()
            #expect(CSVText.needsQuotes(cell) == Self.oldNeedsQuotes(cell), "\(Array(cell.unicodeScalars))")
        }
    }
}
