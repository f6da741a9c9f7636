import Foundation

/// What a store is: its format, name and time zone. Stored as `onepool-store.json`, written
/// last when a store is created, so a half-created directory is never mistaken for a store.
public struct StoreMetadata: Codable, Equatable, Sendable {
    public static let currentFormat = 1
    public static let fileName = "onepool-store.json"

    public var format: Int
    public var name: String
    public var createdAt: Int64
    /// The store's time zone (IANA name): where its days begin and end.
    public var timeZone: String

    public init(format: Int = StoreMetadata.currentFormat, name: String, createdAt: Int64, timeZone: String) {
        self.format = format
        self.name = name
        self.createdAt = createdAt
        self.timeZone = timeZone
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array((try? encoder.encode(self)) ?? Data()) + [10]
    }

    static func decode(_ bytes: [UInt8], path: String) throws(StoreError) -> StoreMetadata {
        do {
            return try JSONDecoder().decode(StoreMetadata.self, from: Data(bytes))
        } catch {
            throw StoreError.notAStore(path: path, detail: "\(StoreMetadata.fileName) does not parse (\(error))")
        }
    }
}
