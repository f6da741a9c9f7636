import OnePoolCore

/// The alerts pane: every source's alerts, oversold first, then most money — the briefing's money
/// (`ProfitRule`: expected effect on profit over the store's horizon).
public struct AlertsPaneState: Sendable {
    public var cursor = ListCursor()
    public private(set) var alerts: [StockAlert] = []
    /// Each SKU's alerts as they stand in `alerts`: news finds a touched SKU's old alerts here and
    /// each one's place by binary search, instead of comparing all 17,000 alerts' SKUs.
    private var alertsBySKU: [SKUCode: [StockAlert]] = [:]
    private var builtFor: (revision: Int, rows: Int, history: Bool, forecasts: Int, today: Int, money: MoneyBasis)?

    /// What every alert's money depends on beyond its row: the store's money settings, and
    /// whether the briefing (whose oversold items price the lines to cancel) is built.
    struct MoneyBasis: Equatable {
        var settings: StoreSettings
        var briefingBuilt: Bool
    }
    public var sources: [any AlertSource] = [StockConditionAlerts(), StockoutForecastAlerts(), ReturnsAwaitingAlerts()]

    public init() {}

    public var selected: StockAlert? { alerts[safe: cursor.selected] }

    mutating func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        if cursor.apply(command, count: alerts.count, rows: context.rows) { return [] }
        if command == .open, let alert = selected { return [.follow(.openSKU(alert.sku))] }
        if command == .restockReturns || command == .writeOffReturns {
            return Self.inspect(selected, restock: command == .restockReturns, data: context.data)
        }
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
        var old = alerts
        let keep = selected.map(Self.identity)
        let basis = MoneyBasis(settings: data.settings, briefingBuilt: data.secondaryLoaded)
        let key = (data.revision, data.rows.count, data.historyLoaded, data.forecastRevision, data.today, basis)
        if let built = builtFor, built != key, let changed = Self.changedRows(since: built, data: data, basis: basis) {
            // Journal news, or a few SKUs forecast again: re-judge only the touched rows (an
            // alert reads its own row, its own forecast and the settings), and put their alerts
            // back in order.
            let touched = changed.map { data.rows[$0].code }
            // The old list is kept only when the selected alert may go (the cursor then looks
            // for a neighbour in it): held otherwise, it would make the edits below copy all
            // 17,000 alerts of a large store on every order line.
            if let sku = selected?.sku, touched.contains(sku) {} else { old = [] }
            for code in touched { remove(alertsBySKU.removeValue(forKey: code) ?? []) }
            for row in changed {
                for alert in sources.compactMap({ $0.alert(row: row, in: data) }) {
                    alerts.insert(alert, at: Self.insertionPoint(for: alert, in: alerts))
                    alertsBySKU[alert.sku, default: []].append(alert)
                }
            }
            builtFor = key
        } else if builtFor.map({ $0 != key }) ?? true {
            alerts = sources.flatMap { $0.alerts(in: data) }.sorted(by: Self.ranksBefore)
            alertsBySKU = Dictionary(grouping: alerts, by: \.sku)
            builtFor = key
        }
        cursor.follow(keep, from: old, to: alerts, rows: context.rows, identity: Self.identity)
    }

    /// The rows to re-judge when the only step since `built` is one piece of journal news (the
    /// revision) or one forecast update of a few SKUs (the forecast revision); nil when anything
    /// else moved, or too much did, and every alert is built again.
    private static func changedRows(
        since built: (revision: Int, rows: Int, history: Bool, forecasts: Int, today: Int, money: MoneyBasis),
        data: ConsoleData, basis: MoneyBasis
    ) -> [Int]? {
        let (revision, rows, history, forecast, today) = (
            data.revision, data.rows.count, data.historyLoaded, data.forecastRevision, data.today
        )
        if let change = data.lastChange, change.revision == revision,
            built == (revision - 1, rows, history, forecast, today, basis)
        {
            return change.rows.count <= 512 ? change.rows : nil
        }
        if let change = data.lastForecastChange, change.revision == forecast,
            built == (revision, rows, history, forecast - 1, today, basis)
        {
            return change.rows.count <= 512 ? change.rows : nil
        }
        return nil
    }

    /// Takes these alerts out of the list, each found at its place by binary search (the order
    /// is total: no two alerts rank alike); one not found there is looked for everywhere.
    private mutating func remove(_ leaving: [StockAlert]) {
        for alert in leaving {
            let at = Self.insertionPoint(for: alert, in: alerts) - 1
            if alerts.indices.contains(at), alerts[at] == alert {
                alerts.remove(at: at)
            } else if let anywhere = alerts.firstIndex(of: alert) {
                alerts.remove(at: anywhere)
            }
        }
    }

    /// The first place after every alert that does not rank after `alert`.
    static func insertionPoint(for alert: StockAlert, in alerts: [StockAlert]) -> Int {
        var low = 0
        var high = alerts.count
        while low < high {
            let middle = (low + high) / 2
            if ranksBefore(alert, alerts[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// R or W on a RETURNS alert opens the inspection form for its SKU (how many of the units
    /// awaiting inspection, and why): as `onepool inspect SKU N --restock` or
    /// `--unsellable --reason ...`.
    static func inspect(_ alert: StockAlert?, restock: Bool, data: ConsoleData) -> [Effect] {
        guard let alert, alert.kind == .returns else {
            return [.follow(.status("R and W act on a RETURNS alert: select one first", isError: true))]
        }
        return [.follow(.openInspectForm(sku: alert.sku, restock: restock))]
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
