/// The rules of returns: what a return must say to be recorded, and what it does to the pool.
extension StockState {
    /// How a reported return relates to what the store holds.
    public enum ReturnReport: Equatable, Sendable {
        /// Not recorded yet.
        case new
        /// Recorded with the same facts: nothing to write.
        case unchanged
        /// Recorded with other facts (SKU, quantity or reason): a conflict, never "already recorded".
        case conflict
    }

    public func report(_ line: ReturnedLine) -> ReturnReport {
        guard let facts = idempotency.facts(of: IdempotencyDigest(key: line.key)) else { return .new }
        return facts.isKnown && facts != ReturnChange.arrived(line).factDigest ? .conflict : .unchanged
    }

    /// The line of an order a return that names no line goes to: the line of `sku` where this
    /// return (`make(line)`) was recorded already, else the first shipped line of `sku` that can
    /// take `quantity` more units back; nil when none can (the check then says why).
    public func lineForReturn(
        channel: ChannelName, order: String, sku: SKUCode, quantity: Int, _ make: (Int) -> ReturnedLine
    ) -> Int? {
        let lines = returns.shippedLines(channel: channel, order: order, sku: sku)
        if let recorded = lines.first(where: { report(make($0.0)) != .new }) { return recorded.0 }
        return lines.first { $0.1.returnable >= quantity }?.0
    }

    func checkReturn(_ change: ReturnChange) throws(Refusal) {
        switch change {
        case .arrived(let line):
            guard channels.index(forKey: line.id.channel) != nil else { throw .unknownChannel(line.id.channel) }
            guard pools[line.sku] != nil else { throw .unknownSKU(line.sku) }
            try requirePositive(line.quantity, field: "quantity")
            try requireReturnText(line.id.order, field: "order id", allowEmpty: false)
            guard Bounds.orderLineNumber.contains(line.id.line) else {
                throw .invalidValue(
                    field: "line", value: "\(line.id.line)",
                    expected: "\(Bounds.orderLineNumber.lowerBound)–\(Bounds.orderLineNumber.upperBound)")
            }
            try requireReason(line.reason)
            try requireReturnText(line.reason, field: "return reason", allowEmpty: false)
            try requireReturnText(line.returnID, field: "return id", allowEmpty: true)
            guard let shipped = returns.shipped[line.id] else {
                throw .notShipped(line.id, stillOpen: openLines[line.id] != nil)
            }
            guard shipped.sku == line.sku else {
                throw .notReturnable(line.id, detail: "it shipped \(shipped.sku), not \(line.sku)")
            }
            guard line.quantity <= shipped.returnable else {
                throw .notReturnable(
                    line.id,
                    detail: "\(shipped.shipped) shipped, \(shipped.returned) returned already: at most "
                        + "\(shipped.returnable) more may come back, not \(line.quantity)")
            }
            guard shipped.components != nil || !bundles.isBundle(line.sku) else {
                throw .notReturnable(
                    line.id,
                    detail: "it shipped before \(line.sku) became a bundle, and a bundle holds no stock of its own",
                    remedy: .adjustComponentsInstead)
            }
            for part in try returnedParts(line, shipped: shipped) {
                guard let stock = pools[part.sku]?.stock else { throw .unknownSKU(part.sku) }
                try requireWithinSKUBounds(part.sku, field: "on hand", current: stock.onHand, adding: part.units)
                try requireWithinSKUBounds(part.sku, field: "unsellable", current: stock.unsellable, adding: part.units)
            }
        case .restocked(let sku, let quantity, let reason):
            guard pools[sku] != nil else { throw .unknownSKU(sku) }
            try requirePositive(quantity, field: "quantity")
            if let reason { try requireReturnText(reason, field: "reason", allowEmpty: true) }
            try requireAwaiting(sku, quantity)
        case .writtenOff(let sku, let quantity, let reason):
            guard pools[sku] != nil else { throw .unknownSKU(sku) }
            try requirePositive(quantity, field: "quantity")
            try requireReason(reason)
            try requireReturnText(reason, field: "reason", allowEmpty: false)
            try requireAwaiting(sku, quantity)
        }
    }

    /// The units a return brings back, per SKU: the line's own SKU, or for a bundle line each
    /// component it took × the bundle units returned (overflow-checked).
    func returnedParts(_ line: ReturnedLine, shipped: ShippedLine) throws(Refusal) -> [(sku: SKUCode, units: Int)] {
        guard let components = shipped.components else { return [(line.sku, line.quantity)] }
        var parts: [(sku: SKUCode, units: Int)] = []
        for component in components {
            let (units, overflow) = line.quantity.multipliedReportingOverflow(by: component.quantity)
            guard !overflow, units <= Bounds.skuUnits else {
                throw .invalidValue(
                    field: "returned units of \(component.sku) (for \(line.quantity) × \(line.sku))",
                    value: "\(line.quantity) × \(component.quantity)", expected: "at most \(Bounds.skuUnits) units")
            }
            parts.append((component.sku, units))
        }
        return parts
    }

    private func requireAwaiting(_ sku: SKUCode, _ quantity: Int) throws(Refusal) {
        let awaiting = returns.awaitingUnits(sku)
        guard quantity <= awaiting else {
            throw .notEnough(sku: sku, wanted: quantity, have: awaiting, of: "awaiting inspection")
        }
    }

    /// Text from a channel or an option: within `Bounds.textBytes`, no control characters.
    private func requireReturnText(_ text: String, field: String, allowEmpty: Bool) throws(Refusal) {
        if allowEmpty && text.isEmpty { return }
        guard Bounds.textBytes.contains(text.utf8.count),
            !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(
                field: field, value: text,
                expected: "\(Bounds.textBytes.lowerBound)–\(Bounds.textBytes.upperBound) bytes of printable text")
        }
    }

    /// What an event before a format-3 snapshot tells returns: the units a line shipped and those
    /// that came back. The store reads these from the journal when it adopts such a snapshot
    /// (the rest of the state is the snapshot's own).
    public mutating func adoptReturnFacts(of change: Change) {
        switch change {
        case .orderShipped(let line), .demandRecorded(let line):
            returns.recordShipment(line.id, sku: line.sku, units: line.quantity)
        case .orderReturned(let line, _):
            returns.recordReturn(line.id, units: line.quantity)
        default:
            break
        }
    }

    mutating func applyReturn(_ change: ReturnChange) {
        switch change {
        case .arrived(let line):
            // A bundle line's units come back as the components it took, whatever the bundle is
            // now; `check` has refused what could overflow, so the fold only clamps.
            guard let components = returns.shipped[line.id]?.components else {
                updateStock(line.sku) {
                    $0.onHand = ReturnsState.sum($0.onHand, line.quantity)
                    $0.unsellable = ReturnsState.sum($0.unsellable, line.quantity)
                }
                returns.arrive(line)
                return
            }
            let parts = components.map { ($0.sku, Bounds.held(line.quantity.multipliedClamped(by: $0.quantity))) }
            for (sku, units) in parts {
                updateStock(sku) {
                    $0.onHand = ReturnsState.sum($0.onHand, units)
                    $0.unsellable = ReturnsState.sum($0.unsellable, units)
                }
            }
            returns.arrive(line, as: parts)
        case .restocked(let sku, let quantity, _):
            updateStock(sku) { $0.unsellable = max(0, $0.unsellable - quantity) }
            returns.inspect(sku, units: quantity)
        case .writtenOff(let sku, let quantity, _):
            returns.inspect(sku, units: quantity)
        }
    }
}
