import OnePoolCore

/// Moving a store's truth into OnePool: SKUs that are missing are created, and each on-hand
/// figure becomes a count as of the time the export was taken (`asOf`). A count that would not
/// change on hand is left out, so importing the same export twice changes nothing.
public struct CatalogueImportPlan: Sendable {
    public var changes: [ProposedChange] = []
    public var created = 0
    public var counted = 0
    public var unchanged = 0
    public var clampedNegative = 0
    public var problems: [ImportProblem] = []

    public static func make(rows: [CatalogueRow], file: String, asOf: Timestamp, state: StockState, time: Timestamp) -> CatalogueImportPlan {
        var plan = CatalogueImportPlan()
        var scratch = state
        for row in rows {
            var proposed: [ProposedChange] = []
            if scratch.sku(row.sku) == nil {
                let sku = SKU(code: row.sku, title: row.title, barcode: row.barcode, unitCost: row.cost ?? .zero, price: row.price ?? .zero)
                proposed.append(ProposedChange(.skuCreated(sku)))
            }
            if let units = row.onHand {
                let counted = max(0, units)
                if units < 0 { plan.clampedNegative += 1 }
                if scratch.stock(row.sku)?.onHand != counted || scratch.sku(row.sku) == nil {
                    proposed.append(ProposedChange(
                        .countedAsOf(sku: row.sku, quantity: counted, asOf: asOf, reason: "imported from \(file)"),
                        idempotencyKey: "count:\(row.sku):\(asOf.millisecondsSince1970)"))
                }
            }
            if proposed.isEmpty { plan.unchanged += 1 }
            changes: for change in proposed {
                let outcome = Result { () throws(Refusal) in try scratch.commit(change, time: time) }
                switch outcome {
                case .success(true):
                    plan.changes.append(change)
                    if case .skuCreated = change.change { plan.created += 1 } else { plan.counted += 1 }
                case .success(false): break
                case .failure(let refusal):
                    // The row's first refusal says what is wrong; what follows from it would not.
                    plan.problems.append(ImportProblem(file: file, line: row.fileLine, message: refusal.description))
                    break changes
                }
            }
        }
        return plan
    }
}
