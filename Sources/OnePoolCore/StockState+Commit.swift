/// Checking and applying in one step: what a writer does for each change it appends.
extension StockState {
    /// `commit` as the next event, its key's digest worked out here: how a plan tries its
    /// changes on a working copy of the state before proposing them to the store.
    public mutating func commit(_ proposed: ProposedChange, time: Timestamp) throws(Refusal) -> Bool {
        try commit(
            proposed.change, sequence: lastSequence + 1, time: time,
            digest: proposed.idempotencyKey.map(IdempotencyDigest.init(key:)))
    }

    /// Checks `change` and, if it passes, applies it as event `sequence` with the key `digest`.
    ///
    /// The same as `check` then `apply`, but an order event (the bulk of a channel import) looks
    /// each of its dictionary entries up once instead of once to check and again to apply.
    /// Returns false, changing nothing, if `digest` was seen already (replay would skip such an
    /// event, so it must not be appended) or if the change would change nothing (a no-op writes
    /// no event: see `changesNothing`). A refused change also leaves the state as it was.
    public mutating func commit(
        _ change: Change, sequence: UInt64, time: Timestamp, digest: IdempotencyDigest?
    ) throws(Refusal) -> Bool {
        switch change {
        case .orderPlaced(let line):
            return try commitOrderLine(.placed, line, sequence: sequence, time: time, digest: digest)
        case .orderCancelled(let line):
            return try commitOrderLine(.cancelled, line, sequence: sequence, time: time, digest: digest)
        case .orderShipped(let line):
            return try commitOrderLine(.shipped, line, sequence: sequence, time: time, digest: digest)
        default:
            break
        }
        // The key is looked up once: what the lookup finds also says where the key goes.
        let seen = digest.map(idempotency.lookUp)
        if let known = seen?.facts {
            // A return reported again with other facts is a conflict, never "already recorded".
            if case .returns(.arrived(let line)) = change, known.isKnown, known != change.factDigest {
                throw .returnConflict(line.id, returnID: line.returnID)
            }
            // So is an adjustment under a reference recorded before with other units.
            if case .adjusted(let sku, _, _) = change, known.isKnown, known != change.factDigest {
                throw .referenceConflict(sku: sku)
            }
            return false
        }
        switch change {
        case .demandRecorded(let line):
            // `check` and `apply` of the most common event of an import (a line shipped before
            // the count), without their general switches or a copy of the SKU's pool.
            if !bundles.isEmpty { try checkNotBundleStock(change) }
            _ = try checkLineBasicsInPlace(line)
            guard openLines.index(forKey: line.id) == nil else { throw .orderLineAlreadyOpen(line.id) }
            apply(change, time: time)
        default:
            try check(change)
            if changesNothing(change) { return false }
            apply(change, time: time)
        }
        advance(sequence: sequence, time: time)
        if let digest, let seen { idempotency.insert(digest, facts: change.factDigest, after: seen) }
        return true
    }

    /// `commit` of an order line placed, cancelled or shipped (`kind`), from the line alone: a
    /// writer holding the line in a caller's array of changes commits it without copying the
    /// whole `Change` out first (the bulk of an import or a channel's orders). `commit` of such a
    /// change comes here too: one definition of what these events check and do.
    public mutating func commitOrderLine(
        _ kind: OrderLineEventKind, _ line: OrderLineFacts, sequence: UInt64, time: Timestamp,
        digest: IdempotencyDigest?
    ) throws(Refusal) -> Bool {
        // Seen before: nothing to do (no conflict to report for an order line's key).
        let seen = digest.map(idempotency.lookUp)
        if seen?.facts != nil { return false }
        let pool = try checkLineBasicsInPlace(line)
        switch kind {
        case .placed:
            // Only a bundle's line has more to check (calling the check copied the whole state).
            if !bundles.isEmpty { try checkBundleCommit(line) }
            if let open = openLineIfNew(line, pool: pool) {
                // Already open: nothing changed; a repeat that says the same is allowed.
                try checkPlacedAgain(line, open: open)
            }
            unpark(line.id)
        case .cancelled, .shipped:
            let (taken, components) = try closeOpenLine(checking: line)
            unpark(line.id)
            if let components {
                takeComponents(components, units: taken, of: line, shipped: kind == .shipped)
            } else {
                takeCommitted(taken, of: line, shipped: kind == .shipped, from: pool)
            }
        }
        advance(sequence: sequence, time: time)
        // What `Change.factDigest` is for these events: a placement's facts, else none.
        if let digest, let seen {
            idempotency.insert(digest, facts: kind == .placed ? line.factDigest : .unknown, after: seen)
        }
        return true
    }
}

/// The order-line events `StockState.commitOrderLine` commits.
public enum OrderLineEventKind: Sendable {
    case placed, cancelled, shipped
}

extension Change {
    /// Whether this is an order line shipped (what closing a line does more of than a cancel).
    var isShipment: Bool {
        if case .orderShipped = self { return true }
        return false
    }
}
