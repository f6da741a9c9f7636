/// The kinds of sales channel OnePool knows the habits of.
public enum ChannelKind: String, CaseIterable, Sendable {
    case shopify, amazon, ebay, wholesale, retail, other
}

/// A place the pool is sold through: a web shop, a marketplace, wholesale, a shop till.
///
/// Invariant: `name` is a lowercase code (`[a-z0-9_-]`, 1–32 characters).
public struct Channel: Hashable, Sendable {
    public var name: ChannelName
    public var kind: ChannelKind

    public init(name: ChannelName, kind: ChannelKind) {
        self.name = name
        self.kind = kind
    }

    public static func isValidName(_ name: ChannelName) -> Bool { isValidName(name.rawValue) }

    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 32
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }
    }
}
