/// `Bounds` applied: the checks `StockState.check` runs on every change, and the findings that
/// name what an older or hand-made store holds outside the bounds.
extension StockState {
    func requireUnitAmount(_ amount: Money, field: String) throws(Refusal) {
        guard amount.cents >= 0 else { throw .invalidValue(field: field, value: "\(amount)", expected: "0 or more") }
        guard Bounds.isUnitAmount(amount) else {
            throw .invalidValue(
                field: field, value: "\(amount)", expected: "at most \(Money(cents: Bounds.unitCents)) (too large)")
        }
    }

    /// Refuses a change that would carry one of `code`'s quantities outside `Bounds.skuUnits`.
    func requireWithinSKUBounds(_ code: SKUCode, field: String, current: Int, adding delta: Int) throws(Refusal) {
        guard Bounds.skuSum(current, delta) != nil else {
            throw .invalidValue(
                field: field, value: "\(current) + \(delta)",
                expected: "a total of at most \(Bounds.skuUnits) units for \(code) (too large)")
        }
    }

    /// What the state holds outside `Bounds`, a line per SKU (at most `limit`), in words that say
    /// what is wrong (the front end says how to correct it). Empty for every store written
    /// through `check`.
    public func valuesOutOfBounds(limit: Int = .max) -> [String] {
        var found: [String] = []
        for code in skuCodes {
            guard found.count < limit, let pool = pools[code] else { break }
            var parts: [String] = []
            let stock = pool.stock
            let quantities = [
                ("on hand", stock.onHand), ("committed", stock.committed), ("held", stock.held),
                ("unsellable", stock.unsellable), ("safety", stock.safety), ("incoming", stock.incoming),
            ]
            for (name, value) in quantities where !Bounds.skuUnitRange.contains(value) {
                parts.append("\(name) \(value)")
            }
            if !Bounds.isUnitAmount(pool.sku.unitCost) { parts.append("unit cost \(pool.sku.unitCost)") }
            if !Bounds.isUnitAmount(pool.sku.price) { parts.append("price \(pool.sku.price)") }
            guard !parts.isEmpty else { continue }
            found.append(
                "SKU \(code) holds values outside what OnePool accepts (\(parts.joined(separator: ", "))); "
                    + "they are used as the nearest allowed value")
        }
        return found
    }
}

extension Change {
    /// What this event carries outside `Bounds`, for `onepool doctor` to name the event to fix.
    public var outOfBounds: [String] {
        var found: [String] = []
        func units(_ value: Int, _ name: String, signed: Bool = false) {
            let range = signed ? -Bounds.eventUnits...Bounds.eventUnits : 0...Bounds.eventUnits
            if !range.contains(value) {
                found.append("\(name) \(value) (allowed \(range.lowerBound)–\(range.upperBound))")
            }
        }
        func amount(_ value: Money, _ name: String) {
            if !Bounds.isUnitAmount(value) {
                found.append("\(name) \(value) (allowed 0.00–\(Money(cents: Bounds.unitCents)))")
            }
        }
        switch self {
        case .skuCreated(let sku), .skuUpdated(let sku):
            amount(sku.unitCost, "unit cost")
            amount(sku.price, "price")
            if !Bounds.casePack.contains(sku.casePack) { found.append("case pack \(sku.casePack)") }
            units(sku.minimumOrderQuantity, "minimum order")
        case .safetySet(_, let quantity), .counted(_, let quantity, _), .countedAsOf(_, let quantity, _, _),
            .held(_, let quantity, _), .released(_, let quantity, _), .markedUnsellable(_, let quantity, _),
            .restored(_, let quantity, _), .published(_, let quantity):
            units(quantity, "quantity")
        case .received(_, let quantity, _, let fromIncoming):
            units(quantity, "quantity")
            units(fromIncoming, "from incoming")
        case .incomingChanged(_, let delta, _), .adjusted(_, let delta, _):
            units(delta, "change", signed: true)
        case .orderPlaced(let line), .orderCancelled(let line), .orderShipped(let line), .orderReturned(let line, _),
            .demandRecorded(let line):
            units(line.quantity, "quantity")
            amount(line.unitPrice, "unit price")
        case .orderAmended(let amendment):
            units(amendment.after.quantity, "quantity")
            amount(amendment.after.unitPrice, "unit price")
        case .listingMapped(_, let mapping):
            if !Bounds.packSize.contains(mapping.pack) { found.append("pack \(mapping.pack)") }
        case .orderParked(let line):
            units(line.quantity, "quantity")
        case .channelConfigured(_, let settings):
            units(settings.rule.floor, "floor")
            if case .units(let cap)? = settings.rule.cap { units(cap, "cap") }
        case .purchasing(let change):
            switch change {
            case .supplierItemSet(_, _, let item): amount(item.unitCost, "unit cost")
            case .drafted(let order):
                for line in order.lines {
                    units(line.quantity, "quantity of \(line.sku)")
                    amount(line.unitCost, "unit cost of \(line.sku)")
                }
            case .edited(_, _, let quantity), .received(_, _, let quantity): units(quantity, "quantity")
            default: break
            }
        case .storeSettingsSet(let settings):
            found += settings.outOfRange
        case .returns(let change):
            units(change.quantity, "quantity")
        case .bundles(.defined(let definition)):
            for component in definition.components where !Bounds.bundleQuantity.contains(component.quantity) {
                found.append(
                    "quantity of \(component.sku) \(component.quantity) (allowed 1–\(Bounds.bundleQuantity.upperBound))"
                )
            }
        case .bundles(.removed):
            break
        case .channelAdded, .sync:
            // Sync facts carry their own checks (`checkSync`): listing ids, cursors, units.
            break
        }
        return found
    }
}
