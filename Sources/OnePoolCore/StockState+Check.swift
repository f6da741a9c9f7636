/// Checks that run before a change is appended. `apply` trusts the journal; the journal
/// trusts nothing that did not pass here.
extension StockState {
    public func check(_ change: Change) throws(Refusal) {
        if !bundles.isEmpty { try checkNotBundleStock(change) }
        switch change {
        case .skuCreated(let sku):
            guard SKU.isValidCode(sku.code.rawValue) else { throw .invalidCode(sku.code.rawValue) }
            guard pools[sku.code] == nil else { throw .duplicateSKU(sku.code) }
            try checkAttributes(sku)
        case .skuUpdated(let sku):
            _ = try existingStock(sku.code)
            try checkAttributes(sku)
        case .channelAdded(let channel):
            guard Channel.isValidName(channel.name) else { throw .invalidChannelName(channel.name) }
            guard channels[channel.name] == nil else { throw .duplicateChannel(channel.name) }
        case .safetySet(let code, let quantity):
            _ = try existingStock(code)
            try requireNotNegative(quantity, field: "safety quantity")
        case .received(let code, let quantity, _, let fromIncoming):
            let stock = try existingStock(code)
            try requirePositive(quantity, field: "quantity")
            try requireWithinSKUBounds(code, field: "on hand", current: stock.onHand, adding: quantity)
            guard fromIncoming >= 0, fromIncoming <= min(quantity, stock.incoming) else {
                throw .invalidValue(
                    field: "quantity from incoming", value: "\(fromIncoming)",
                    expected: "0…\(min(quantity, stock.incoming))")
            }
        case .incomingChanged(let code, let delta, _):
            let stock = try existingStock(code)
            guard delta != 0 else {
                throw .invalidValue(field: "incoming change", value: "0", expected: "a non-zero number")
            }
            try requireChange(delta, field: "incoming change")
            try requireWithinSKUBounds(code, field: "incoming", current: stock.incoming, adding: delta)
            guard stock.incoming + delta >= 0 else {
                throw .notEnough(sku: code, wanted: -delta, have: stock.incoming, of: "incoming")
            }
        case .counted(let code, let quantity, let reason):
            _ = try existingStock(code)
            try requireNotNegative(quantity, field: "counted quantity")
            try requireReason(reason)
        case .adjusted(let code, let delta, let reason):
            let stock = try existingStock(code)
            guard delta != 0 else {
                throw .invalidValue(
                    field: "adjustment", value: "0", expected: "a non-zero number of units, e.g. -2 or 5")
            }
            try requireChange(delta, field: "adjustment")
            try requireReason(reason)
            try requireWithinSKUBounds(code, field: "on hand", current: stock.onHand, adding: delta)
            guard stock.onHand + delta >= 0 else {
                throw .notEnough(sku: code, wanted: -delta, have: stock.onHand, of: "on hand")
            }
        case .held(let code, let quantity, let reason):
            let stock = try existingStock(code)
            try requirePositive(quantity, field: "quantity")
            try requireReason(reason)
            guard quantity <= stock.unreserved else {
                throw .notEnough(sku: code, wanted: quantity, have: max(0, stock.unreserved), of: "free stock")
            }
        case .released(let code, let quantity, _):
            let stock = try existingStock(code)
            try requirePositive(quantity, field: "quantity")
            guard quantity <= stock.held else {
                throw .notEnough(sku: code, wanted: quantity, have: stock.held, of: "held")
            }
        case .markedUnsellable(let code, let quantity, let reason):
            let stock = try existingStock(code)
            try requirePositive(quantity, field: "quantity")
            try requireReason(reason)
            let sellable = stock.onHand - stock.unsellable
            guard quantity <= sellable else {
                throw .notEnough(sku: code, wanted: quantity, have: max(0, sellable), of: "sellable on hand")
            }
        case .restored(let code, let quantity, _):
            let stock = try existingStock(code)
            try requirePositive(quantity, field: "quantity")
            // Returns awaiting inspection leave unsellable through `inspect`, not `restore`.
            let restorable = max(0, stock.unsellable - returns.awaitingUnits(code))
            guard quantity <= restorable else {
                throw .notEnough(
                    sku: code, wanted: quantity, have: restorable, of: "unsellable (not awaiting inspection)")
            }
        case .orderPlaced(let line):
            _ = try checkLineBasics(line)
            try checkBundleCommit(line)
            if let open = openLines[line.id] { try checkPlacedAgain(line, open: open) }
        case .orderCancelled(let line), .orderShipped(let line):
            _ = try checkLineBasics(line)
            _ = try openLineToClose(line)
        case .orderReturned(let line, _):
            _ = try checkLineBasics(line)
        case .orderAmended(let amendment):
            try checkAmendment(amendment)
        case .countedAsOf(let code, let quantity, _, let reason):
            _ = try existingStock(code)
            try requireNotNegative(quantity, field: "counted quantity")
            try requireReason(reason)
        case .demandRecorded(let line):
            _ = try checkLineBasics(line)
            guard openLines[line.id] == nil else { throw .orderLineAlreadyOpen(line.id) }
        case .channelConfigured(let name, let settings):
            guard channels[name] != nil else { throw .unknownChannel(name) }
            try checkRule(settings.rule)
        case .listingMapped(let key, let mapping):
            guard channels[key.channel] != nil else { throw .unknownChannel(key.channel) }
            try checkListingID(key.listing)
            guard pools[mapping.sku] != nil else { throw .unknownSKU(mapping.sku) }
            guard Bounds.packSize.contains(mapping.pack) else {
                throw .invalidValue(
                    field: "pack size", value: "\(mapping.pack)",
                    expected: "\(Bounds.packSize.lowerBound)–\(Bounds.packSize.upperBound) units per listing")
            }
        case .orderParked(let line):
            guard channels.index(forKey: line.id.channel) != nil else { throw .unknownChannel(line.id.channel) }
            try checkListingID(line.listing)
            guard mapping(for: line.listingKey) == nil else {
                throw .invalidValue(
                    field: "listing", value: line.listing,
                    expected: "an unmapped listing (this one is mapped; record the line under its SKU)")
            }
            try requirePositive(line.quantity, field: "quantity")
            guard !line.id.order.isEmpty else {
                throw .invalidValue(field: "order id", value: "", expected: "a non-empty order id")
            }
            guard line.id.line >= 1 else {
                throw .invalidValue(field: "line", value: "\(line.id.line)", expected: "a line number from 1")
            }
        case .published(let key, let quantity):
            guard channels[key.channel] != nil else { throw .unknownChannel(key.channel) }
            try checkListingID(key.listing)
            try requireNotNegative(quantity, field: "published quantity")
        case .purchasing(let change):
            try checkPurchasing(change)
        case .storeSettingsSet(let settings):
            if let problem = settings.problems.first {
                throw .invalidValue(field: problem.field, value: problem.value, expected: problem.expected)
            }
        case .sync(let change):
            try checkSync(change)
        case .returns(let change):
            try checkReturn(change)
        case .bundles(let change):
            try checkBundles(change)
        }
    }

    private func checkRule(_ rule: ChannelRule) throws(Refusal) {
        guard Bounds.priority.contains(rule.priority) else {
            throw .invalidValue(
                field: "priority", value: "\(rule.priority)",
                expected: "\(Bounds.priority.lowerBound)–\(Bounds.priority.upperBound) (1 is served first)")
        }
        try requireNotNegative(rule.floor, field: "floor")
        switch rule.cap {
        case .units(let units)?: try requireNotNegative(units, field: "cap")
        case .percent(let percent)?:
            guard (0...100).contains(percent) else {
                throw .invalidValue(field: "cap", value: "\(percent)%", expected: "0%–100%")
            }
        case nil: break
        }
    }

    private func checkListingID(_ listing: String) throws(Refusal) {
        guard !listing.trimmingSpaces.isEmpty, listing.utf8.count <= 200,
            !listing.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw .invalidValue(field: "listing id", value: listing, expected: "1–200 printable characters")
        }
    }

    /// Placing a line that is open already is a repeat (allowed, changes nothing) only if it
    /// says the same.
    func checkPlacedAgain(_ line: OrderLineFacts, open: OpenOrderLine) throws(Refusal) {
        guard open.sku == line.sku, open.quantity == line.quantity else { throw .orderLineAlreadyOpen(line.id) }
    }

    /// The open line a cancel or shipment closes (all or part of): it must exist, be for the same
    /// SKU and have at least that many units open.
    func openLineToClose(_ line: OrderLineFacts) throws(Refusal) -> LineIndex {
        guard let index = openLines.index(forKey: line.id) else { throw .unknownOrderLine(line.id) }
        try Self.checkClosing(line, open: openLines[valueAt: index])
        return index
    }

    /// The rule of `openLineToClose` for the line found: the same SKU, at least that many units open.
    @inline(__always)
    static func checkClosing(_ line: OrderLineFacts, open: OpenOrderLine) throws(Refusal) {
        guard open.sku == line.sku else { throw .lineMismatch(line.id, detail: "is for \(open.sku), not \(line.sku)") }
        guard line.quantity <= open.quantity else {
            throw .lineMismatch(line.id, detail: "has \(open.quantity) open, not \(line.quantity)")
        }
    }

    private func existingStock(_ code: SKUCode) throws(Refusal) -> StockLevel {
        guard let pool = pools[code] else { throw .unknownSKU(code) }
        return pool.stock
    }

    /// Checks what every order-line event needs and returns the index of the line's SKU pool.
    func checkLineBasics(_ line: OrderLineFacts) throws(Refusal) -> PoolIndex {
        let pool = try checkLineFields(line)
        try requireWithinSKUBounds(
            line.sku, field: "committed", current: pools.values[pool].stock.committed, adding: line.quantity)
        return pool
    }

    /// `checkLineBasics` for a commit: reads the pool's committed units where the pool lies
    /// (`_modify`), instead of copying the whole pool out of the dictionary — its strings and
    /// table retained and released — for every order event an import stages.
    mutating func checkLineBasicsInPlace(_ line: OrderLineFacts) throws(Refusal) -> PoolIndex {
        let pool = try checkLineFields(line)
        let committed = Self.committedUnits(&pools.values[pool])
        try requireWithinSKUBounds(line.sku, field: "committed", current: committed, adding: line.quantity)
        return pool
    }

    private static func committedUnits(_ pool: inout SKUPool) -> Int { pool.stock.committed }

    /// The checks of an order line's own fields: its channel and SKU exist, quantity, order id,
    /// line number and price are in range. Inlined: a call from a `mutating` caller
    /// (`checkLineBasicsInPlace`) copied the whole state (400 bytes) to pass it.
    @inline(__always)
    private func checkLineFields(_ line: OrderLineFacts) throws(Refusal) -> PoolIndex {
        guard hasChannel(line.id.channel) else { throw .unknownChannel(line.id.channel) }
        guard let pool = pools.index(forKey: line.sku) else { throw .unknownSKU(line.sku) }
        try requirePositive(line.quantity, field: "quantity")
        guard !line.id.order.isEmpty else {
            throw .invalidValue(field: "order id", value: "", expected: "a non-empty order id")
        }
        guard line.id.line >= 1 else {
            throw .invalidValue(field: "line", value: "\(line.id.line)", expected: "a line number from 1")
        }
        try requireUnitAmount(line.unitPrice, field: "unit price")
        return pool
    }

    /// Whether channel `name` was added. A store has a few channels: comparing the names finds
    /// it without hashing one (a SipHash of the name was a tenth of committing an order event).
    /// The names are kept in an array beside `channels` (`channelNames`): walking the
    /// dictionary's buckets cost more than the comparisons.
    @inline(__always)
    func hasChannel(_ name: ChannelName) -> Bool {
        guard channelNames.count <= Self.scannedChannels else { return channels.index(forKey: name) != nil }
        for known in channelNames where known == name { return true }
        return false
    }

    /// Up to this many channels, `hasChannel` compares names instead of hashing one.
    static var scannedChannels: Int { 8 }

    private func checkAttributes(_ sku: SKU) throws(Refusal) {
        guard !sku.title.trimmingSpaces.isEmpty else {
            throw .invalidValue(field: "title", value: sku.title, expected: "a non-empty title")
        }
        try requireUnitAmount(sku.unitCost, field: "cost")
        try requireUnitAmount(sku.price, field: "price")
        guard Bounds.casePack.contains(sku.casePack) else {
            throw .invalidValue(
                field: "case pack", value: "\(sku.casePack)",
                expected: "\(Bounds.casePack.lowerBound)–\(Bounds.casePack.upperBound) units")
        }
        guard sku.minimumOrderQuantity >= 1, sku.minimumOrderQuantity <= Bounds.eventUnits else {
            throw .invalidValue(
                field: "minimum order quantity", value: "\(sku.minimumOrderQuantity)",
                expected: "1–\(Bounds.eventUnits) units")
        }
        if let lead = sku.leadTimeDays, !Bounds.leadTimeDays.contains(lead) {
            throw .invalidValue(field: "lead time", value: "\(lead)", expected: "0–730 days")
        }
    }

    func requirePositive(_ quantity: Int, field: String) throws(Refusal) {
        guard quantity > 0 else {
            throw .invalidValue(field: field, value: "\(quantity)", expected: "a whole number above 0")
        }
        guard quantity <= Self.absurdQuantity else {
            throw .invalidValue(field: field, value: "\(quantity)", expected: "at most \(Self.absurdQuantity)")
        }
    }

    private func requireNotNegative(_ quantity: Int, field: String) throws(Refusal) {
        guard quantity >= 0 else { throw .invalidValue(field: field, value: "\(quantity)", expected: "0 or more") }
        guard quantity <= Self.absurdQuantity else {
            throw .invalidValue(field: field, value: "\(quantity)", expected: "at most \(Self.absurdQuantity)")
        }
    }

    /// A signed change of units (an adjustment, a change of incoming): at most `Bounds.eventUnits` either way.
    private func requireChange(_ delta: Int, field: String) throws(Refusal) {
        guard (-Bounds.eventUnits...Bounds.eventUnits).contains(delta) else {
            throw .invalidValue(
                field: field, value: "\(delta)", expected: "-\(Bounds.eventUnits)…\(Bounds.eventUnits) units")
        }
    }

    func requireReason(_ reason: String) throws(Refusal) {
        guard !reason.trimmingSpaces.isEmpty else { throw .missingReason }
    }

    /// A quantity above this is a typo (a barcode pasted into a quantity field), not stock.
    public static let absurdQuantity = Bounds.eventUnits
}

extension String {
    var trimmingSpaces: Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
