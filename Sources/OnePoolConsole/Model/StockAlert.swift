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
    public func alerts(in data: ConsoleData) -> [StockAlert] {
        data.rows.indices.compactMap { alert(row: $0, in: data) }
    }
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
                reason: "\(units) sold beyond stock: on hand \(stock.onHand), committed \(stock.committed)")
        case .belowSafety:
            let units = -stock.available
            return StockAlert(
                kind: .belowSafety, sku: row.code, title: row.title, units: units, money: row.price * units,
                reason: "\(units) sold into the safety buffer of \(stock.safety)")
        case .outOfStock:
            let sold = StockPaneState.sold30(row.code, data: data)
            let units = max(1, (sold * daysAtRisk + 29) / 30)
            return StockAlert(
                kind: .outOfStock, sku: row.code, title: row.title, units: units, money: row.price * units,
                reason: (sold > 0 ? "~\(units) at risk in \(daysAtRisk) d; \(sold) sold in 30 d" : "none sold in 30 d")
                    + (stock.incoming > 0 ? "; \(stock.incoming) incoming" : ""))
        }
    }
}
