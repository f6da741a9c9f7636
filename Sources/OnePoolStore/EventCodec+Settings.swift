import OnePoolCore

/// The encoding of the store settings (`Change.storeSettingsSet`, and the snapshot's settings
/// section): a count of fields, then each field as a signed varint. A later version that adds a
/// setting appends a field; a reader skips fields it does not know and keeps the standard value
/// for fields a shorter record lacks, so neither side misreads the other.
extension EventCodec {
    /// Horizon days, cancellation penalty cents, carrying rate and default margin in basis points.
    static let settingsFieldCount = 4

    static func encode(_ settings: StoreSettings, into writer: inout ByteWriter) {
        writer.varint(UInt64(settingsFieldCount))
        writer.int(settings.horizonDays)
        writer.int(settings.cancellationPenalty.cents)
        writer.int(settings.carryingRateBasisPoints)
        writer.int(settings.defaultMarginBasisPoints)
    }

    static func decodeStoreSettings(from reader: inout ByteReader) throws(DecodeError) -> StoreSettings {
        let countOffset = reader.index
        let count = try reader.varint()
        // Each field takes at least one byte: a count beyond what is left is damage, not a setting.
        guard count <= UInt64(reader.remaining) else {
            throw DecodeError(offset: countOffset, detail: "\(count) settings fields in \(reader.remaining) bytes")
        }
        var fields: [Int64] = []
        for _ in 0..<count { fields.append(try reader.int64()) }
        // Clamped as `ByteReader.int()` and `cents()` clamp: far outside every range, never a trap.
        let integerLimit = Int64(Bounds.decodedIntegerLimit)
        func field(_ index: Int) -> Int? {
            index < fields.count ? Int(min(max(fields[index], -integerLimit), integerLimit)) : nil
        }
        var settings = StoreSettings.standard
        if let value = field(0) { settings.horizonDays = value }
        if fields.count > 1 {
            settings.cancellationPenalty = Money(
                cents: min(max(fields[1], -Bounds.decodedCentsLimit), Bounds.decodedCentsLimit))
        }
        if let value = field(2) { settings.carryingRateBasisPoints = value }
        if let value = field(3) { settings.defaultMarginBasisPoints = value }
        return settings
    }
}
