import OnePoolCore

/// The alerts pane: every source's alerts, most money first.
public struct AlertsPaneState: Sendable {
    public var cursor = ListCursor()
    public private(set) var alerts: [StockAlert] = []
    private var builtFor: (revision: Int, rows: Int, history: Bool, forecasts: Int, today: Int)? = nil
    public var sources: [any AlertSource] = [StockConditionAlerts(), StockoutForecastAlerts()]

    public init() {}

    public var selected: StockAlert? { alerts[safe: cursor.selected] }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        if cursor.apply(command, count: alerts.count, rows: context.rows) { return [] }
        if command == .open, let alert = selected { return [.follow(.openSKU(alert.sku))] }
        if command == .viewWhole, let alert = selected {
            return [
                .follow(
                    .openFullText(
                        title: "\(alert.kind.label) · \(alert.sku)", text: "\(alert.title)\n\n\(alert.reason)"))
            ]
        }
        return []
    }

    mutating func rebuild(_ context: PaneContext) {
        let data = context.data
        let old = alerts
        let keep = selected.map(Self.identity)
        let key = (data.revision, data.rows.count, data.historyLoaded, data.forecastRevision, data.today)
        if let built = builtFor, built != key, let change = data.lastChange, change.revision == data.revision,
            built == (data.revision - 1, data.rows.count, data.historyLoaded, data.forecastRevision, data.today),
            change.rows.count <= 512
        {
            // Journal news: re-judge only the touched rows, and put their alerts back in order.
            let codes = Set(change.rows.map { data.rows[$0].code })
            alerts.removeAll { codes.contains($0.sku) }
            for row in change.rows {
                for alert in sources.compactMap({ $0.alert(row: row, in: data) }) {
                    var low = 0
                    var high = alerts.count
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
        cursor.follow(keep, from: old, to: alerts, rows: context.rows, identity: Self.identity)
    }

    /// An alert is the same alert while it is about the same SKU and condition.
    static func identity(_ alert: StockAlert) -> String { "\(alert.kind.rawValue) \(alert.sku)" }

    /// Critical first, then most money, then SKU.
    static func ranksBefore(_ lhs: StockAlert, _ rhs: StockAlert) -> Bool {
        if lhs.kind.isCritical != rhs.kind.isCritical { return lhs.kind.isCritical }
        if lhs.money != rhs.money { return lhs.money > rhs.money }
        if lhs.sku != rhs.sku { return lhs.sku < rhs.sku }
        return lhs.kind.rawValue < rhs.kind.rawValue
    }
}
