/// Items read straight from the state, priced with the demand `outlook` when there is one.
extension Briefing {
    /// Oversells, over-exposed channels (or failing syncs and drift), starved channels, POs
    /// awaiting approval or late, unmapped listings with orders waiting. Cheap enough to redo on
    /// every change (the console does). Without an `outlook` (`.unknown`), what needs demand is
    /// priced at its upper bound, and POs awaiting approval at 0, each saying so.
    /// `sync`: what live sync knows; nil (the console, the CLI) reads it from the state's own sync
    /// facts, folded from the journal (`SyncFacts(state.sync)`). `oversold` false leaves out the
    /// oversold items, for a caller that keeps them per SKU (`oversoldItems(state:skus:)`).
    /// `ledger`: the starved channels as a caller keeps them (`StarvedLedger`, the console), in
    /// place of pricing `starved` here.
    public static func stateItems(
        state: StockState, overExposed: [OverExposure], starved: [Starvation] = [], ledger: StarvedLedger? = nil,
        time: Timestamp, outlook: DemandOutlook = .unknown, sync: SyncFacts? = nil, oversold: Bool = true
    ) -> [BriefingItem] {
        let rule = ProfitRule(state.settings)
        var items = ledger?.items ?? starvedItems(state: state, starved: starved, outlook: outlook)
        if oversold { items += oversoldItems(state: state, rule: rule) }
        items += exposureItems(
            state: state, overExposed: overExposed, outlook: outlook, sync: sync ?? SyncFacts(state.sync))
        items += purchaseOrderItems(state: state, time: time, outlook: outlook, rule: rule)
        var waiting: [ListingKey: [ParkedLine]] = [:]
        for line in state.parkedLines.values where line.status == .open {
            waiting[line.listingKey, default: []].append(line)
        }
        for (key, lines) in waiting {
            let effect = rule.unmapped(lines)
            items.append(
                BriefingItem(
                    kind: .unmapped, subject: "\(key)",
                    why:
                        "\(lines.count) order line(s) wait for a listing that maps to no SKU "
                        + "(priced at the default margin)",
                    action: .mapListing(key), effect: effect))
        }
        return items
    }

    /// Oversold (issue 13's definition: committed beyond on hand − held − unsellable; into safety
    /// is not an oversell): the units, and the newest open lines that cover them are the ones to cancel.
    /// The oversold items of `skus` alone: what the console re-judges for the SKUs news touched
    /// (each item reads only its own pool and open lines, and the settings). `openLines`: the
    /// state's open lines filed by SKU, as the caller keeps them, so that the lines of the
    /// oversold SKUs are found without walking every open line (nil: walk them).
    public static func oversoldItems(
        state: StockState, skus: Set<SKUCode>, openLines: OpenLinesBySKU? = nil
    ) -> [BriefingItem] {
        oversoldItems(state: state, rule: ProfitRule(state.settings), among: skus, openLines: openLines)
    }

    static func oversoldItems(
        state: StockState, rule: ProfitRule, among skus: Set<SKUCode>? = nil, openLines: OpenLinesBySKU? = nil
    ) -> [BriefingItem] {
        var oversold: [SKUCode: SKUPool] = [:]
        if let skus {
            for code in skus { if let pool = state.pools[code], pool.stock.isOversold { oversold[code] = pool } }
        } else {
            oversold = state.pools.filter { $0.value.stock.isOversold }
        }
        guard !oversold.isEmpty else { return [] }
        var lines: [SKUCode: [(id: OrderLineID, line: OpenOrderLine)]] = [:]
        if let openLines {
            for code in oversold.keys {
                for id in openLines.lines(of: code) {
                    // Read back from the state: the index says where to look, the state what the line is.
                    if let line = state.openLines[id], line.sku == code { lines[code, default: []].append((id, line)) }
                }
            }
        } else {
            for (id, line) in state.openLines where oversold[line.sku] != nil {
                lines[line.sku, default: []].append((id, line))
            }
        }
        var items: [BriefingItem] = []
        for (code, pool) in oversold {
            let units = -pool.stock.unreserved
            // Newest first; lines placed at the same moment, the later order first.
            let newestFirst = (lines[code] ?? []).sorted {
                ($0.line.placedAt, $0.id.channel, $0.id.order, $0.id.line) > (
                    $1.line.placedAt, $1.id.channel, $1.id.order, $1.id.line
                )
            }
            var covered = 0
            var cancel = 0
            // `covered` stays below `units` (at most 2^41) before each addition of a line (at most 2^40).
            for entry in newestFirst where covered < units {
                covered += entry.line.quantity
                cancel += 1
            }
            let effect = rule.oversold(sku: pool.sku, units: units, lines: max(1, cancel))
            items.append(
                BriefingItem(
                    kind: .oversold, subject: code.rawValue,
                    why: why(
                        "\(units) sold with no stock to ship (\(max(1, cancel)) line(s)): "
                            + "restock, or cancel with the customer",
                        effect, rule),
                    action: .openSKU(code), effect: effect))
        }
        return items
    }

    /// POs awaiting approval or approved by OnePool (what a day's wait costs) and late POs (what
    /// their missing units cost).
    static func purchaseOrderItems(
        state: StockState, time: Timestamp, outlook: DemandOutlook, rule: ProfitRule
    ) -> [BriefingItem] {
        var items: [BriefingItem] = []
        let unknown = outlook.skus.isEmpty ? " (no forecast yet: not priced)" : ""
        for record in state.purchasing.orders.values {
            let order = record.order
            let automatic = record.status == .approved && record.approvedBy == PurchasingState.automaticApprover
            if record.status == .drafted || automatic {
                let lines = order.lines.map {
                    ProfitRule.OrderLine(
                        sku: state.sku($0.sku), quantity: $0.quantity, unitCost: $0.unitCost,
                        outlook: outlook.skus[$0.sku])
                }
                let effect = rule.approval(lines, spend: order.value)
                let text =
                    automatic
                    ? "approved automatically (within OnePool's limit) for \(order.supplier): send it, or cancel it; "
                        + "spend \(order.value)"
                    : "\(order.lines.count) line(s) from \(order.supplier), drafted "
                        + "\(CivilDate.text(record.draftedAt, offsetSeconds: 0)); spend \(order.value)"
                items.append(
                    BriefingItem(
                        kind: automatic ? .approvedByOnePool : .awaitingApproval, subject: order.id.rawValue,
                        why: why(text + unknown, effect, rule), action: .openPO(order.id), effect: effect))
            } else if record.isLate(at: time) {
                let late = time.millisecondsSince1970 - record.expectedArrival.millisecondsSince1970
                let days = Int(clamping: late / Timestamp.millisecondsPerDay)
                let lines = order.lines.map {
                    ProfitRule.OrderLine(
                        sku: state.sku($0.sku), quantity: record.outstanding($0.sku), unitCost: $0.unitCost,
                        outlook: outlook.skus[$0.sku], available: state.stock($0.sku)?.available ?? 0)
                }
                let effect = rule.latePO(lines, daysLate: days)
                let arrival = CivilDate(dayNumber: record.expectedArrival.day()).description
                items.append(
                    BriefingItem(
                        kind: .latePO, subject: order.id.rawValue,
                        why: why(
                            "expected \(arrival) from \(order.supplier), "
                                + "\(effect.capital.first?.money ?? .zero) still to come"
                                + unknown, effect, rule),
                        action: .openPO(order.id), effect: effect))
            }
        }
        return items
    }
}
