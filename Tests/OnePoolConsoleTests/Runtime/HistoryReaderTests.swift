import OnePoolCore
import OnePoolStore
import Testing

/// The background loader reads the journal from the segment files, not through the loop's
/// store: it must deliver exactly what the store itself delivers, up to the sequence asked.
@Suite struct HistoryReaderTests {
    @Test func theFilesGiveWhatTheStoreGivesUpToTheSequenceAsked() throws {
        let (directory, path) = try RuntimeStore.copy()
        let store = try Store.open(at: path)
        var expected: [Event] = []
        try store.forEachEvent { expected.append($0) }
        for through in [
            UInt64(0), 1, 57, UInt64(expected.count / 2), UInt64(expected.count), UInt64(expected.count) + 10,
        ] {
            var read: [Event] = []
            try Store.forEachEvent(inStoreAt: path, through: through) { read.append($0) }
            #expect(read == Array(expected.prefix(Int(min(through, UInt64(expected.count))))), "through \(through)")
        }
        // An event appended after the sequence asked is not read.
        _ = try store.transact(actor: "script", time: Timestamp(millisecondsSince1970: 1_795_816_800_000)) { _ in
            ([ProposedChange(.received(sku: "MUG-SAGE", quantity: 1, reference: nil, fromIncoming: 0))], ())
        }
        var read = 0
        try Store.forEachEvent(inStoreAt: path, through: UInt64(expected.count)) { _ in read += 1 }
        #expect(read == expected.count)
        _ = directory
    }
}
