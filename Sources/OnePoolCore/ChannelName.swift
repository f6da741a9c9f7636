/// A sales channel's name as the operator gave it (`shopify`, `amazon-eu`, `shop-till`): the key
/// of its settings, rule, listings, order lines and sync record. A type of its own, not a
/// `String`, so that a SKU code, an order id or a listing id cannot be passed where a channel is
/// meant, and a signature says which it takes.
///
/// Kept byte for byte as written; which names a new channel may have is `Channel.isValidName`'s
/// rule. Ordered as its text is, so lists sorted by channel read as they always have.
public struct ChannelName: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral,
    Codable
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A name written in source, as tests and the demo catalogue do.
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public var isEmpty: Bool { rawValue.isEmpty }

    public static func < (lhs: ChannelName, rhs: ChannelName) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Sequence<ChannelName> {
    /// The names' text joined, as lists of channels are written in messages.
    public func joined(separator: String) -> String { map(\.rawValue).joined(separator: separator) }
}
