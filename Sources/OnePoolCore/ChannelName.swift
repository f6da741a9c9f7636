/// A sales channel's name as the operator gave it (`shopify`, `amazon-eu`, `shop-till`): the key
/// of its settings, rule, listings, order lines and sync record.
///
/// Kept byte for byte as written; which names a new channel may have is `Channel.isValidName`'s
/// rule.
public struct ChannelName: TextIdentifier {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
}
