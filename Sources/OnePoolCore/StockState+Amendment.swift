/// Order lines reported again: the one rule that tells an edit from a repeat, its check, and its
/// fold (see `OrderAmendment`).
extension StockState {
    /// How `reported` — a channel's current version of a line, or a `sell` of it — stands against
    /// what OnePool recorded of the line.
    ///
    /// - Never recorded: `.new`.
    /// - Open: compared with the digest kept beside its key, or with the open line itself when
    ///   the key has no digest (a store from before digests). `priceGiven == false` (the report
    ///   carries no price of its own — `sell` without `--price`, an Amazon row without one): the
    ///   recorded price is kept and only SKU and quantity are compared.
    /// - Closed (shipped, cancelled, history only): compared with the digest; with no digest,
    ///   or no price given, OnePool cannot tell what changed and takes the line as unchanged —
    ///   its stock was settled when it closed, and inventing an amendment could only mislead.
    public func report(_ reported: OrderLineFacts, priceGiven: Bool = true, source: String) -> LineReport {
        report(
            reported, priceGiven: priceGiven, source: source,
            placedDigest: IdempotencyDigest(key: OrderKeys.placed(reported.id)))
    }

    /// `report` with the digest of the line's placement key (`OrderKeys.placed`) worked out by
    /// the caller: a large import hashes each key once.
    public func report(
        _ reported: OrderLineFacts, priceGiven: Bool, source: String, placedDigest: IdempotencyDigest
    ) -> LineReport {
        guard let recorded = idempotency.facts(of: placedDigest) else {
            return .new
        }
        if let open = openLines[reported.id] {
            let before = OrderLineFacts(
                id: reported.id, sku: open.sku, quantity: open.quantity, unitPrice: open.unitPrice, time: open.placedAt)
            var after = reported
            after.time = open.placedAt
            if !priceGiven { after.unitPrice = open.unitPrice }
            let same = recorded.isKnown ? after.factDigest == recorded : after.sameFacts(as: before)
            return same ? .unchanged : .changed(OrderAmendment(before: before, after: after, source: source))
        }
        guard recorded.isKnown, priceGiven, reported.factDigest != recorded else { return .unchanged }
        return .changed(OrderAmendment(before: nil, after: reported, source: source))
    }

    /// An amendment is of a line OnePool recorded, says what the open line says now (a
    /// compare-and-set: a stale amendment is refused rather than applied to a line that moved),
    /// changes something, and keeps the SKU's committed units in range.
    func checkAmendment(_ amendment: OrderAmendment) throws(Refusal) {
        let after = amendment.after
        _ = try checkLineBasics(after)
        let source = amendment.source
        guard !source.trimmingSpaces.isEmpty, Bounds.textBytes.contains(source.utf8.count),
            !source.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(
                field: "amendment source", value: source, expected: "1–\(Bounds.textBytes.upperBound) printable bytes")
        }
        guard let recorded = idempotency.facts(of: IdempotencyDigest(key: OrderKeys.placed(after.id))) else {
            throw .lineMismatch(
                after.id, detail: "was never recorded, so there is nothing to amend (record it as a sale)")
        }
        guard let open = openLines[after.id] else {
            guard amendment.before == nil else {
                throw .lineMismatch(
                    after.id, detail: "is closed; an amendment of a closed line carries no earlier version")
            }
            guard !recorded.isKnown || recorded != after.factDigest else { throw Self.noChange(after) }
            return
        }
        guard let before = amendment.before, before.id == after.id, before.sku == open.sku,
            before.quantity == open.quantity, before.unitPrice == open.unitPrice
        else {
            throw .lineMismatch(
                after.id,
                detail: "is open as \(open.quantity) × \(open.sku) @ \(open.unitPrice), "
                    + "not as the amendment's earlier version says")
        }
        let changes = recorded.isKnown ? recorded != after.factDigest : !after.sameFacts(as: before)
        guard changes else { throw Self.noChange(after) }
        try checkBundleCommit(after)
        let committed = pools[after.sku]?.stock.committed ?? 0
        let kept = after.sku == before.sku ? before.quantity : 0
        guard Bounds.skuSum(committed - kept, after.quantity) != nil else {
            throw .invalidValue(
                field: "committed units of \(after.sku)", value: "\(committed - kept) + \(after.quantity)",
                expected: "at most \(Bounds.skuUnits)")
        }
    }

    private static func noChange(_ line: OrderLineFacts) -> Refusal {
        .lineMismatch(
            line.id,
            detail: "was recorded as \(OrderAmendment.version(line)) already: an amendment must change something")
    }

    /// The fold of an amendment (checked before it was appended; see `OrderAmendment`).
    mutating func applyAmendment(_ amendment: OrderAmendment) {
        let after = amendment.after
        idempotency.setFacts(after.factDigest, for: IdempotencyDigest(key: OrderKeys.placed(after.id)))
        guard let index = openLines.index(forKey: after.id) else { return }
        let open = openLines[valueAt: index]
        for (code, units) in open.committedUnits {
            if let pool = pools.index(forKey: code) { pools.values[pool].commit(-units, channel: after.id.channel) }
        }
        // The same bundle keeps the components its line took; another SKU's bundle takes its
        // recipe as it is now.
        let components =
            after.sku == open.sku ? open.components : bundles.isEmpty ? nil : bundles[after.sku]?.components
        openLines[valueAt: index] = OpenOrderLine(
            sku: after.sku, quantity: after.quantity, unitPrice: after.unitPrice, placedAt: open.placedAt,
            components: components)
        if let components {
            commitComponents(components, units: after.quantity, channel: after.id.channel)
        } else if let pool = pools.index(forKey: after.sku) {
            pools.values[pool].commit(after.quantity, channel: after.id.channel)
        }
    }
}
