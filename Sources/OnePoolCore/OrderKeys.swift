/// Idempotency keys for order-line facts: the channel's own names for the line, so the same
/// fact submitted twice (a retried script, an export imported again) is recorded once. `sell`
/// and the importers use the same keys, so a line sold by a script and later imported from the
/// channel's export is one line.
public enum OrderKeys {
    public static func placed(_ id: OrderLineID) -> String { key("order:", id) }
    public static func cancelled(_ id: OrderLineID) -> String { key("cancel:", id) }
    public static func shipped(_ id: OrderLineID) -> String { key("ship:", id) }
    public static func parked(_ id: OrderLineID, _ status: LineStatus) -> String {
        "park:\(id.channel):\(id.order):\(id.line):\(status.rawValue)"
    }

    /// `"\(prefix)\(id.channel):\(id.order):\(id.line)"`, the same bytes, written into the
    /// string's own memory: an import makes one or two keys per line, and interpolation (a
    /// growing buffer, the line number's `description`) was 3% of it.
    static func key(_ prefix: StaticString, _ id: OrderLineID) -> String {
        var channel = id.channel.rawValue
        var order = id.order
        return channel.withUTF8 { channel in
            order.withUTF8 { order in
                let capacity = prefix.utf8CodeUnitCount + channel.count + order.count + 2 + 20
                return String(unsafeUninitializedCapacity: capacity) { buffer in
                    var at = 0
                    func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                        for byte in bytes {
                            buffer[at] = byte
                            at += 1
                        }
                    }
                    put(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
                    put(channel)
                    buffer[at] = UInt8(ascii: ":")
                    at += 1
                    put(order)
                    buffer[at] = UInt8(ascii: ":")
                    at += 1
                    if id.line < 0 {
                        buffer[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    // The digits of the line number, written from the last one back.
                    var rest = id.line.magnitude
                    var digits = 1
                    while rest >= 10 {
                        rest /= 10
                        digits += 1
                    }
                    rest = id.line.magnitude
                    for index in stride(from: at + digits - 1, through: at, by: -1) {
                        buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                        rest /= 10
                    }
                    return at + digits
                }
            }
        }
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
