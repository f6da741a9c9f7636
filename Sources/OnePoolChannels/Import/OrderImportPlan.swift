import OnePoolCore

/// What importing order lines means for the pool, decided against the store's current state.
///
/// For each line (listing mapped to `pack` units of a SKU, else parked in the unmapped queue):
/// - still open → placed (its units are committed);
/// - shipped → if its SKU was counted after it shipped, the count already reflects it: demand
///   history only; otherwise placed and shipped (its units leave on hand);
/// - cancelled → closes the line if it was open; a line never seen open changes nothing.
/// A line already recorded only moves forward (open → shipped or cancelled), so importing a
/// newer export of the same orders applies just what changed, and the same file twice nothing.
/// A line recorded before whose quantity, SKU or price changed (a channel's order edit) is an
/// amendment first (`StockState.report` decides), then moves forward like any other; a line
/// in the unmapped queue reported with other facts replaces its queue entry.
/// Each change is checked against a working copy of the state as it is planned, so a line the
/// store would refuse is reported with its file line instead of failing the commit.
public struct OrderImportPlan: Sendable {
    public var changes: [ProposedChange] = []
    public var summary = OrderImportSummary()
    public var problems: [ImportProblem] = []

    public static func make(lines: [ImportedLine], channel: String, file: String, state: StockState, time: Timestamp) -> OrderImportPlan {
        var plan = OrderImportPlan()
        var scratch = state
        var seen: [OrderLineID: Int] = [:]
        for line in lines {
            let id = OrderLineID(channel: line.channel ?? channel, order: line.order, line: line.line)
            if let first = seen[id] {
                plan.problems.append(ImportProblem(
                    file: file, line: line.fileLine,
                    message: "order \(line.order) line \(line.line) appears twice in this file (first on line \(first)); expected each line once"))
                continue
            }
            seen[id] = line.fileLine
            if line.refunded { plan.summary.refundedLines += 1 }
            let proposed = decide(line, id: id, source: "\(file):\(line.fileLine)", in: scratch)
            for change in proposed {
                let outcome = Result { () throws(Refusal) in try scratch.commit(change, time: time) }
                switch outcome {
                case .success(true):
                    plan.changes.append(change)
                    plan.summary.count(change)
                case .success(false):
                    break
                case .failure(let refusal):
                    plan.problems.append(ImportProblem(file: file, line: line.fileLine, message: refusal.description))
                }
            }
            if proposed.isEmpty { plan.summary.unchanged += 1 }
        }
        return plan
    }

    /// The changes one line calls for, given what the store already knows of it.
    static func decide(
        _ line: ImportedLine, id: OrderLineID, source: String, in state: StockState
    ) -> [ProposedChange] {
        let key = ListingKey(channel: id.channel, listing: line.listing)
        guard let mapping = state.mapping(for: key) else {
            if let parked = state.parkedLines[id], parked.status == line.status {
                // The queue keeps the latest version of a waiting line. A replacement carries no
                // key: it is decided against the queue as it stands, so replay needs none.
                var updated = parked
                updated.listing = line.listing
                updated.quantity = line.quantity
                updated.unitPrice = line.unitPrice ?? parked.unitPrice
                return updated == parked ? [] : [ProposedChange(.orderParked(updated))]
            }
            if state.hasSeen(idempotencyKey: OrderKeys.placed(id)) { return [] }
            let parked = ParkedLine(
                id: id, listing: line.listing, quantity: line.quantity, unitPrice: line.unitPrice ?? .zero, placedAt: line.placedAt,
                status: line.status, statusTime: line.statusTime)
            return [ProposedChange(.orderParked(parked), idempotencyKey: OrderKeys.parked(id, line.status))]
        }
        let pack = max(1, mapping.pack)
        let listingPrice = line.unitPrice ?? Money(cents: (state.sku(mapping.sku)?.price.cents ?? 0) * Int64(pack))
        let facts = OrderLineFacts(
            id: id, sku: mapping.sku, quantity: line.quantity * pack, unitPrice: Money(cents: listingPrice.cents / Int64(pack)),
            time: line.placedAt)
        let placedKey = OrderKeys.placed(id)
        var open = state.openLines[id]
        var amended: [ProposedChange] = []
        switch state.report(facts, priceGiven: line.unitPrice != nil, source: source) {
        case .new:
            break
        case .unchanged:
            if line.status == .open { return [] }
        case .changed(let amendment):
            amended = [ProposedChange(.orderAmended(amendment))]
            if let was = open {
                open = OpenOrderLine(
                    sku: amendment.after.sku, quantity: amendment.after.quantity, unitPrice: amendment.after.unitPrice,
                    placedAt: was.placedAt)
            }
        }
        let known = state.hasSeen(idempotencyKey: placedKey)
        switch line.status {
        case .open:
            return known ? amended : [ProposedChange(.orderPlaced(facts), idempotencyKey: placedKey)]
        case .shipped:
            let shippedAt = line.statusTime ?? line.placedAt
            if let open {
                var closing = facts
                closing.sku = open.sku
                closing.quantity = open.quantity
                closing.time = shippedAt
                return amended + [ProposedChange(.orderShipped(closing), idempotencyKey: OrderKeys.shipped(id))]
            }
            if known { return amended }
            if let counted = state.pools[mapping.sku]?.countedAt, shippedAt <= counted {
                return [ProposedChange(.demandRecorded(facts), idempotencyKey: placedKey)]
            }
            var shipped = facts
            shipped.time = shippedAt
            return [
                ProposedChange(.orderPlaced(facts), idempotencyKey: placedKey),
                ProposedChange(.orderShipped(shipped), idempotencyKey: OrderKeys.shipped(id)),
            ]
        case .cancelled:
            guard let open else { return amended }
            var closing = facts
            closing.sku = open.sku
            closing.quantity = open.quantity
            closing.time = line.statusTime ?? line.placedAt
            return amended + [ProposedChange(.orderCancelled(closing), idempotencyKey: OrderKeys.cancelled(id))]
        }
    }
}

/// Counts for the operator: what an import did.
public struct OrderImportSummary: Hashable, Sendable {
    public var placed = 0
    public var shipped = 0
    public var cancelled = 0
    public var historyOnly = 0
    public var parked = 0
    public var unchanged = 0
    public var refundedLines = 0
    /// Lines recorded before that came back with another quantity, SKU or price, in file order.
    public var amendments: [OrderAmendment] = []
    /// Lines waiting in the unmapped queue that came back with other facts (their entry replaced).
    public var requeued: [ParkedLine] = []

    /// Amendments and replaced queue entries together.
    public var amended: Int { amendments.count + requeued.count }

    public init() {}

    public mutating func add(_ other: OrderImportSummary) {
        placed += other.placed
        shipped += other.shipped
        cancelled += other.cancelled
        historyOnly += other.historyOnly
        parked += other.parked
        unchanged += other.unchanged
        refundedLines += other.refundedLines
        amendments += other.amendments
        requeued += other.requeued
    }

    mutating func count(_ proposed: ProposedChange) {
        switch proposed.change {
        case .orderPlaced: placed += 1
        case .orderShipped: shipped += 1
        case .orderCancelled: cancelled += 1
        case .demandRecorded: historyOnly += 1
        case .orderParked(let line):
            // Without a key it replaces a waiting line's entry (see `decide`).
            if proposed.idempotencyKey == nil { requeued.append(line) } else { parked += 1 }
        case .orderAmended(let amendment): amendments.append(amendment)
        default: break
        }
    }
}
