/// A SKU's code: the key of its pool and what its events, order lines, listings, bundles and
/// purchase orders name it by. A type of its own, not a `String`, so that a channel name, an order
/// id or a reason cannot be passed where a SKU is meant, and a signature says which it takes.
///
/// The code is kept byte for byte as the operator or the channel wrote it; which codes a new SKU
/// may have is `SKU.isValidCode`'s rule. Ordered as its text is, so lists sorted by code read as
/// they always have.
public struct SKUCode: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral, Codable {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A code written in source, as tests and the demo catalogue do.
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

    public static func < (lhs: SKUCode, rhs: SKUCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Sequence<SKUCode> {
    /// The codes' text joined, as lists of codes are written in messages.
    public func joined(separator: String) -> String { map(\.rawValue).joined(separator: separator) }
}
