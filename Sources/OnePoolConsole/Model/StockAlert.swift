import OnePoolCore

/// Something that needs the operator now, with the money that rides on it.
public struct StockAlert: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case oversold, belowSafety, outOfStock, stockout, returns

        public var label: String {
            switch self {
            case .oversold: "OVERSOLD"
            case .belowSafety: "SAFETY"
            case .outOfStock: "OUT"
            case .stockout: "STOCKOUT"
            case .returns: "RETURNS"
            }
        }

        public var isCritical: Bool { self == .oversold }
    }

    public var kind: Kind
    public var sku: SKUCode
    public var title: String
    /// Units at stake: sold without stock, missing from the safety buffer, or two weeks of sales.
    public var units: Int
    /// On the briefing's scale: the expected effect on profit over the store's horizon
    /// (`ProfitRule`), the same money the briefing gives the same condition.
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
        let rule = ProfitRule(data.settings)
        switch row.condition {
        case .normal:
            return nil
        case .oversold:
            let units = -stock.unreserved
            // The briefing's oversold item prices the lines to cancel; before it is built, one line.
            let money =
                data.briefingItem("oversold:\(row.code)")?.money
                ?? rule.oversold(sku: row.sku, units: units, lines: 1).money
            return StockAlert(
                kind: .oversold, sku: row.code, title: row.title, units: units, money: money,
                reason: "\(units) sold beyond stock: on hand \(stock.onHand), committed \(stock.committed)")
        case .belowSafety:
            let units = -stock.available
            return StockAlert(
                kind: .belowSafety, sku: row.code, title: row.title, units: units,
                money: rule.unitsAtStake(sku: row.sku, units: units, why: "sold into the safety buffer").money,
                reason: "\(units) sold into the safety buffer of \(stock.safety)")
        case .outOfStock:
            let sold = StockPaneState.sold30(row.code, data: data)
            let units = max(1, (sold * daysAtRisk + 29) / 30)
            return StockAlert(
                kind: .outOfStock, sku: row.code, title: row.title, units: units,
                money: rule.unitsAtStake(sku: row.sku, units: units, why: "recent sales over the days at risk").money,
                reason: (sold > 0 ? "~\(units) at risk in \(daysAtRisk) d; \(sold) sold in 30 d" : "none sold in 30 d")
                    + (stock.incoming > 0 ? "; \(stock.incoming) incoming" : ""))
        }
    }
}

/// Returned units awaiting inspection: on hand but not on sale until someone looks at them
/// (R restocks them all, W writes them all off). Priced by the one money rule as the margin of
/// the units held off sale (`ProfitRule.unitsAtStake`), like the other stock alerts.
public struct ReturnsAwaitingAlerts: AlertSource {
    public init() {}

    public func alert(row index: Int, in data: ConsoleData) -> StockAlert? {
        let row = data.rows[index]
        guard let queue = data.awaitingReturns[row.code], !queue.isEmpty else { return nil }
        let units = queue.reduce(0) { $0 + $1.remaining }
        guard units > 0 else { return nil }
        let oldest = queue.first?.line.time.millisecondsSince1970 ?? data.now.millisecondsSince1970
        let days = max(0, (data.now.millisecondsSince1970 - oldest) / Timestamp.millisecondsPerDay)
        let reasons = Array(Set(queue.map(\.line.reason))).sorted().prefix(2).joined(separator: ", ")
        return StockAlert(
            kind: .returns, sku: row.code, title: row.title, units: units,
            money: ProfitRule(data.settings).unitsAtStake(sku: row.sku, units: units, why: "awaiting inspection").money,
            reason: "\(units) returned, awaiting inspection \(days) d (\(reasons)): R restock, W write off")
    }
}
