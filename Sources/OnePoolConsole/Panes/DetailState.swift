import OnePoolCore

/// The SKU detail, opened from any pane or the lookup; its action forms are modals over it.
public struct DetailState: Sendable, Equatable {
    public var sku: SKUCode

    public init(sku: SKUCode) { self.sku = sku }

    /// Keys on the detail (Esc and ← go back: the program closes it).
    func update(_ command: Command, _ context: PaneContext) -> [Effect] {
        switch command {
        case .receive: return [.follow(.openStockForm(.receive))]
        case .count: return [.follow(.openStockForm(.count))]
        case .adjust: return [.follow(.openStockForm(.adjust))]
        case .hold: return [.follow(.openStockForm(.hold))]
        case .release: return [.follow(.openStockForm(.release))]
        case .viewWhole:
            let recent = context.data.recentBySKU[sku] ?? []
            let offset = context.data.history.utcOffsetSeconds
            let lines = recent.map { "\(CivilDate.text($0.time, offsetSeconds: offset))  \($0.text)" }
            let title = context.data.row(sku).map { "\($0.code) · \($0.title)" } ?? sku.rawValue
            return [
                .follow(
                    .openFullText(
                        title: title, text: lines.isEmpty ? "No recent events." : lines.joined(separator: "\n")))
            ]
        default:
            return []
        }
    }
}
