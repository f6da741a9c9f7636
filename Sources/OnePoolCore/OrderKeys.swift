/// Idempotency keys for order-line facts: the channel's own names for the line, so the same
/// fact submitted twice (a retried script, an export imported again) is recorded once. `sell`
/// and the importers use the same keys, so a line sold by a script and later imported from the
/// channel's export is one line.
public enum OrderKeys {
    public static func placed(_ id: OrderLineID) -> String { "order:\(id.channel):\(id.order):\(id.line)" }
    public static func cancelled(_ id: OrderLineID) -> String { "cancel:\(id.channel):\(id.order):\(id.line)" }
    public static func shipped(_ id: OrderLineID) -> String { "ship:\(id.channel):\(id.order):\(id.line)" }
    public static func parked(_ id: OrderLineID, _ status: LineStatus) -> String {
        "park:\(id.channel):\(id.order):\(id.line):\(status.rawValue)"
    }
}

/// Idempotency keys of facts named by a reference (a delivery note, a count sheet): the same
/// reference and SKU is one fact, so a retry after a crash or a lost answer never doubles it.
public enum ReferenceKeys {
    public static func receipt(reference: String, sku: SKUCode) -> String { "receipt:\(reference):\(sku)" }
    public static func count(reference: String, sku: SKUCode) -> String { "count:\(reference):\(sku)" }
    public static func purchaseReceipt(order: PurchaseOrderID, reference: String, sku: SKUCode) -> String {
        "po-receipt:\(order):\(reference):\(sku)"
    }
}
