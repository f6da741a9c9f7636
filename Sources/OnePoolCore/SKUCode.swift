/// A SKU's code: the key of its pool and what its events, order lines, listings, bundles and
/// purchase orders name it by.
///
/// The code is kept byte for byte as the operator or the channel wrote it; which codes a new SKU
/// may have is `SKU.isValidCode`'s rule.
///
/// It keeps the hash of its text, worked out once when it is made (`StoredHash`): the fold looks
/// a pool up by code for every order event, and replay makes each code once per window of events
/// (`StringTable`) rather than once per event. Equality and order are the text's.
public struct SKUCode: TextIdentifier {
    public let rawValue: String
    /// `StoredHash.of(rawValue)`; equal codes have equal hashes in a process, as their text does.
    @usableFromInline let textHash: Int

    public init(_ rawValue: String) { self.init(rawValue, textHash: StoredHash.of(rawValue)) }

    /// A code with the hash given: for tests that force two codes' hashes to collide.
    init(_ rawValue: String, textHash: Int) {
        self.rawValue = rawValue
        self.textHash = textHash
    }

    @inlinable public static func == (lhs: SKUCode, rhs: SKUCode) -> Bool {
        lhs.textHash == rhs.textHash && lhs.rawValue == rhs.rawValue
    }

    @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(textHash) }

    @inlinable public func _rawHashValue(seed: Int) -> Int { StoredHash.raw(textHash, seed: seed) }
}
