import Foundation

/// What a store is: its format, identity, name, time zone and owners. Stored as
/// `onepool-store.json`, written last when a store is created, so a half-created directory is
/// never mistaken for a store.
public struct StoreMetadata: Codable, Equatable, Sendable {
    public static let currentFormat = 1
    public static let fileName = "onepool-store.json"

    public var format: Int
    /// Made at `init` (32 hex digits): every snapshot names it, so a snapshot copied from another
    /// store is never adopted. Stores made before identities existed get one from their first
    /// writer.
    public var identity: String?
    public var name: String
    public var createdAt: Int64
    /// The store's time zone (IANA name): where its days begin and end.
    public var timeZone: String
    /// The OS group that shares the store (`onepool init --group`); nil: one owner only.
    public var group: String?

    public init(
        format: Int = StoreMetadata.currentFormat, identity: String? = nil, name: String, createdAt: Int64,
        timeZone: String, group: String? = nil
    ) {
        self.format = format
        self.identity = identity
        self.name = name
        self.createdAt = createdAt
        self.timeZone = timeZone
        self.group = group
    }

    /// A new random identity.
    public static func newIdentity() -> String {
        var random = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let part = String(random.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - part.count) + part
        }.joined()
    }

    /// The identity as the 16 bytes a snapshot header carries (zero when the store has none).
    var identityBytes: [UInt8] {
        guard let identity, let bytes = Self.bytes(ofHex: identity) else { return [UInt8](repeating: 0, count: 16) }
        return bytes
    }

    static func bytes(ofHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data()) + [10]
    }

    /// Parses and checks the file: every field in its range, the time zone one this machine
    /// knows (days are cut in it), so a hand-edited file cannot make dates silently wrong.
    static func decode(_ bytes: [UInt8], path: String) throws(StoreError) -> StoreMetadata {
        let metadata: StoreMetadata
        do {
            metadata = try JSONDecoder().decode(StoreMetadata.self, from: Data(bytes))
        } catch {
            throw StoreError.notAStore(path: path, detail: "\(StoreMetadata.fileName) does not parse (\(error))")
        }
        // A field this onepool does not know is damage (or a newer format that forgot to say so):
        // ignoring it could, for instance, take a garbled "identity" for a store without one.
        if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] {
            let known: Set<String> = ["format", "identity", "name", "createdAt", "timeZone", "group"]
            if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
                throw .invalidMetadata(
                    path: path, field: unknown, value: "\(object[unknown] ?? "")",
                    expected: "no such field (known: \(known.sorted().joined(separator: ", ")))")
            }
        }
        try metadata.validate(path: path)
        return metadata
    }

    func validate(path: String) throws(StoreError) {
        guard format >= 1 else {
            throw .invalidMetadata(path: path, field: "format", value: "\(format)", expected: "1 or later")
        }
        if let identity, Self.bytes(ofHex: identity) == nil {
            throw .invalidMetadata(path: path, field: "identity", value: identity, expected: "32 lowercase hex digits")
        }
        guard !name.isEmpty, name.utf8.count <= 200,
            !name.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 })
        else {
            throw .invalidMetadata(path: path, field: "name", value: name, expected: "1–200 printable characters")
        }
        guard TimeZone(identifier: timeZone) != nil else {
            throw .invalidMetadata(
                path: path, field: "timeZone", value: timeZone,
                expected: "an IANA time zone this machine knows, e.g. Europe/London")
        }
        if let group {
            guard !group.isEmpty, group.utf8.count <= 64, group.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else {
                throw .invalidMetadata(path: path, field: "group", value: group, expected: "an OS group name")
            }
        }
    }
}
