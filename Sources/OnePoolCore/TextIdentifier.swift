/// What SKU codes, channel names, purchase-order ids and user names share: a name kept byte for
/// byte as written, compared and ordered as its text is (so lists sorted by it read as they
/// always have), written as a plain string in JSON and on disk. Each is its own type so that one
/// cannot be passed where another is meant and a signature says which it takes; this protocol
/// gives them one implementation of the behaviour they share.
public protocol TextIdentifier: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral,
    Codable
{
    var rawValue: String { get }
    init(_ rawValue: String)
}

extension TextIdentifier {
    /// A name written in source, as tests and the demo catalogue do.
    @inlinable public init(stringLiteral value: String) { self.init(value) }

    @inlinable public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    @inlinable public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    @inlinable public var description: String { rawValue }

    @inlinable public var isEmpty: Bool { rawValue.isEmpty }

    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension Sequence where Element: TextIdentifier {
    /// The names' text joined, as lists of them are written in messages.
    @inlinable public func joined(separator: String) -> String { map(\.rawValue).joined(separator: separator) }
}
