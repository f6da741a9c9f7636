/// Turns replenishment recommendations into purchase-order drafts: one per supplier, each line
/// with the reason for its quantity. Pure: the caller passes the recommendations and the time.
///
/// Drafting twice for the same need adds nothing: the recommendations already count units on
/// drafted, approved and sent POs in the inventory position, so a covered SKU recommends 0.
public enum DraftPlan {
    public struct Result: Sendable {
        public var orders: [PurchaseOrder] = []
        /// POs OnePool may approve itself (automatic autonomy, within its own limit).
        public var autoApproved: [PurchaseOrderID] = []
        /// SKUs left out, with why (no supplier, autonomy off or recommend-only).
        public var skipped: [(sku: SKUCode, reason: Skip)] = []
    }

    /// Why a SKU that needs ordering was left out of the drafts: what is wrong. What to do about
    /// it is the front end's to say (the command line names its verbs).
    public enum Skip: Hashable, Sendable, CustomStringConvertible {
        /// The SKU names no supplier.
        case noSupplier
        /// The SKU names a supplier with no record.
        case supplierNotOnRecord(String)
        /// Purchasing autonomy is off for the SKU or its supplier.
        case autonomyOff
        /// The SKU or its supplier is set to recommend only.
        case recommendOnly

        public var description: String {
            switch self {
            case .noSupplier: "no supplier"
            case .supplierNotOnRecord(let code): "supplier \"\(code)\" is not on record"
            case .autonomyOff: "autonomy off"
            case .recommendOnly: "recommend only"
            }
        }
    }

    public static func make(
        state: StockState, recommendations: [Recommendation], time: Timestamp, supplier only: String? = nil
    ) -> Result {
        var result = Result()
        var bySupplier: [String: [POLine]] = [:]
        // A bundle is never ordered: its components are (their demand includes the bundle's).
        for recommendation in recommendations
        where recommendation.orderQuantity > 0 && !state.bundles.isBundle(recommendation.sku) {
            guard let pool = state.pools[recommendation.sku] else { continue }
            guard let code = pool.sku.supplier else {
                result.skipped.append((recommendation.sku, .noSupplier))
                continue
            }
            guard state.purchasing.suppliers[code] != nil else {
                result.skipped.append((recommendation.sku, .supplierNotOnRecord(code)))
                continue
            }
            if let only, code != only { continue }
            let mode = state.purchasing.autonomy(sku: recommendation.sku, supplier: code)
            guard mode >= .approve else {
                result.skipped.append((recommendation.sku, mode == .off ? .autonomyOff : .recommendOnly))
                continue
            }
            let cost = state.purchasing.items[code]?[recommendation.sku]?.unitCost ?? pool.sku.unitCost
            bySupplier[code, default: []].append(
                POLine(
                    sku: recommendation.sku, quantity: recommendation.orderQuantity, unitCost: cost,
                    reason: reason(recommendation, sku: pool.sku)))
        }
        var purchasing = state.purchasing
        for code in bySupplier.keys.sorted() {
            guard let supplier = state.purchasing.suppliers[code], var lines = bySupplier[code] else { continue }
            lines.sort { $0.sku < $1.sku }
            let units = lines.reduce(0) { $0 + $1.quantity }
            let value = lines.reduce(Money.zero) { $0 + $1.value }
            if units < supplier.minimumOrderUnits || value < supplier.minimumOrderValue {
                lines[0].reason +=
                    " · PO below \(supplier.name)'s minimum (\(supplier.minimumOrderUnits) units / \(supplier.minimumOrderValue))"
            }
            let id = purchasing.nextOrderID
            let order = PurchaseOrder(
                id: id, supplier: code, lines: lines, expectedAt: time.adding(days: supplier.leadTimeDays))
            purchasing.orders[id] = PurchaseOrderRecord(order: order, status: .drafted, draftedAt: time)
            result.orders.append(order)
            let automatic = lines.allSatisfy { state.purchasing.autonomy(sku: $0.sku, supplier: code) == .automatic }
            if automatic, let limit = state.purchasing.approvers[PurchasingState.automaticApprover],
                order.value <= limit
            {
                result.autoApproved.append(id)
            }
        }
        return result
    }

    /// Why this many, in one line: the forecast, the reorder point, the rounding.
    static func reason(_ recommendation: Recommendation, sku: SKU) -> String {
        let raw = max(1, recommendation.orderUpTo - recommendation.position)
        var text =
            "forecast \(fixed(recommendation.dailyForecast))/d over \(recommendation.leadTimeDays + recommendation.reviewPeriodDays) d; "
            + "position \(recommendation.position) ≤ reorder point \(recommendation.reorderPoint); "
            + "up to \(recommendation.orderUpTo): \(raw)"
        if recommendation.orderQuantity != raw {
            text += " → \(recommendation.orderQuantity) (cases of \(sku.casePack), MOQ \(sku.minimumOrderQuantity))"
        }
        if let days = recommendation.daysOfCover { text += "; cover now \(Int(clampingDouble: days.rounded())) d" }
        return text
    }

    static func fixed(_ value: Double) -> String {
        let tenths = Int(clampingDouble: (value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
