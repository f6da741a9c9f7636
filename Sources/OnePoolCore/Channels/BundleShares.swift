/// How a channel's allocation of a component is shared between its single listings and its
/// bundle listings — the one rule `publish`, the live sync's push, `allocation`, over-exposure
/// and the console all call (ARCHITECTURE.md, "Bundles in allocation").
///
/// Bundles have no pool of their own, so the `Allocator` gives them nothing: the channels'
/// priorities, floors and caps divide each *component* among the channels exactly as for any
/// SKU (a bundle's channel is served with that channel's priority for each component — a bundle
/// has no priority of its own, and a bundle sale's committed components count against the
/// channel's caps like single sales). Within one channel, its allocation A of component X is
/// then shared among the *uses* of X on that channel: selling X alone, and each bundle that
/// contains X (OnePool lists every SKU, bundle or not, under its own code on every channel):
///
/// 1. each use gets an equal share ⌊A / (1 + number of bundles using X)⌋;
/// 2. a bundle is offered min over its components Y of ⌊Y's share / Y's quantity⌋ bundles
///    (the scarcest component limits it; an unused share is not lost, see 3);
/// 3. X alone is offered A − Σ over the bundles using X of (bundles offered × quantity of X):
///    everything the bundles do not take, the integer remainder included.
///
/// So on each channel the units offered of X, alone and inside bundles, sum to at most A, and
/// over the channels to at most X's available: what every channel is offered, in component
/// units, never exceeds on hand − committed − held − unsellable − safety. Equal shares, rather
/// than bundles first or singles first, keep either kind of listing from starving the other
/// when a component runs short (a bundle still sells while its share makes one, and singles
/// never drop below A ⌊÷⌋ (uses)); a store without bundles is offered exactly what it was before.
/// Every listing of the same SKU or bundle on a channel shows that offer ÷ its pack (as before:
/// they sell from one offer).
extension BundleBook {
    /// Units of `code` (bundles, for a bundle) one channel's listings of it may be offered,
    /// given `allocation` — the channel's allocation of any SKU (its `Allocator` share).
    public func channelOffer(of code: SKUCode, allocation: (SKUCode) -> Int) -> Int {
        guard !isEmpty else { return allocation(code) }
        if let definition = self[code] { return bundleOffer(definition, allocation: allocation) }
        let total = allocation(code)
        let users = bundles(using: code)
        guard !users.isEmpty else { return total }
        var taken = 0
        for user in users {
            guard let definition = self[user] else { continue }
            let units = bundleOffer(definition, allocation: allocation).multipliedClamped(
                by: definition.quantity(of: code))
            taken = min(total, taken + units)
        }
        return max(0, total - taken)
    }

    /// A bundle's offer: min over its components of ⌊the bundle's share of it / quantity⌋.
    private func bundleOffer(_ definition: BundleDefinition, allocation: (SKUCode) -> Int) -> Int {
        var offer = Int.max
        for component in definition.components {
            let uses = 1 + bundles(using: component.sku).count
            let share = max(0, allocation(component.sku)) / uses
            offer = min(offer, share / max(1, component.quantity))
        }
        return offer == Int.max ? 0 : offer
    }
}

extension StockState {
    /// `BundleBook.channelOffer` with this store's bundles: the one rule every caller uses.
    public func channelOffer(of code: SKUCode, allocation: (SKUCode) -> Int) -> Int {
        bundles.channelOffer(of: code, allocation: allocation)
    }

    /// What one listing may be offered now: ⌊its SKU's (or bundle's) channel offer / pack⌋ —
    /// the quantity `publish` and the push send. `allocation` gives the listing's channel's
    /// allocation of any SKU.
    public func listingOffer(_ key: ListingKey, allocation: (SKUCode) -> Int) -> Int? {
        guard let mapping = mapping(for: key) else { return nil }
        return channelOffer(of: mapping.sku, allocation: allocation) / max(1, mapping.pack)
    }

    /// `allocation` for one channel from the flat allocator, each SKU's row worked out once —
    /// for callers that ask about a few SKUs (a listing, a bundle and its components).
    public func channelAllocations(channel: ChannelName, allocator given: Allocator? = nil) -> (SKUCode) -> Int {
        let names = channelOrder
        guard let column = names.firstIndex(of: channel) else { return { _ in 0 } }
        let allocator = given ?? allocator()
        return { code in
            guard let pool = self.pools[code] else { return 0 }
            let committed = names.map { pool.committedByChannel[$0] ?? 0 }
            return allocator.allocate(available: pool.stock.available, committed: committed).allocations[column]
        }
    }
}
