/// The whole store as a value: the fold of every event in the journal.
///
/// Invariants: `apply` is total and deterministic (the same events in the same order give
/// the same state, whether from a snapshot plus a tail or from the first event); events are
/// checked with `check` *before* they are appended, so `apply` never has to refuse one.
public struct StockState: Sendable {
    public private(set) var lastSequence: UInt64
    public private(set) var lastEventTime: Timestamp
    public internal(set) var pools: [SKUCode: SKUPool]
    public private(set) var channels: [ChannelName: Channel] { didSet { channelNames = Array(channels.keys) } }
    /// The names of `channels`, kept beside them so `hasChannel` compares a few names in an array
    /// (every order event checks its channel) instead of walking the dictionary's buckets.
    private(set) var channelNames: [ChannelName]
    public internal(set) var openLines: OpenLineTable
    public internal(set) var idempotency: IdempotencyIndex
    /// Every channel's rule and format (each channel has an entry from the moment it is added).
    public private(set) var channelSettings: [ChannelName: ChannelSettings]
    /// Listings mapped explicitly; a listing whose id is a SKU code maps to it without an entry.
    public private(set) var listings: [ListingKey: ListingMapping]
    /// The unmapped queue: order lines waiting for their listing to be mapped.
    public private(set) var parkedLines: [OrderLineID: ParkedLine]
    /// What each listing was last published as.
    public private(set) var published: [ListingKey: Int]
    /// Channels that have been offered stock: some listing published above 0, ever (see
    /// `checkZeroing`).
    public private(set) var offeredChannels: Set<ChannelName>
    /// Suppliers, approvers, autonomy and purchase orders.
    public internal(set) var purchasing: PurchasingState
    /// The settings the briefing's money rule reads (the last `storeSettingsSet`, else `.standard`).
    public private(set) var settings: StoreSettings
    /// What the live sync knows of each connected channel.
    public internal(set) var sync: SyncState
    /// Shipped lines (what may come back) and returns awaiting inspection.
    public internal(set) var returns: ReturnsState
    /// Bundle SKUs and their components (`BundleBook`).
    public internal(set) var bundles: BundleBook

    public init() {
        self.init(
            lastSequence: 0, lastEventTime: Timestamp(millisecondsSince1970: 0), pools: [:],
            channels: [:], openLines: [:], idempotency: IdempotencyIndex())
    }

    /// Rebuilds a state from its parts, as a snapshot stores them. Per-channel committed units
    /// are derived from the open lines rather than stored (here, unless `committedDerived`).
    public init(
        lastSequence: UInt64, lastEventTime: Timestamp, pools: [SKUCode: SKUPool],
        channels: [ChannelName: Channel], openLines: OpenLineTable, idempotency: IdempotencyIndex,
        channelSettings: [ChannelName: ChannelSettings]? = nil, listings: [ListingKey: ListingMapping] = [:],
        parkedLines: [OrderLineID: ParkedLine] = [:], published: [ListingKey: Int] = [:],
        purchasing: PurchasingState = PurchasingState(),
        offeredChannels: Set<ChannelName>? = nil, sync: SyncState = SyncState(), committedDerived: Bool = false,
        settings: StoreSettings = .standard, returns: ReturnsState = ReturnsState(), bundles: BundleBook = BundleBook()
    ) {
        self.returns = returns
        self.settings = settings
        self.bundles = bundles
        self.lastSequence = lastSequence
        self.lastEventTime = lastEventTime
        self.pools = pools
        self.channels = channels
        self.channelNames = Array(channels.keys)
        self.openLines = openLines
        self.idempotency = idempotency
        self.channelSettings = channelSettings ?? Self.defaultSettings(channels)
        self.listings = listings
        self.parkedLines = parkedLines
        self.published = published
        // A store from before the record was kept: offered if a listing reads above 0 now.
        self.offeredChannels = offeredChannels ?? Set(published.filter { $0.value > 0 }.map(\.key.channel))
        self.purchasing = purchasing
        self.sync = sync
        // A snapshot fills these while decoding (`committedDerived`), where the pools are still
        // its own: rewriting them here would copy a dictionary of every SKU first.
        if !committedDerived {
            for index in self.pools.indices where !self.pools.values[index].committedByChannel.isEmpty {
                self.pools.values[index].committedByChannel = [:]
            }
            for (id, line) in openLines {
                if let components = line.components { self.bundles.noteUsed(components, by: line.sku) }
                for (code, units) in line.committedUnits {
                    guard let pool = self.pools.index(forKey: code) else { continue }
                    self.pools.values[pool].committedByChannel[id.channel, default: 0] += units
                }
            }
        }
    }

    /// Settings for channels from a store that predates them: served in name order.
    private static func defaultSettings(_ channels: [ChannelName: Channel]) -> [ChannelName: ChannelSettings] {
        var settings: [ChannelName: ChannelSettings] = [:]
        for (position, name) in channels.keys.sorted().enumerated() {
            guard let channel = channels[name] else { continue }
            settings[name] = .defaults(kind: channel.kind, position: position + 1)
        }
        return settings
    }

    // MARK: - Reading

    public func stock(_ code: SKUCode) -> StockLevel? { pools[code]?.stock }

    public func sku(_ code: SKUCode) -> SKU? { pools[code]?.sku }

    /// SKU codes in ascending order (listings are stable).
    public var skuCodes: [SKUCode] { pools.keys.sorted() }

    /// Open lines of one order, in line order.
    public func openLines(channel: ChannelName, order: String) -> [(OrderLineID, OpenOrderLine)] {
        openLines.filter { $0.key.channel == channel && $0.key.order == order }
            .sorted { $0.key.line < $1.key.line }
            .map { ($0.key, $0.value) }
    }

    public func hasSeen(idempotencyKey: String) -> Bool { idempotency.contains(key: idempotencyKey) }

    // MARK: - The fold

    /// Applies one event. Events whose idempotency key was already seen change nothing
    /// but the sequence.
    public mutating func apply(_ event: Event) {
        apply(event, digest: event.idempotencyKey.map(IdempotencyDigest.init(key:)))
    }

    /// `apply` with the digest of the event's idempotency key already computed (by the caller
    /// that checked it), so a commit hashes each key once.
    public mutating func apply(_ event: Event, digest: IdempotencyDigest?) {
        apply(event.change, sequence: event.sequence, time: event.time, digest: digest)
    }

    /// `apply` from an event's parts: what replay uses, as it decodes neither the actor nor the
    /// key's text (only the key's digest matters to the state).
    public mutating func apply(_ change: Change, sequence: UInt64, time: Timestamp, digest: IdempotencyDigest?) {
        apply(change, sequence: sequence, time: time, digest: digest, facts: Self.facts(of: change, digest: digest))
    }

    /// `apply` with the digest of the change's facts already worked out too (`facts(of:digest:)`):
    /// replay computes it on the thread that decodes, so the thread that folds does less.
    ///
    /// `shippedLine`, for a shipment, is `ShippedLineKey(line.id)` worked out by the caller (replay
    /// does so on the thread that decodes); nil lets the fold work it out.
    public mutating func apply(
        _ change: Change, sequence: UInt64, time: Timestamp, digest: IdempotencyDigest?, facts: FactDigest,
        shippedLine: ShippedLineKey? = nil
    ) {
        guard advance(sequence: sequence, time: time, digest: digest, facts: facts) else { return }
        apply(change, time: time, shippedLine: shippedLine)
    }

    /// What the idempotency index keeps beside the key of `change`: its facts' digest, or
    /// `.unknown` for an event without a key.
    public static func facts(of change: Change, digest: IdempotencyDigest?) -> FactDigest {
        digest == nil ? .unknown : change.factDigest
    }

    public func hasSeen(digest: IdempotencyDigest) -> Bool { idempotency.contains(digest) }

    /// Reads the memory that applying an event with key `digest` will look at first, returning a
    /// value to discard. Replay touches the keys of a few dozen events before applying them, so
    /// that their cache misses in a large key index overlap rather than come one at a time.
    public func touchIdempotency(_ digest: IdempotencyDigest) -> UInt64 { idempotency.touch(digest) }

    /// All idempotency entries in order, keeping them merged so the next call only sorts newer keys.
    public mutating func compactIdempotency() -> [IdempotencyEntry] {
        let all = idempotency.allSorted()
        idempotency.compact(sorted: all)
        return all
    }

    mutating func apply(_ change: Change, time: Timestamp, shippedLine: ShippedLineKey? = nil) {
        switch change {
        case .skuCreated(let sku):
            if pools[sku.code] == nil { pools[sku.code] = SKUPool(sku: sku) }
        case .skuUpdated(let sku):
            if let index = pools.index(forKey: sku.code) { pools.values[index].sku = sku }
        case .channelAdded(let channel):
            if channelSettings[channel.name] == nil {
                channelSettings[channel.name] = .defaults(kind: channel.kind, position: channels.count + 1)
            }
            channels[channel.name] = channel
        case .safetySet(let code, let quantity):
            updateStock(code) { $0.safety = quantity }
        case .received(let code, let quantity, _, let fromIncoming):
            updateStock(code) {
                $0.onHand += quantity
                $0.incoming = max(0, $0.incoming - fromIncoming)
            }
        case .incomingChanged(let code, let delta, _):
            updateStock(code) { $0.incoming = max(0, $0.incoming + delta) }
        case .counted(let code, let quantity, _):
            updatePool(code) {
                $0.stock.onHand = quantity
                $0.countedAt = max($0.countedAt ?? time, time)
            }
        case .countedAsOf(let code, let quantity, let asOf, _):
            updatePool(code) {
                $0.stock.onHand = quantity
                $0.countedAt = max($0.countedAt ?? asOf, asOf)
            }
        case .adjusted(let code, let delta, _):
            updateStock(code) { $0.onHand += delta }
        case .held(let code, let quantity, _):
            updateStock(code) { $0.held += quantity }
        case .released(let code, let quantity, _):
            updateStock(code) { $0.held = max(0, $0.held - quantity) }
        case .markedUnsellable(let code, let quantity, _):
            updateStock(code) { $0.unsellable += quantity }
        case .restored(let code, let quantity, _):
            updateStock(code) { $0.unsellable = max(0, $0.unsellable - quantity) }
        case .orderPlaced(let line):
            unpark(line.id)
            _ = openLineIfNew(line, pool: pools.index(forKey: line.sku))
        case .orderCancelled(let line), .orderShipped(let line):
            unpark(line.id)
            guard let index = openLines.index(forKey: line.id) else { break }
            let (taken, components) = closeOpenLine(line, at: index)
            if let components {
                takeComponents(components, units: taken, of: line, change)
            } else if let pool = pools.index(forKey: line.sku) {
                takeCommitted(taken, of: line, change, from: pool, shippedLine: shippedLine)
            }
        case .demandRecorded(let line):
            unpark(line.id)
            // History only: a bundle's line took the components the bundle is made of now.
            let components = bundles.isEmpty ? nil : bundles[line.sku]?.components
            returns.recordShipment(line.id, sku: line.sku, units: line.quantity, components: components)
        case .channelConfigured(let name, let settings):
            channelSettings[name] = settings
        case .listingMapped(let key, let mapping):
            listings[key] = mapping
            // Its waiting lines leave the queue; `onepool map` records them under the SKU in
            // the same batch.
            if !parkedLines.isEmpty { parkedLines = parkedLines.filter { $0.value.listingKey != key } }
        case .orderParked(let line):
            parkedLines[line.id] = line
        case .published(let key, let quantity):
            published[key] = quantity
            if quantity > 0 { offeredChannels.insert(key.channel) }
        case .sync(let change):
            if case .pushed(let answer) = change, answer.answer == .applied {
                for line in answer.lines {
                    published[ListingKey(channel: answer.channel, listing: line.listing)] = line.to
                    // A push is a publish: the one "ever offered stock" the zero guard reads.
                    if line.to > 0 { offeredChannels.insert(answer.channel) }
                }
            }
            sync.apply(change, time: time)
        case .purchasing(let change):
            applyPurchasing(change, time: time)
        case .orderReturned(let line, let restocked):
            updateStock(line.sku) {
                $0.onHand += line.quantity
                if !restocked { $0.unsellable += line.quantity }
            }
            // The stock moves as it always did; the units also count against the shipped line.
            returns.recordReturn(line.id, units: line.quantity)
        case .returns(let change):
            applyReturn(change)
        case .orderAmended(let amendment):
            applyAmendment(amendment)
        case .storeSettingsSet(let settings):
            self.settings = settings
        case .bundles(let change):
            applyBundles(change)
        }
    }

    typealias PoolIndex = Dictionary<SKUCode, SKUPool>.Index
    typealias LineIndex = OpenLineTable.Index

    // The order-line steps below take dictionary indices found by the caller, so that `commit`
    // (which must look the same entries up to check them) hashes each key once, and `apply` and
    // `commit` still share one definition of what an order event does.

    /// Opens `line` and commits its units in `pool`, unless a line with its id is open already:
    /// then nothing changes and that line is returned.
    mutating func openLineIfNew(_ line: OrderLineFacts, pool: PoolIndex?) -> OpenOrderLine? {
        // A bundle's line takes the bundle's components as they are defined now, and keeps them.
        let components = bundles.isEmpty ? nil : bundles[line.sku]?.components
        // One probe both finds the line's slot and fills it if empty (the dictionary's `_modify`
        // inserts where its lookup ended): `updateValue` then putting a repeat's old line back
        // hashed twice on a repeat and built the new line outside the table, then copied it in.
        if let existing = Self.openIfAbsent(&openLines[line.id], line, components: components) { return existing }
        if let components {
            commitComponents(components, units: line.quantity, channel: line.id.channel)
        } else if let pool {
            pools.values[pool].commit(line.quantity, channel: line.id.channel)
        }
        return nil
    }

    /// Opens `line` in `slot` if the slot is empty; else returns the line already there.
    private static func openIfAbsent(
        _ slot: inout OpenOrderLine?, _ line: OrderLineFacts, components: [BundleComponent]?
    ) -> OpenOrderLine? {
        if let existing = slot { return existing }
        slot = OpenOrderLine(
            sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, placedAt: line.time,
            components: components)
        return nil
    }

    /// Takes up to `line.quantity` units off the open line at `index` (a partial cancel or
    /// shipment leaves the rest open) and returns how many were taken, and the components the
    /// line took if it is a bundle's.
    mutating func closeOpenLine(
        _ line: OrderLineFacts, at index: LineIndex
    ) -> (taken: Int, components: [BundleComponent]?) {
        let taken = Self.take(line.quantity, from: &openLines[valueAt: index])
        if taken.left == 0 { openLines.remove(at: index) }
        return (taken.units, taken.components)
    }

    /// `openLineToClose` then `closeOpenLine`, with one lookup and one access to the line: what
    /// `commit` does for a cancel or shipment. A refusal changes nothing.
    mutating func closeOpenLine(checking line: OrderLineFacts) throws(Refusal) -> (
        taken: Int, components: [BundleComponent]?
    ) {
        guard let index = openLines.index(forKey: line.id) else { throw .unknownOrderLine(line.id) }
        let taken = try Self.checkAndTake(line, from: &openLines[valueAt: index])
        if taken.left == 0 { openLines.remove(at: index) }
        return (taken.units, taken.components)
    }

    /// What taking units off an open line gives: the units taken, those left open, the line's
    /// bundle components (nil for an ordinary SKU).
    typealias Taken = (units: Int, left: Int, components: [BundleComponent]?)

    /// Takes up to `quantity` units off `open` where it lies in the dictionary (`_modify`):
    /// reading `openLines[valueAt: index]` copied the line out, its SKU and components retained
    /// and released, for every shipment.
    static func take(_ quantity: Int, from open: inout OpenOrderLine) -> Taken {
        let taken = min(open.quantity, quantity)
        open.quantity -= taken
        return (taken, open.quantity, open.components)
    }

    /// `take` after `checkClosing`, in the same access to the line.
    private static func checkAndTake(_ line: OrderLineFacts, from open: inout OpenOrderLine) throws(Refusal) -> Taken {
        try checkClosing(line, open: open)
        return take(line.quantity, from: &open)
    }

    /// The stock side of closing a line: cancelled units stop being committed; shipped units
    /// also leave on hand.
    /// `shippedLine` is `ShippedLineKey(line.id)` if the caller has it already.
    mutating func takeCommitted(
        _ taken: Int, of line: OrderLineFacts, _ change: Change, from pool: PoolIndex,
        shippedLine: ShippedLineKey? = nil
    ) {
        takeCommitted(taken, of: line, shipped: change.isShipment, from: pool, shippedLine: shippedLine)
    }

    /// `takeCommitted`, told whether the line shipped (else it was cancelled).
    mutating func takeCommitted(
        _ taken: Int, of line: OrderLineFacts, shipped: Bool, from pool: PoolIndex, shippedLine: ShippedLineKey? = nil
    ) {
        guard shipped else {
            pools.values[pool].commit(-taken, channel: line.id.channel)
            return
        }
        // One access to the pool in place: reading `pools.values[pool]` to compute its new on
        // hand copied the whole pool (its SKU's strings retained and released) for every shipment.
        pools.values[pool].ship(taken, channel: line.id.channel)
        returns.recordShipment(shippedLine ?? ShippedLineKey(line.id), sku: line.sku, units: taken)
    }

    /// A parked line that is now placed, closed or recorded as history under a SKU has left
    /// the unmapped queue. (The check for an empty queue keeps the hot path to one branch.)
    mutating func unpark(_ id: OrderLineID) {
        if !parkedLines.isEmpty { parkedLines[id] = nil }
    }

    /// Moves `lastSequence` and `lastEventTime` past an event and records its key with the
    /// digest of its facts. Returns false if the key was seen before: the event's change is then
    /// not applied.
    mutating func advance(sequence: UInt64, time: Timestamp, digest: IdempotencyDigest?, facts: FactDigest) -> Bool {
        advance(sequence: sequence, time: time)
        if let digest { return idempotency.insert(digest, facts: facts) }
        return true
    }

    /// `advance` without a key: the sequence and the latest event time.
    mutating func advance(sequence: UInt64, time: Timestamp) {
        lastSequence = sequence
        if time > lastEventTime { lastEventTime = time }
    }

    mutating func updateStock(_ code: SKUCode, _ body: (inout StockLevel) -> Void) {
        guard let index = pools.index(forKey: code) else { return }
        body(&pools.values[index].stock)
        pools.values[index].stock.clampToHeldLimit()
    }

    private mutating func updatePool(_ code: SKUCode, _ body: (inout SKUPool) -> Void) {
        guard let index = pools.index(forKey: code) else { return }
        body(&pools.values[index])
        pools.values[index].stock.clampToHeldLimit()
    }
}

extension StockState: Equatable {
    public static func == (lhs: StockState, rhs: StockState) -> Bool {
        lhs.lastSequence == rhs.lastSequence && lhs.lastEventTime == rhs.lastEventTime
            && lhs.pools == rhs.pools && lhs.channels == rhs.channels && lhs.openLines == rhs.openLines
            && lhs.channelSettings == rhs.channelSettings && lhs.listings == rhs.listings
            && lhs.parkedLines == rhs.parkedLines && lhs.published == rhs.published && lhs.purchasing == rhs.purchasing
            && lhs.offeredChannels == rhs.offeredChannels && lhs.settings == rhs.settings
            && lhs.returns == rhs.returns && lhs.bundles == rhs.bundles
            && Self.sameKeys(lhs.idempotency.allSorted(), rhs.idempotency.allSorted())
    }

    /// The same keys, with the same facts wherever both sides know them: a store upgraded from a
    /// snapshot written before fact digests (its entries' facts are unknown) equals the replay of
    /// its journal.
    private static func sameKeys(_ lhs: [IdempotencyEntry], _ rhs: [IdempotencyEntry]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).allSatisfy { a, b in
            a.key == b.key && (a.facts == b.facts || !a.facts.isKnown || !b.facts.isKnown)
        }
    }
}
