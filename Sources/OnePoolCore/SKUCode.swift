/// A SKU's code: the key of its pool and what its events, order lines, listings, bundles and
/// purchase orders name it by.
///
/// The code is kept byte for byte as the operator or the channel wrote it; which codes a new SKU
/// may have is `SKU.isValidCode`'s rule.
public struct SKUCode: TextIdentifier {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
}
