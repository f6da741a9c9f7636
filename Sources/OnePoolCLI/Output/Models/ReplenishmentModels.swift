import OnePoolConsole
import OnePoolCore

/// `onepool reorder`: one SKU's recommendation.
struct ReorderRow: Codable, OutputRowValues {
    var sku: Identifier
    var supplier: Identifier?
    var available: Int
    var position: Int
    var dailyForecast: Fixed
    var daysToStockout: Fixed?
    var safetyStock: Fixed
    var reorderPoint: Int
    var orderUpTo: Int
    var order: Int
    var orderCost: Amount
    var moneyAtRisk: Amount
    /// Expected lost units within the horizon × unit margin: what the rows are ranked by.
    var profitAtRisk: Amount
    var daysOfCover: Fixed?
    var overstockCash: Amount?
    var method: String

    init(_ item: Recommendation, available: Int, profitAtRisk: Money) {
        sku = Identifier(item.sku)
        supplier = item.supplier.map { Identifier($0) }
        self.available = available
        position = item.position
        dailyForecast = Fixed(item.dailyForecast, places: 2)
        daysToStockout = item.daysToStockout.map { Fixed($0, places: 1) }
        safetyStock = Fixed(item.safetyStock, places: 1)
        reorderPoint = item.reorderPoint
        orderUpTo = item.orderUpTo
        order = item.orderQuantity
        orderCost = Amount(item.orderCost)
        moneyAtRisk = Amount(item.moneyAtRisk)
        self.profitAtRisk = Amount(profitAtRisk)
        daysOfCover = item.daysOfCover.map { Fixed($0, places: 0) }
        overstockCash = item.isOverstock ? Amount(item.overstockCash) : nil
        method = ReorderCommand.methodText(item)
    }

    /// The cells as `OutputEncoder` makes them, in the order of the fields.
    var outputValues: [OutputValue] {
        [
            sku.outputValue, supplier?.outputValue ?? .null, .integer(available), .integer(position),
            dailyForecast.outputValue, daysToStockout?.outputValue ?? .null, safetyStock.outputValue,
            .integer(reorderPoint), .integer(orderUpTo), .integer(order), orderCost.outputValue,
            moneyAtRisk.outputValue, profitAtRisk.outputValue, daysOfCover?.outputValue ?? .null,
            overstockCash?.outputValue ?? .null, .text(method, .freeText),
        ]
    }
}

/// `onepool reorder --explain SKU`: every number of one SKU with its inputs and formula.
struct ReorderExplanation: Codable {
    var sku: Identifier
    var title: String
    var supplier: Identifier?
    var note: String?
    var inputs: [ExplanationRow]
    var numbers: [ExplanationRow]

    init(_ item: Recommendation) {
        sku = Identifier(item.sku)
        title = item.title
        supplier = item.supplier.map { Identifier($0) }
        note = item.fallback
        inputs = item.explanation.inputs.map { ExplanationRow(section: "inputs", $0) }
        numbers = item.explanation.steps.map { ExplanationRow(section: "numbers", $0) }
    }
}

/// One input or number of an explanation (also the CSV row of `reorder --explain`).
struct ExplanationRow: Codable {
    /// A titled block of rows as `--explain` prints it (`ExplanationText.block`, the one layout
    /// `briefing --explain` and the console's explain key use too).
    static func block(_ title: String, _ rows: [ExplanationRow]) -> [String] {
        ExplanationText.block(title, rows.map { ExplanationText.Row(name: $0.name, value: $0.value, how: $0.how) })
    }

    var section: Identifier
    var name: String
    var value: String
    var how: String

    init(section: String, _ line: Explanation.Line) {
        self.section = Identifier(section)
        name = line.name
        value = line.value
        how = line.how
    }
}

/// `onepool simulate`: one policy's outcome over the replay.
struct SimulationRow: Codable {
    var policy: Identifier
    var fillRate: Fixed
    var cycleServiceLevel: Fixed
    var averageInventory: Fixed
    var averageInventoryCost: Amount
    var orders: Int
    var unitsDemanded: Int
    var unitsLost: Int
    /// The share of review periods without lost demand (the cycle service level before issue 17's
    /// per-cycle count; shown so the two can be compared).
    var reviewServiceLevel: Fixed
}

/// `onepool simulate --format json`: the replay, the closed days it used and one row per policy.
struct SimulationReport: Codable {
    var replayedDays: Int
    var replayed: String
    var skus: Int
    var targetCycleServiceLevel: Fixed
    /// Replaying a demand file: the store-closed days censored (null when replaying the store).
    var closedDays: SimulatedClosedDays?
    var policies: [SimulationRow]
    /// The min/max multiplier k that reaches the forecast policy's cycle service.
    var minMaxMultiplierAtEqualService: Fixed
    /// The forecast policy's average inventory over that min/max's (null when min/max holds none).
    var inventoryOverMinMaxAtEqualService: Fixed?
}

/// The store-closed days `simulate --data` censored: "file", "inferred" or "none"; how many of the
/// file's dates they cover and how many fall in the replayed days, and the dates.
struct SimulatedClosedDays: Codable {
    var source: String
    var days: Int
    var inReplay: Int
    var dates: [String]
}

/// `onepool shadow`: what was recommended and ordered for one SKU.
struct ShadowRow: Codable {
    var sku: Identifier
    var recommended: Int
    var ordered: Int
    var difference: Int
    var stockoutDays: Int
    var overstockUnits: Int
}

/// `onepool forecast SKU`: history, forecast, method and stock position of one SKU.
struct ForecastReport: Codable {
    var sku: Identifier
    var title: String
    var supplier: Identifier?
    var historyDays: Int
    var historyFrom: String
    var historyTo: String
    var historyUnits: Int
    /// Of `historyUnits`, the units sold inside bundles (bundle units × quantity); 0 for a SKU
    /// in no bundle.
    var throughBundles: Int = 0
    /// Days censored: out of stock, or the store closed.
    var censoredDays: Int
    /// Of `censoredDays`, the days censored only because the store was inferred closed (the rest
    /// were out of stock).
    var storeClosedDays: Int = 0
    var observedDailyMean: Fixed
    var lastSale: String?
    var horizonDays: Int
    var leadTimeDays: Int
    var reviewDays: Int
    var expectedUnits: Fixed
    var expectedDaily: Fixed
    var serviceLevel: Fixed
    var quantile: Int
    var median: Int
    var method: String
    var backtest: [BacktestRow]
    var available: Int
    var position: Int
    var reorderPoint: Int
    var orderUpTo: Int
    var safetyStock: Fixed
    var daysToStockout: Fixed?
    var orderNow: Int
    /// The chart's days, history then forecast (also the CSV rows).
    var days: [ForecastDayRow]
    /// With --explain: every replenishment number with its inputs and formula.
    var explanation: ReorderExplanation?
}

/// One method's backtest score in `forecast SKU`.
struct BacktestRow: Codable {
    var method: String
    var chosen: Bool
    var excluded: Bool
    var absoluteTotalError: Fixed
}

/// One day of `forecast SKU`'s chart: recorded demand (history) or expected demand (forecast).
struct ForecastDayRow: Codable {
    var date: String
    var kind: Identifier
    var units: Fixed
    var censored: Bool
}

/// `onepool forecast evaluate --format json`: the scores of the selection on a demand file.
struct EvaluationReport: Codable {
    var file: String
    var horizon: Int
    var season: Int
    var series: Int
    var half: String
    var origins: Int
    var calibrated: Bool
    var judged: Int
    var rmsseJudged: Int
    var notJudged: SortedCounts
    var rmsseNotJudgedNoScale: Int
    var bestMethodCounts: SortedCounts
    var msPer1k: Fixed
    var rmsse: Fixed?
    var mase: Fixed?
    var bias: Fixed?
    var totErr: Fixed?
    var coverage95: Fixed?
    /// Over series × origins, and by Syntetos–Boylan class and by origin.
    var coverage95AllOrigins: Fixed?
    var coverage95ByClass: [String: ClassCoverage]
    var coverage95ByOrigin: [Fixed]
    /// Σ 95% quantile / Σ actual: how wide the intervals are.
    var upper95OverActual: Fixed?
    var closedDays: ClosedDaysReport
}

/// Store-closed days in `forecast evaluate`: from a file, inferred from the set's history, or none.
struct ClosedDaysReport: Codable {
    /// "file", "inferred" or "none".
    var source: String
    /// Days inferred closed before the newest origin (censored in the history).
    var inferred: [String] = []
    /// Days forecast zero in the newest origin's horizon (a year earlier they were inferred closed).
    var zeroAhead: [String] = []
}

/// The coverage of one demand class in `forecast evaluate`.
struct ClassCoverage: Codable {
    var share: Fixed?
    var count: Int
}

/// A metric of `forecast evaluate` as a table or CSV row.
struct MetricRow: Codable {
    var metric: String
    var value: String
}
