import OnePoolCore

/// Something that needs the operator now, with the money that rides on it.
public struct StockAlert: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case oversold, belowSafety, outOfStock, stockout

        public var label: String {
            switch self {
            case .oversold: "OVERSOLD"
            case .belowSafety: "SAFETY"
            case .outOfStock: "OUT"
            case .stockout: "STOCKOUT"
            }
        }

        public var isCritical: Bool { self == .oversold }
    }

    public var kind: Kind
    public var sku: String
    public var title: String
    /// Units at stake: sold without stock, missing from the safety buffer, or two weeks of sales.
    public var units: Int
    public var money: Money
    /// One line saying why, in the operator's words.
    public var reason: String
}

/// A producer of alerts. Stock conditions are the first; forecast-based stockout alerts
/// (days to stockout against the earliest delivery) join as another source.
public protocol AlertSource: Sendable {
    func alerts(in data: ConsoleData) -> [StockAlert]
}

/// Alerts read straight from the pool: oversold, below safety, out of stock.
public struct StockConditionAlerts: AlertSource {
    /// How many days of recent sales an out-of-stock SKU is said to put at risk.
    public var daysAtRisk = 14

    public init() {}

    public func alerts(in data: ConsoleData) -> [StockAlert] {
        var alerts: [StockAlert] = []
        for row in data.rows {
            let stock = row.stock
            switch row.condition {
            case .normal:
                continue
            case .oversold:
                let units = -stock.unreserved
                alerts.append(StockAlert(
                    kind: .oversold, sku: row.code, title: row.title, units: units, money: row.price * units,
                    reason: "\(units) sold with no stock to ship (on hand \(stock.onHand), committed \(stock.committed))"))
            case .belowSafety:
                let units = -stock.available
                alerts.append(StockAlert(
                    kind: .belowSafety, sku: row.code, title: row.title, units: units, money: row.price * units,
                    reason: "channels sold \(units) into the safety buffer of \(stock.safety)"))
            case .outOfStock:
                let sold = data.history.window(row.code, days: 30, endingOn: data.today).reduce(0, +)
                let units = max(1, (sold * daysAtRisk + 29) / 30)
                alerts.append(StockAlert(
                    kind: .outOfStock, sku: row.code, title: row.title, units: units, money: row.price * units,
                    reason: sold > 0
                        ? "nothing available; \(sold) sold in 30 days, ~\(units) in \(daysAtRisk) days at risk"
                        : "nothing available" + (stock.incoming > 0 ? "; \(stock.incoming) incoming" : "")))
            }
        }
        return alerts
    }
}

/// The alerts pane: every source's alerts, most money first.
public struct AlertsPaneState: Sendable {
    public var cursor = ListCursor()
    public private(set) var alerts: [StockAlert] = []
    private var builtFor: (revision: Int, rows: Int, history: Bool, forecasts: Int)? = nil
    public var sources: [any AlertSource] = [StockConditionAlerts(), StockoutForecastAlerts()]

    public init() {}

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        if builtFor == nil || builtFor! != (data.revision, data.rows.count, data.historyLoaded, data.forecastRevision) {
            alerts = sources.flatMap { $0.alerts(in: data) }.sorted { lhs, rhs in
                if lhs.kind.isCritical != rhs.kind.isCritical { return lhs.kind.isCritical }
                if lhs.money != rhs.money { return lhs.money > rhs.money }
                return lhs.sku < rhs.sku
            }
            builtFor = (data.revision, data.rows.count, data.historyLoaded, data.forecastRevision)
        }
        cursor.clamp(count: alerts.count, visibleRows: visibleRows)
    }

    public var selected: StockAlert? { alerts.indices.contains(cursor.selected) ? alerts[cursor.selected] : nil }
}
