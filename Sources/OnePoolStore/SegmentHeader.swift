/// The 32 bytes at the start of every journal segment: what it is, which format, where it
/// sits in the sequence. Checked before any record is read, so a newer format is refused by
/// name instead of being misread.
struct SegmentHeader: Equatable {
    static let size = 32
    static let magic: [UInt8] = Array("ONEPOOLJ".utf8)
    static let currentVersion: UInt32 = 1

    var version: UInt32
    var segmentNumber: UInt32
    var firstSequence: UInt64

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: Self.size)
        writer.raw(Self.magic)
        writer.u32(version)
        writer.u32(segmentNumber)
        writer.u64(firstSequence)
        writer.u32(0)
        let crc = writer.withUnsafeBytes { CRC32C.checksum($0) }
        writer.u32(CRC32C.mask(crc))
        return writer.bytes
    }

    enum Problem: Error {
        case tooShort
        case notAJournal
        case checksum
        case newerVersion(UInt32)
    }

    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Problem) -> SegmentHeader {
        guard bytes.count >= size else { throw .tooShort }
        guard Array(bytes[0..<8]) == magic else { throw .notAJournal }
        let crc = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<28]))
        guard CRC32C.mask(crc) == UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 28, as: UInt32.self)) else {
            throw .checksum
        }
        let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        guard version <= currentVersion else { throw .newerVersion(version) }
        return SegmentHeader(
            version: version,
            segmentNumber: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self)),
            firstSequence: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
    }
}
