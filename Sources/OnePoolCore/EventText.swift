/// One change in the operator's words: for `onepool log` and the console's activity pane.
public enum EventText {
    public static func details(_ change: Change) -> String {
        switch change {
        case .skuCreated(let sku): "created \(sku.code) “\(sku.title)” cost \(sku.unitCost) price \(sku.price)"
        case .skuUpdated(let sku): "updated \(sku.code) “\(sku.title)”"
        case .channelAdded(let channel): "added channel \(channel.name) (\(channel.kind.rawValue))"
        case .safetySet(let sku, let quantity): "\(sku) safety set to \(quantity)"
        case .received(let sku, let quantity, let reference, _):
            "\(sku) received \(quantity)" + (reference.map { " ref \($0)" } ?? "")
        case .incomingChanged(let sku, let delta, let reference):
            "\(sku) incoming \(delta > 0 ? "+" : "")\(delta)" + (reference.map { " ref \($0)" } ?? "")
        case .counted(let sku, let quantity, let reason): "\(sku) counted \(quantity) — \(reason)"
        case .adjusted(let sku, let delta, let reason): "\(sku) adjusted \(delta > 0 ? "+" : "")\(delta) — \(reason)"
        case .held(let sku, let quantity, let reason): "\(sku) held \(quantity) — \(reason)"
        case .released(let sku, let quantity, let reason):
            "\(sku) released \(quantity)" + (reason.map { " — \($0)" } ?? "")
        case .markedUnsellable(let sku, let quantity, let reason): "\(sku) \(quantity) unsellable — \(reason)"
        case .restored(let sku, let quantity, let reason):
            "\(sku) \(quantity) restored" + (reason.map { " — \($0)" } ?? "")
        case .orderPlaced(let line): "\(line.id) placed \(line.quantity) × \(line.sku) @ \(line.unitPrice)"
        case .orderCancelled(let line): "\(line.id) cancelled \(line.quantity) × \(line.sku)"
        case .orderShipped(let line): "\(line.id) shipped \(line.quantity) × \(line.sku)"
        case .orderAmended(let amendment):
            "\(amendment.id) amended \(amendment.summary) (from \(amendment.source))"
        case .orderReturned(let line, let restocked):
            "\(line.id) returned \(line.quantity) × \(line.sku)" + (restocked ? "" : " (unsellable)")
        case .channelConfigured(let name, let settings):
            "channel \(name): priority \(settings.rule.priority), floor \(settings.rule.floor), cap \(settings.rule.cap?.description ?? "none")"
                + (settings.rule.enabled ? "" : ", disabled") + ", format \(settings.format.rawValue)"
        case .listingMapped(let key, let mapping):
            "listing \(key) → \(mapping.sku)" + (mapping.pack == 1 ? "" : " × \(mapping.pack)")
        case .orderParked(let line):
            "\(line.id) parked \(line.quantity) × unmapped listing \(line.listing) (\(line.status.rawValue))"
        case .demandRecorded(let line): "\(line.id) history \(line.quantity) × \(line.sku) (shipped before the count)"
        case .countedAsOf(let sku, let quantity, let asOf, let reason):
            "\(sku) counted \(quantity) as of \(CivilDate.text(asOf, offsetSeconds: 0)) UTC — \(reason)"
        case .published(let key, let quantity): "published \(quantity) for \(key)"
        case .purchasing(let change): change.text
        case .storeSettingsSet(let settings): "store settings: \(settings.text)"
        case .sync(let change): SyncText.details(change)
        }
    }
}
