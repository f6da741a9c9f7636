/// One fact in the journal: what changed, when, by whom, in what order.
///
/// Invariant: sequences in a journal start at 1 and rise by exactly 1. An event with an
/// idempotency key is applied at most once per store, however often it is submitted.
public struct Event: Hashable, Sendable {
    public var sequence: UInt64
    public var time: Timestamp
    /// The OS user, or the command that imported the fact (e.g. "import:shopify").
    public var actor: UserName
    /// Set for anything that comes from outside (a channel's order line, an imported row),
    /// so that submitting the same fact twice changes nothing.
    public var idempotencyKey: String?
    public var change: Change

    public init(sequence: UInt64, time: Timestamp, actor: UserName, idempotencyKey: String? = nil, change: Change) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.idempotencyKey = idempotencyKey
        self.change = change
    }
}

/// A change not yet given a sequence: what a command proposes to append.
public struct ProposedChange: Hashable, Sendable {
    public var idempotencyKey: String?
    public var change: Change

    public init(_ change: Change, idempotencyKey: String? = nil) {
        self.change = change
        self.idempotencyKey = idempotencyKey
    }
}

/// Everything that can change the pool or its settings. Each case is a fact in the
/// operator's words; the fold (`StockState.apply`) gives each its meaning.
///
/// The large, rare cases are `indirect` (boxed), so a `Change` is the size of an order line's
/// facts: replay moves millions of them between threads and into the fold, and every move
/// copied the size of the largest case.
public enum Change: Hashable, Sendable {
    indirect case skuCreated(SKU)
    indirect case skuUpdated(SKU)
    case channelAdded(Channel)
    /// Sets the pool-level buffer that is never offered to any channel.
    case safetySet(sku: SKUCode, quantity: Int)
    /// Units arrived. `fromIncoming` of them were expected on an open purchase (incoming).
    case received(sku: SKUCode, quantity: Int, reference: String?, fromIncoming: Int)
    /// Units ordered from a supplier (positive) or no longer expected (negative).
    case incomingChanged(sku: SKUCode, delta: Int, reference: String?)
    /// A physical count: on hand becomes `quantity`, whatever the books said.
    case counted(sku: SKUCode, quantity: Int, reason: String)
    case adjusted(sku: SKUCode, delta: Int, reason: String)
    case held(sku: SKUCode, quantity: Int, reason: String)
    case released(sku: SKUCode, quantity: Int, reason: String?)
    case markedUnsellable(sku: SKUCode, quantity: Int, reason: String)
    case restored(sku: SKUCode, quantity: Int, reason: String?)
    case orderPlaced(OrderLineFacts)
    case orderCancelled(OrderLineFacts)
    case orderShipped(OrderLineFacts)
    /// Units came back from a customer: on hand grows; when not `restocked` they are unsellable.
    /// The first return event, kept so stores that hold it fold as before; returns are now
    /// recorded as `returns(.arrived)` (checked against what shipped), then inspected.
    case orderReturned(OrderLineFacts, restocked: Bool)
    /// A line recorded before came back with another quantity, SKU or price (channels edit
    /// orders): an open line's committed units move to the new version.
    indirect case orderAmended(OrderAmendment)
    /// A channel's allocation rule and file format (`onepool channel set`).
    indirect case channelConfigured(name: ChannelName, settings: ChannelSettings)
    /// From now on the listing sells `mapping.pack` units of `mapping.sku`.
    indirect case listingMapped(ListingKey, ListingMapping)
    /// An order line for a listing that maps to no SKU: kept in the unmapped queue.
    indirect case orderParked(ParkedLine)
    /// A line that shipped before its SKU's latest count: demand history only — the count
    /// already reflects it, so it must not touch on hand again.
    case demandRecorded(OrderLineFacts)
    /// A count that is the truth as of `asOf` (an inventory export taken then).
    case countedAsOf(sku: SKUCode, quantity: Int, asOf: Timestamp, reason: String)
    /// What OnePool last told a channel it may sell of a listing.
    case published(ListingKey, quantity: Int)
    /// Suppliers, approvers, autonomy and purchase orders.
    indirect case purchasing(PurchasingChange)
    /// The store-wide settings the briefing's money is priced with (`onepool settings set`):
    /// the whole set, as it is after the change.
    indirect case storeSettingsSet(StoreSettings)
    /// What the live sync read from and sent to a channel's API.
    indirect case sync(SyncChange)
    /// Customer returns: arrived awaiting inspection, then restocked or written off.
    indirect case returns(ReturnChange)
    /// Bundle definitions (`onepool bundle`).
    indirect case bundles(BundleChange)

    /// A stable lowercase name for listings and filters.
    public var kind: String {
        switch self {
        case .skuCreated: "sku-created"
        case .skuUpdated: "sku-updated"
        case .channelAdded: "channel-added"
        case .safetySet: "safety-set"
        case .received: "received"
        case .incomingChanged: "incoming"
        case .counted: "counted"
        case .adjusted: "adjusted"
        case .held: "held"
        case .released: "released"
        case .markedUnsellable: "unsellable"
        case .restored: "restored"
        case .orderPlaced: "order-placed"
        case .orderCancelled: "order-cancelled"
        case .orderShipped: "order-shipped"
        case .orderReturned: "order-returned"
        case .orderAmended: "order-amended"
        case .channelConfigured: "channel-set"
        case .listingMapped: "listing-mapped"
        case .orderParked: "order-parked"
        case .demandRecorded: "demand-recorded"
        case .countedAsOf: "counted"
        case .published: "published"
        case .purchasing(let change): change.kind
        case .storeSettingsSet: "settings-set"
        case .sync(let change): change.kind
        case .returns(let change): change.kind
        case .bundles(let change): change.kind
        }
    }

    /// Every `kind`, in the order an operator thinks of them (for `log --kind` and its errors).
    /// A new case of `Change` adds its kind here; `ChangeKindTests` checks random streams.
    public static let kinds: [String] =
        [
            "sku-created", "sku-updated", "channel-added", "channel-set", "listing-mapped", "safety-set", "received",
            "incoming", "counted", "adjusted", "held", "released", "unsellable", "restored", "order-placed",
            "order-amended",
            "order-cancelled", "order-shipped", "order-returned", "order-parked", "demand-recorded", "published",
            "settings-set",
        ] + PurchasingChange.kinds + SyncChange.kinds + ReturnChange.kinds + BundleChange.kinds

    /// The SKU this change is about, if any.
    public var skuCode: SKUCode? {
        switch self {
        case .skuCreated(let sku), .skuUpdated(let sku): sku.code
        case .channelAdded, .channelConfigured, .orderParked, .published, .sync, .storeSettingsSet: nil
        case .safetySet(let sku, _), .received(let sku, _, _, _), .incomingChanged(let sku, _, _),
            .counted(let sku, _, _), .adjusted(let sku, _, _), .held(let sku, _, _),
            .released(let sku, _, _), .markedUnsellable(let sku, _, _), .restored(let sku, _, _),
            .countedAsOf(let sku, _, _, _):
            sku
        case .listingMapped(_, let mapping): mapping.sku
        case .purchasing(let change): change.skuCode
        case .bundles(let change): change.code
        case .orderPlaced(let line), .orderCancelled(let line), .orderShipped(let line), .orderReturned(let line, _),
            .demandRecorded(let line):
            line.sku
        case .orderAmended(let amendment): amendment.after.sku
        case .returns(let change): change.sku
        }
    }

    /// Every SKU whose pool this change may move: `skuCode`, and for an amendment that moved a
    /// line to another SKU the one it left too.
    public var touchedSKUs: [SKUCode] {
        if case .orderAmended(let amendment) = self, let before = amendment.before, before.sku != amendment.after.sku {
            return [before.sku, amendment.after.sku]
        }
        return skuCode.map { [$0] } ?? []
    }

    /// The digest of the facts a keyed change records, kept beside its key: an order line's
    /// SKU, quantity and price for the events keyed by the line's placement (placed, or
    /// history only); an adjustment's SKU and units (a work order's `--ref`). Other keys keep
    /// no facts.
    public var factDigest: FactDigest {
        switch self {
        case .orderPlaced(let line), .demandRecorded(let line): line.factDigest
        case .returns(let change): change.factDigest
        case .adjusted(let sku, let delta, _): FactDigest(text: sku.rawValue, Int64(delta), 0)
        default: .unknown
        }
    }
}
