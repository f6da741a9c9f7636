/// The columns of a row model, in order, without a row to look at: the model is "decoded" by a
/// decoder that answers every request with a placeholder and records each key it is asked for.
/// So an empty table still prints its header, and the header always matches the JSON keys.
enum OutputColumns {
    static func of<Row: Decodable>(_ type: Row.Type) -> [String] {
        let recorder = KeyRecorder()
        _ = try? Row(from: RecordingDecoder(recorder: recorder, depth: 0))
        return recorder.keys
    }
}

private final class KeyRecorder {
    var keys: [String] = []
}

/// Answers with zeros and empty strings; records the keys of the top level only.
private struct RecordingDecoder: Decoder {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RecordingKeyed<Key>(recorder: recorder, depth: depth))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer { EmptyUnkeyed() }
    func singleValueContainer() throws -> SingleValueDecodingContainer { Placeholder(recorder: recorder, depth: depth) }
}

private struct RecordingKeyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [CodingKey] { [] }
    var allKeys: [Key] { [] }

    private func record(_ key: Key) {
        if depth == 0 { recorder.keys.append(OutputEncoder.snakeCase(key.stringValue)) }
    }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) throws -> Bool {
        record(key)
        return true
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        record(key)
        return try T(from: RecordingDecoder(recorder: recorder, depth: depth + 1))
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        record(key)
        return nil
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        record(key)
        return KeyedDecodingContainer(RecordingKeyed<NestedKey>(recorder: recorder, depth: depth + 1))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer {
        record(key)
        return EmptyUnkeyed()
    }
    func superDecoder() throws -> Decoder { RecordingDecoder(recorder: recorder, depth: depth + 1) }
    func superDecoder(forKey key: Key) throws -> Decoder { RecordingDecoder(recorder: recorder, depth: depth + 1) }
}

private struct EmptyUnkeyed: UnkeyedDecodingContainer {
    var codingPath: [CodingKey] { [] }
    var count: Int? { 0 }
    var isAtEnd: Bool { true }
    var currentIndex: Int { 0 }
    mutating func decodeNil() throws -> Bool { true }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        throw DecodingError.valueNotFound(type, .init(codingPath: [], debugDescription: "no rows"))
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        throw DecodingError.valueNotFound(NestedKey.self, .init(codingPath: [], debugDescription: "no rows"))
    }
    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { EmptyUnkeyed() }
    mutating func superDecoder() throws -> Decoder {
        throw DecodingError.valueNotFound(Decoder.self, .init(codingPath: [], debugDescription: "no rows"))
    }
}

private struct Placeholder: SingleValueDecodingContainer {
    let recorder: KeyRecorder
    let depth: Int
    var codingPath: [CodingKey] { [] }
    func decodeNil() -> Bool { false }
    func decode(_ type: Bool.Type) throws -> Bool { false }
    func decode(_ type: String.Type) throws -> String { "" }
    func decode(_ type: Double.Type) throws -> Double { 0 }
    func decode(_ type: Float.Type) throws -> Float { 0 }
    func decode(_ type: Int.Type) throws -> Int { 0 }
    func decode(_ type: Int8.Type) throws -> Int8 { 0 }
    func decode(_ type: Int16.Type) throws -> Int16 { 0 }
    func decode(_ type: Int32.Type) throws -> Int32 { 0 }
    func decode(_ type: Int64.Type) throws -> Int64 { 0 }
    func decode(_ type: UInt.Type) throws -> UInt { 0 }
    func decode(_ type: UInt8.Type) throws -> UInt8 { 0 }
    func decode(_ type: UInt16.Type) throws -> UInt16 { 0 }
    func decode(_ type: UInt32.Type) throws -> UInt32 { 0 }
    func decode(_ type: UInt64.Type) throws -> UInt64 { 0 }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try T(from: RecordingDecoder(recorder: recorder, depth: depth + 1))
    }
}
