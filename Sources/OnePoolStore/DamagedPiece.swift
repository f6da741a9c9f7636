import OnePoolCore

/// What a piece of journal set aside by a repair holds, told for `onepool doctor`: how many
/// bytes, which records pass their checksums, whether they made whole batches, and which events
/// they would be. A torn write reads as records that stop short; a flipped bit as a whole batch
/// with one record failing its checksum — the difference between "never acknowledged" and "was
/// saved, then damaged", which only the operator can act on.
enum DamagedPiece {
    static func describe(_ path: String) -> String {
        guard let bytes = try? PosixFile.open(path, .read).readAll() else { return "\(path) cannot be read." }
        let found = bytes.withUnsafeBytes { records(in: $0) }
        var text = "\(bytes.count) bytes cut from the journal"
        let sound = found.filter(\.checksumHolds).count
        text += "; \(found.count) record(s) (\(sound) pass their checksum, \(found.count - sound) fail)"
        let endsBatch = found.last.map { $0.type == .full || $0.type == .last } ?? false
        if found.isEmpty {
            text += ": nothing in it parses as a record (a write torn before its first record, or overwritten bytes)."
        } else if endsBatch && found.last?.end == bytes.count {
            text +=
                ", ending a whole batch: this looks like a complete write that was damaged later, not a torn one — if it was acknowledged, re-enter these events."
        } else {
            text += ", stopping short of a whole batch: this looks like a write torn before it was acknowledged."
        }
        let events = found.compactMap(\.event)
        if !events.isEmpty {
            let shown = events.prefix(5).map { "#\($0.sequence) \($0.change.kind) \(EventText.details($0.change))" }
            text +=
                " Events: " + shown.joined(separator: "; ") + (events.count > 5 ? "; … (\(events.count) in all)" : "")
                + "."
        }
        return text
    }

    struct Found {
        var type: RecordFormat.RecordType?
        var checksumHolds: Bool
        var end: Int
        var event: Event?
    }

    /// Walks record headers from the start, decoding each payload whether or not its checksum
    /// holds (a flipped bit usually leaves the rest of an event readable).
    static func records(in bytes: UnsafeRawBufferPointer) -> [Found] {
        var found: [Found] = []
        var position = 0
        while position + RecordFormat.headerSize <= bytes.count, found.count < 100_000 {
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)))
            let end = position + RecordFormat.headerSize + length
            guard length <= RecordFormat.maxPayload, end <= bytes.count else { break }
            let checked = RecordFormat.record(in: bytes, at: position)
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[(position + RecordFormat.headerSize)..<end]))
            let event = try? EventCodec.decode(from: &reader)
            found.append(
                Found(
                    type: RecordFormat.RecordType(rawValue: bytes[position + 8]), checksumHolds: checked != nil,
                    end: end, event: event))
            position = end
        }
        return found
    }
}
