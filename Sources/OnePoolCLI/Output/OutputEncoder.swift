/// Turns a Codable output model into an `OutputValue` tree: one `Encoder` for every read verb,
/// so a model is written once and printed as a table, CSV or JSON alike.
///
/// Keys keep the model's declaration order and become snake_case (`onHand` → `on_hand`); an
/// optional that is nil is kept as null (not dropped), so every row has every column. Values
/// that know their own form (`OutputLeaf`: identifiers, amounts, fixed decimals) are asked
/// first; a plain `String` is free text.
enum OutputEncoder {
    static func encode(_ value: some Encodable) -> OutputValue {
        if let leaf = value as? OutputLeaf { return leaf.outputValue }
        let node = Node()
        // Encoding into this tree cannot fail: every container accepts every value.
        try? value.encode(to: TreeEncoder(node: node, codingPath: []))
        return node.built
    }

    /// `onHand` → `on_hand`, `rmsseJudged` → `rmsse_judged`, `coverage95` stays.
    ///
    /// Runs for every key of every row (100,000 rows × ~20 keys in `reorder --all`), so an ASCII
    /// key — every coding key OnePool declares — is converted byte by byte; `Character`'s Unicode
    /// case tables were most of the time spent printing such a CSV. Other keys take the general
    /// path, which gives the same result for ASCII (`OutputEncoderTests`).
    static func snakeCase(_ key: String) -> String {
        if let ascii = asciiSnakeCase(key) { return ascii }
        return generalSnakeCase(key)
    }

    /// `snakeCase` of an all-ASCII key, or nil if the key has any other byte.
    static func asciiSnakeCase(_ key: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count + 4)
        for byte in key.utf8 {
            guard byte < 0x80 else { return nil }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                if !bytes.isEmpty { bytes.append(UInt8(ascii: "_")) }
                bytes.append(byte + 32)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `snakeCase` by `Character`, for keys with non-ASCII letters.
    static func generalSnakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// One place in the tree being built; containers fill it.
private final class Node {
    var value: OutputValue = .null
    var fields: [(key: String, node: Node)]?
    var items: [Node]?

    /// The value, with the containers' children folded in.
    var built: OutputValue {
        if let fields { return .object(fields.map { (key: $0.key, value: $0.node.built) }) }
        if let items { return .array(items.map(\.built)) }
        return value
    }

    func child(_ key: String) -> Node {
        let node = Node()
        if fields == nil { fields = [] }
        fields?.append((key: key, node: node))
        return node
    }

    func item() -> Node {
        let node = Node()
        if items == nil { items = [] }
        items?.append(node)
        return node
    }

    func set(_ leaf: some Encodable, codingPath: [CodingKey]) throws {
        if let leaf = leaf as? OutputLeaf {
            value = leaf.outputValue
            return
        }
        try leaf.encode(to: TreeEncoder(node: self, codingPath: codingPath))
    }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.fields == nil { node.fields = [] }
        return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if node.items == nil { node.items = [] }
        return Unkeyed(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
}

private struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [CodingKey]

    private func child(_ key: Key) -> Node { node.child(OutputEncoder.snakeCase(key.stringValue)) }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).value = .bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).value = .text(value, .freeText) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        child(key).value = value.isFinite ? .number(value, places: nil) : .null
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).value = .integer(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).set(value, codingPath: codingPath + [key])
    }

    // Nil optionals stay as null: a row keeps every column.
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = child(key)
        child.fields = []
        return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        let child = child(key)
        child.items = []
        return Unkeyed(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> Encoder { TreeEncoder(node: node.child("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> Encoder {
        TreeEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct Unkeyed: UnkeyedEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]
    var count: Int { node.items?.count ?? 0 }

    mutating func encodeNil() throws { node.item().value = .null }
    mutating func encode(_ value: Bool) throws { node.item().value = .bool(value) }
    mutating func encode(_ value: String) throws { node.item().value = .text(value, .freeText) }
    mutating func encode(_ value: Double) throws {
        node.item().value = value.isFinite ? .number(value, places: nil) : .null
    }
    mutating func encode(_ value: Int) throws { node.item().value = .integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.item().set(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
        NestedKey
    > {
        let child = node.item()
        child.fields = []
        return KeyedEncodingContainer(Keyed<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        let child = node.item()
        child.items = []
        return Unkeyed(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> Encoder { TreeEncoder(node: node.item(), codingPath: codingPath) }
}

private struct Single: SingleValueEncodingContainer {
    let node: Node
    let codingPath: [CodingKey]

    mutating func encodeNil() throws { node.value = .null }
    mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
    mutating func encode(_ value: String) throws { node.value = .text(value, .freeText) }
    mutating func encode(_ value: Double) throws { node.value = value.isFinite ? .number(value, places: nil) : .null }
    mutating func encode(_ value: Int) throws { node.value = .integer(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.set(value, codingPath: codingPath) }
}
