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

/// A producer of alerts, one row at a time (so journal news re-judges only the rows it touched).
/// Stock conditions are the first; forecast-based stockout alerts (days to stockout against the
/// earliest delivery) are another source.
public protocol AlertSource: Sendable {
    func alert(row: Int, in data: ConsoleData) -> StockAlert?
}

extension AlertSource {
    public func alerts(in data: ConsoleData) -> [StockAlert] { data.rows.indices.compactMap { alert(row: $0, in: data) } }
}

/// Alerts read straight from the pool: oversold, below safety, out of stock.
public struct StockConditionAlerts: AlertSource {
    /// How many days of recent sales an out-of-stock SKU is said to put at risk.
    public var daysAtRisk = 14

    public init() {}

    public func alert(row index: Int, in data: ConsoleData) -> StockAlert? {
        let row = data.rows[index]
        let stock = row.stock
        switch row.condition {
        case .normal:
            return nil
        case .oversold:
            let units = -stock.unreserved
            return StockAlert(
                kind: .oversold, sku: row.code, title: row.title, units: units, money: row.price * units,
                reason: "\(units) sold with no stock to ship (on hand \(stock.onHand), committed \(stock.committed))")
        case .belowSafety:
            let units = -stock.available
            return StockAlert(
                kind: .belowSafety, sku: row.code, title: row.title, units: units, money: row.price * units,
                reason: "channels sold \(units) into the safety buffer of \(stock.safety)")
        case .outOfStock:
            let sold = StockPaneState.sold30(row.code, data: data)
            let units = max(1, (sold * daysAtRisk + 29) / 30)
            return StockAlert(
                kind: .outOfStock, sku: row.code, title: row.title, units: units, money: row.price * units,
                reason: sold > 0
                    ? "nothing available; \(sold) sold in 30 days, ~\(units) in \(daysAtRisk) days at risk"
                    : "nothing available" + (stock.incoming > 0 ? "; \(stock.incoming) incoming" : ""))
        }
    }
}

/// The alerts pane: every source's alerts, most money first.
public struct AlertsPaneState: Sendable {
    public var cursor = ListCursor()
    public private(set) var alerts: [StockAlert] = []
    private var builtFor: (revision: Int, rows: Int, history: Bool, forecasts: Int, today: Int)? = nil
    public var sources: [any AlertSource] = [StockConditionAlerts(), StockoutForecastAlerts()]

    public init() {}

    mutating func rebuild(data: ConsoleData, visibleRows: Int) {
        let key = (data.revision, data.rows.count, data.historyLoaded, data.forecastRevision, data.today)
        if let built = builtFor, built != key, let change = data.lastChange, change.revision == data.revision,
            built == (data.revision - 1, data.rows.count, data.historyLoaded, data.forecastRevision, data.today), change.rows.count <= 512
        {
            // Journal news: re-judge only the touched rows, and put their alerts back in order.
            let codes = Set(change.rows.map { data.rows[$0].code })
            alerts.removeAll { codes.contains($0.sku) }
            for row in change.rows {
                for alert in sources.compactMap({ $0.alert(row: row, in: data) }) {
                    var low = 0, high = alerts.count
                    while low < high {
                        let middle = (low + high) / 2
                        if Self.ranksBefore(alert, alerts[middle]) { high = middle } else { low = middle + 1 }
                    }
                    alerts.insert(alert, at: low)
                }
            }
            builtFor = key
        } else if builtFor == nil || builtFor! != key {
            alerts = sources.flatMap { $0.alerts(in: data) }.sorted(by: Self.ranksBefore)
            builtFor = key
        }
        cursor.clamp(count: alerts.count, visibleRows: visibleRows)
    }

    /// Critical first, then most money, then SKU.
    static func ranksBefore(_ lhs: StockAlert, _ rhs: StockAlert) -> Bool {
        if lhs.kind.isCritical != rhs.kind.isCritical { return lhs.kind.isCritical }
        if lhs.money != rhs.money { return lhs.money > rhs.money }
        if lhs.sku != rhs.sku { return lhs.sku < rhs.sku }
        return lhs.kind.rawValue < rhs.kind.rawValue
    }

    public var selected: StockAlert? { alerts.indices.contains(cursor.selected) ? alerts[cursor.selected] : nil }
}
