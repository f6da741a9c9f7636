/// The whole store as a value: the fold of every event in the journal.
///
/// Invariants: `apply` is total and deterministic (the same events in the same order give
/// the same state, whether from a snapshot plus a tail or from the first event); events are
/// checked with `check` *before* they are appended, so `apply` never has to refuse one.
public struct StockState: Sendable {
    public private(set) var lastSequence: UInt64
    public private(set) var lastEventTime: Timestamp
    public private(set) var pools: [String: SKUPool]
    public private(set) var channels: [String: Channel]
    public private(set) var openLines: [OrderLineID: OpenOrderLine]
    public private(set) var idempotency: IdempotencyIndex

    public init() {
        self.init(
            lastSequence: 0, lastEventTime: Timestamp(millisecondsSince1970: 0), pools: [:],
            channels: [:], openLines: [:], idempotency: IdempotencyIndex())
    }

    /// Rebuilds a state from its parts, as a snapshot stores them.
    public init(
        lastSequence: UInt64, lastEventTime: Timestamp, pools: [String: SKUPool],
        channels: [String: Channel], openLines: [OrderLineID: OpenOrderLine], idempotency: IdempotencyIndex
    ) {
        self.lastSequence = lastSequence
        self.lastEventTime = lastEventTime
        self.pools = pools
        self.channels = channels
        self.openLines = openLines
        self.idempotency = idempotency
    }

    // MARK: - Reading

    public func stock(_ code: String) -> StockLevel? { pools[code]?.stock }

    public func sku(_ code: String) -> SKU? { pools[code]?.sku }

    /// SKU codes in ascending order (listings are stable).
    public var skuCodes: [String] { pools.keys.sorted() }

    /// Open lines of one order, in line order.
    public func openLines(channel: String, order: String) -> [(OrderLineID, OpenOrderLine)] {
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
        guard advance(sequence: sequence, time: time, digest: digest) else { return }
        apply(change)
    }

    public func hasSeen(digest: IdempotencyDigest) -> Bool { idempotency.contains(digest) }

    /// Reads the memory that applying an event with key `digest` will look at first, returning a
    /// value to discard. Replay touches the keys of a few dozen events before applying them, so
    /// that their cache misses in a large key index overlap rather than come one at a time.
    public func touchIdempotency(_ digest: IdempotencyDigest) -> UInt64 { idempotency.touch(digest) }

    /// All idempotency digests in order, keeping them merged so the next call only sorts newer keys.
    public mutating func compactIdempotency() -> [IdempotencyDigest] {
        let all = idempotency.allSorted()
        idempotency.compact(sorted: all)
        return all
    }

    mutating func apply(_ change: Change) {
        switch change {
        case .skuCreated(let sku):
            if pools[sku.code] == nil { pools[sku.code] = SKUPool(sku: sku) }
        case .skuUpdated(let sku):
            if let index = pools.index(forKey: sku.code) { pools.values[index].sku = sku }
        case .channelAdded(let channel):
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
            updateStock(code) { $0.onHand = quantity }
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
            _ = openLineIfNew(line, pool: pools.index(forKey: line.sku))
        case .orderCancelled(let line), .orderShipped(let line):
            let taken = openLines.index(forKey: line.id).map { closeOpenLine(line, at: $0) } ?? 0
            if let pool = pools.index(forKey: line.sku) { takeCommitted(taken, of: change, from: pool) }
        case .orderReturned(let line, let restocked):
            updateStock(line.sku) {
                $0.onHand += line.quantity
                if !restocked { $0.unsellable += line.quantity }
            }
        }
    }

    typealias PoolIndex = Dictionary<String, SKUPool>.Index
    typealias LineIndex = Dictionary<OrderLineID, OpenOrderLine>.Index

    // The order-line steps below take dictionary indices found by the caller, so that `commit`
    // (which must look the same entries up to check them) hashes each key once, and `apply` and
    // `commit` still share one definition of what an order event does.

    /// Opens `line` and commits its units in `pool`, unless a line with its id is open already:
    /// then nothing changes and that line is returned.
    mutating func openLineIfNew(_ line: OrderLineFacts, pool: PoolIndex?) -> OpenOrderLine? {
        let open = OpenOrderLine(sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, placedAt: line.time)
        // One hash for the common case (a new line); a repeated placement puts the old line back.
        if let existing = openLines.updateValue(open, forKey: line.id) {
            openLines[line.id] = existing
            return existing
        }
        if let pool { pools.values[pool].stock.committed += line.quantity }
        return nil
    }

    /// Takes up to `line.quantity` units off the open line at `index` (a partial cancel or
    /// shipment leaves the rest open) and returns how many were taken.
    mutating func closeOpenLine(_ line: OrderLineFacts, at index: LineIndex) -> Int {
        let open = openLines.values[index]
        let taken = min(open.quantity, line.quantity)
        if taken == open.quantity {
            openLines.remove(at: index)
        } else {
            openLines.values[index].quantity -= taken
        }
        return taken
    }

    /// The stock side of closing a line: cancelled units stop being committed; shipped units
    /// also leave on hand.
    mutating func takeCommitted(_ taken: Int, of change: Change, from pool: PoolIndex) {
        pools.values[pool].stock.committed -= taken
        if case .orderShipped = change { pools.values[pool].stock.onHand -= taken }
    }

    /// Moves `lastSequence` and `lastEventTime` past an event and records its key. Returns false
    /// if the key was seen before: the event's change is then not applied.
    mutating func advance(sequence: UInt64, time: Timestamp, digest: IdempotencyDigest?) -> Bool {
        lastSequence = sequence
        if time > lastEventTime { lastEventTime = time }
        if let digest { return idempotency.insert(digest) }
        return true
    }

    private mutating func updateStock(_ code: String, _ body: (inout StockLevel) -> Void) {
        guard let index = pools.index(forKey: code) else { return }
        body(&pools.values[index].stock)
    }
}

extension StockState: Equatable {
    public static func == (lhs: StockState, rhs: StockState) -> Bool {
        lhs.lastSequence == rhs.lastSequence && lhs.lastEventTime == rhs.lastEventTime
            && lhs.pools == rhs.pools && lhs.channels == rhs.channels && lhs.openLines == rhs.openLines
            && lhs.idempotency.allSorted() == rhs.idempotency.allSorted()
    }
}
