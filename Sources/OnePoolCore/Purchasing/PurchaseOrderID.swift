/// A purchase order's id ("PO-00012"): assigned by the drafter (`PurchasingState.nextOrderID`),
/// unique in the store, and what approving, sending, receiving and cancelling name the order by.
public struct PurchaseOrderID: TextIdentifier {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
}
