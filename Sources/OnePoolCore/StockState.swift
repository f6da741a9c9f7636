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
        lastSequence = event.sequence
        if event.time > lastEventTime { lastEventTime = event.time }
        if let digest, !idempotency.insert(digest) { return }
        apply(event.change)
    }

    public func hasSeen(digest: IdempotencyDigest) -> Bool { idempotency.contains(digest) }

    /// All idempotency digests in order, keeping them merged so the next call only sorts newer keys.
    public mutating func compactIdempotency() -> [IdempotencyDigest] {
        let all = idempotency.allSorted()
        idempotency.compact(sorted: all)
        return all
    }

    private mutating func apply(_ change: Change) {
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
            guard openLines[line.id] == nil else { return }
            openLines[line.id] = OpenOrderLine(sku: line.sku, quantity: line.quantity, unitPrice: line.unitPrice, placedAt: line.time)
            updateStock(line.sku) { $0.committed += line.quantity }
        case .orderCancelled(let line):
            let taken = closeOpenLine(line)
            updateStock(line.sku) { $0.committed -= taken }
        case .orderShipped(let line):
            let taken = closeOpenLine(line)
            updateStock(line.sku) {
                $0.committed -= taken
                $0.onHand -= taken
            }
        case .orderReturned(let line, let restocked):
            updateStock(line.sku) {
                $0.onHand += line.quantity
                if !restocked { $0.unsellable += line.quantity }
            }
        }
    }

    /// Takes up to `line.quantity` units off an open line (a partial cancel or shipment leaves
    /// the rest open) and returns how many were taken.
    private mutating func closeOpenLine(_ line: OrderLineFacts) -> Int {
        guard let index = openLines.index(forKey: line.id) else { return 0 }
        let open = openLines.values[index]
        let taken = min(open.quantity, line.quantity)
        if taken == open.quantity {
            openLines.remove(at: index)
        } else {
            openLines.values[index].quantity -= taken
        }
        return taken
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
