import OnePoolCore

/// Moving a store's truth into OnePool: SKUs that are missing are created, and each on-hand
/// figure becomes a count as of the time the export was taken (`asOf`). A count that would not
/// change on hand is left out, so importing the same export twice changes nothing.
///
/// Beyond the count, an inventory export says how many units are unavailable (they become
/// unsellable: damaged units are not offered for sale) and how many are incoming; its
/// Committed figure is only compared with what the imported orders commit — committed units
/// come from orders, never twice. A products export is the catalogue's truth: an existing
/// SKU takes its title, price, cost, barcode and vendor (as its supplier).
public struct CatalogueImportPlan: Sendable {
    public var changes: [ProposedChange] = []
    public var created = 0
    public var updated = 0
    public var counted = 0
    public var unchanged = 0
    public var clampedNegative = 0
    /// SKUs whose unsellable or incoming units were set from the file.
    public var unsellableSet = 0
    public var incomingSet = 0
    /// Export's Committed against OnePool's committed units, where they differ.
    public var committedDifferences: [CommittedDifference] = []
    /// Vendors named as suppliers that are not on record, and the suppliers created for them.
    public var vendorsWithoutRecord: [String] = []
    public var suppliersCreated: [String] = []
    public var problems: [ImportProblem] = []
    /// Order lines that waited in the unmapped queue for a SKU this import created.
    public var waiting = OrderImportSummary()

    /// The export's Committed figure for a SKU against the units OnePool's orders commit.
    public struct CommittedDifference: Hashable, Sendable {
        public var sku: SKUCode
        public var inFile: Int
        public var inOnePool: Int
        /// What OnePool's figure covers: the Shopify channels', or every channel's.
        public var scope: String
    }

    /// `supplierLeadTime`: vendors that are not suppliers yet become suppliers with this agreed
    /// lead time; without it they are only listed (OnePool does not invent a lead time).
    public static func make(
        rows: [CatalogueRow], file: String, asOf: Timestamp, state: StockState, time: Timestamp,
        supplierLeadTime: Int? = nil
    ) -> CatalogueImportPlan {
        var plan = CatalogueImportPlan()
        var scratch = state
        var createdCodes: Set<SKUCode> = []
        var vendors: Set<String> = []
        for row in rows {
            var proposed: [ProposedChange] = []
            if let vendor = row.supplier, scratch.purchasing.suppliers[vendor] == nil, !vendors.contains(vendor) {
                vendors.insert(vendor)
                if let days = supplierLeadTime {
                    proposed.append(
                        ProposedChange(
                            .purchasing(.supplierSet(Supplier(code: vendor, name: vendor, leadTimeDays: days)))))
                } else {
                    plan.vendorsWithoutRecord.append(vendor)
                }
            }
            proposed += skuChanges(row, in: scratch)
            if let units = row.onHand {
                let counted = max(0, units)
                if units < 0 { plan.clampedNegative += 1 }
                if scratch.stock(row.sku)?.onHand != counted || scratch.sku(row.sku) == nil {
                    proposed.append(
                        ProposedChange(
                            .countedAsOf(sku: row.sku, quantity: counted, asOf: asOf, reason: "imported from \(file)"),
                            idempotencyKey: "count:\(row.sku):\(asOf.millisecondsSince1970)"))
                }
            }
            var changedAny = false
            let problemsBefore = plan.problems.count
            for change in proposed {
                if plan.commit(change, row: row, file: file, into: &scratch, time: time) {
                    changedAny = true
                    if case .skuCreated(let sku) = change.change { createdCodes.insert(sku.code) }
                } else if plan.problems.count > problemsBefore {
                    // The row's first refusal says what is wrong; what follows from it would not.
                    break
                }
            }
            // Unsellable and incoming are set against the count just made.
            for change in stateChanges(row, file: file, in: scratch)
            where plan.commit(change, row: row, file: file, into: &scratch, time: time) {
                changedAny = true
            }
            if let difference = committedDifference(row, in: scratch) { plan.committedDifferences.append(difference) }
            if !changedAny { plan.unchanged += 1 }
        }
        let waiting = WaitingLinesPlan.make(created: createdCodes, state: scratch, time: time)
        plan.changes += waiting.changes
        plan.problems += waiting.problems
        plan.waiting = waiting.summary
        return plan
    }

    /// Tries `change` on the working copy; a refusal is a problem on the row's line.
    private mutating func commit(
        _ change: ProposedChange, row: CatalogueRow, file: String, into scratch: inout StockState, time: Timestamp
    ) -> Bool {
        let outcome = Result { () throws(Refusal) in try scratch.commit(change, time: time) }
        switch outcome {
        case .success(true):
            changes.append(change)
            switch change.change {
            case .skuCreated: created += 1
            case .skuUpdated: updated += 1
            case .markedUnsellable, .restored: unsellableSet += 1
            case .incomingChanged: incomingSet += 1
            case .purchasing(.supplierSet(let supplier)): suppliersCreated.append(supplier.code)
            default: counted += 1
            }
            return true
        case .success(false):
            return false
        case .failure(let refusal):
            problems.append(ImportProblem(file: file, line: row.fileLine, message: refusal.commandLineText))
            return false
        }
    }

    /// The SKU created, or — from a products export — brought up to date.
    private static func skuChanges(_ row: CatalogueRow, in state: StockState) -> [ProposedChange] {
        guard let current = state.sku(row.sku) else {
            var sku = SKU(
                code: row.sku, title: row.title, barcode: row.barcode, unitCost: row.cost ?? .zero,
                price: row.price ?? .zero)
            sku.supplier = row.supplier
            return [ProposedChange(.skuCreated(sku))]
        }
        guard row.describesCatalogue else { return [] }
        var updated = current
        updated.title = row.title
        if let price = row.price { updated.price = price }
        if let cost = row.cost { updated.unitCost = cost }
        if let barcode = row.barcode { updated.barcode = barcode }
        if let supplier = row.supplier { updated.supplier = supplier }
        return updated == current ? [] : [ProposedChange(.skuUpdated(updated))]
    }

    /// Unsellable set to the file's Unavailable (at most what is on hand), and incoming raised
    /// to the file's Incoming — never below what OnePool's own POs in flight still bring, so an
    /// export does not erase them, nor count a PO entered in both places twice.
    private static func stateChanges(_ row: CatalogueRow, file: String, in state: StockState) -> [ProposedChange] {
        guard let stock = state.stock(row.sku) else { return [] }
        var changes: [ProposedChange] = []
        if let unavailable = row.unavailable {
            let target = min(unavailable, max(0, stock.onHand - stock.held))
            let reason = "unavailable in \(file)"
            if target > stock.unsellable {
                changes.append(
                    ProposedChange(.markedUnsellable(sku: row.sku, quantity: target - stock.unsellable, reason: reason))
                )
            } else if target < stock.unsellable {
                changes.append(
                    ProposedChange(.restored(sku: row.sku, quantity: stock.unsellable - target, reason: reason)))
            }
        }
        if let incoming = row.incoming {
            let target = max(incoming, state.purchasing.inFlight(row.sku))
            if target != stock.incoming {
                changes.append(
                    ProposedChange(.incomingChanged(sku: row.sku, delta: target - stock.incoming, reference: file)))
            }
        }
        return changes
    }

    /// Shopify's Committed counts Shopify's own open orders: compared with the Shopify
    /// channels' committed units (every channel's when no channel speaks Shopify).
    private static func committedDifference(_ row: CatalogueRow, in state: StockState) -> CommittedDifference? {
        guard let inFile = row.committed, let pool = state.pools[row.sku] else { return nil }
        let shopify = state.channelSettings.filter { $0.value.format == .shopify }.map(\.key)
        let inOnePool =
            shopify.isEmpty
            ? pool.stock.committed : shopify.reduce(0) { $0 + (pool.committedByChannel[$1] ?? 0) }
        guard inFile != inOnePool else { return nil }
        let scope = shopify.isEmpty ? "every channel" : shopify.sorted().joined(separator: ", ")
        return CommittedDifference(sku: row.sku, inFile: inFile, inOnePool: inOnePool, scope: scope)
    }
}
