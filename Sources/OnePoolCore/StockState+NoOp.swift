/// A no-op writes no event: a change that would leave the state exactly as it is — a setting
/// set to what it already is, a non-approver "removed" — is not appended (`commit` returns
/// false, as for a key already seen), so the journal holds only what changed.
extension StockState {
    public func changesNothing(_ change: Change) -> Bool {
        switch change {
        case .skuUpdated(let sku): pools[sku.code]?.sku == sku
        case .safetySet(let code, let quantity): pools[code]?.stock.safety == quantity
        case .channelConfigured(let name, let settings): channelSettings[name] == settings
        case .listingMapped(let key, let mapping): self.mapping(for: key) == mapping
        case .published(let key, let quantity): published[key] == quantity
        case .purchasing(let change): purchasingChangesNothing(change)
        case .storeSettingsSet(let settings): self.settings == settings
        case .bundles(let change): bundlesChangeNothing(change)
        default: false
        }
    }

    private func purchasingChangesNothing(_ change: PurchasingChange) -> Bool {
        switch change {
        case .supplierSet(let supplier): purchasing.suppliers[supplier.code] == supplier
        case .supplierItemSet(let supplier, let sku, let item): purchasing.items[supplier]?[sku] == item
        case .approverSet(let user, let limit): purchasing.approvers[user] == limit
        case .autonomySet(let target, let mode): purchasing.autonomy[target] == mode
        case .edited(let id, let sku, let quantity):
            (purchasing.orders[id]?.order.lines.first { $0.sku == sku }?.quantity ?? 0) == quantity
        default: false
        }
    }
}
