import Foundation
import OnePoolCore
import OnePoolTestSupport
import Testing

@testable import OnePoolStore

/// The store rules as an operator meets them through the real binary.
@Suite struct StoreIntegrityCommandTests {
    static func makeStore(_ home: TemporaryDirectory) throws -> String {
        let store = home.child("store")
        for arguments in [
            ["init", "--store", store, "--time-zone", "UTC"],
            ["channel", "add", "shopify", "--store", store],
            ["channel", "add", "amazon", "--store", store],
            ["sku", "add", "MUG", "--title", "Mug", "--cost", "3", "--price", "12", "--store", store],
            ["sku", "add", "TEE", "--title", "Tee", "--cost", "5", "--price", "20", "--store", store],
            ["receive", "MUG", "5", "--store", store],
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "1", "--store", store],
        ] {
            try OnePoolBinary.succeed(arguments, home: home.path)
        }
        return store
    }

    /// Appends events straight to the journal, past every check: what a store written before
    /// the bounds, or crafted by hand, may hold.
    static func appendUnchecked(_ changes: [Change], to path: String) throws {
        let store = try Store.open(at: path)
        var sequence = store.state.lastSequence
        let events = changes.map { change in
            sequence += 1
            return Event(
                sequence: sequence, time: Timestamp(secondsSince1970: 1_780_000_000), actor: "hand", change: change)
        }
        var writer = ByteWriter(capacity: 1024)
        RecordFormat.appendBatch(events, into: &writer)
        let segment = store.layout.segment(store.journalPosition.segment)
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(writer.bytes))
        try handle.close()
    }

    @Test func aStoreHoldingOutOfRangeValuesCrashesNoVerbAndSaysWhatToFix() throws {
        let home = TemporaryDirectory()
        let store = try Self.makeStore(home)
        let line = OrderLineFacts(
            id: OrderLineID(channel: "amazon", order: "X-1", line: 1), sku: "TEE", quantity: Int.max / 2,
            unitPrice: Money(cents: .max), time: Timestamp(secondsSince1970: 1_780_000_000))
        try Self.appendUnchecked(
            [
                .adjusted(sku: "MUG", delta: 4_006_381_333_931, reason: "a barcode pasted into the quantity"),
                .skuUpdated(
                    SKU(
                        code: "MUG", title: "Mug", unitCost: Money(cents: 100_000_000_000_000_000),
                        price: Money(cents: .max))),
                .received(sku: "TEE", quantity: .max, reference: nil, fromIncoming: 0),
                .orderPlaced(line),
                .published(ListingKey(channel: "shopify", listing: "MUG"), quantity: .max),
            ], to: store)
        let verbs: [[String]] = [
            [], ["stock"], ["stock", "--format", "json"], ["stock", "--format", "csv"], ["allocation"],
            ["publish", "--channel", "shopify"], ["publish", "--channel", "amazon"], ["briefing"],
            ["briefing", "--format", "json"],
            ["reorder"], ["log"], ["forecast", "MUG"], ["forecast", "TEE"], ["sku", "list"], ["sku", "show", "MUG"],
            ["po", "list"], ["doctor"], ["shadow"], ["simulate", "--days", "30"],
        ]
        for verb in verbs {
            let result = try OnePoolBinary.run(
                verb + ["--store", store], home: home.path, extra: ["ONEPOOL_NOW": "2026-06-01T12:00:00Z"])
            #expect(!result.crashed, "onepool \(verb.joined(separator: " ")) crashed: \(result.stderr.suffix(400))")
        }
        let stock = try OnePoolBinary.run(["stock", "--store", store], home: home.path)
        #expect(stock.stderr.contains("SKU MUG holds values outside what OnePool accepts"), "\(stock.stderr)")
        let doctor = try OnePoolBinary.run(["doctor", "--store", store], home: home.path)
        // The journal's reader clamps the pasted barcode to 2^40 (far outside every bound, far
        // inside Int); doctor names the event and what it holds.
        #expect(doctor.stdout.contains("(adjusted, MUG adjusted +1099511627776"), "\(doctor.stdout)")
        #expect(doctor.status == 0, "out-of-range values are warnings: the store opens")
    }

    @Test func theSameBarcodePastedThroughAdjustIsRefused() throws {
        let home = TemporaryDirectory()
        let store = try Self.makeStore(home)
        let result = try OnePoolBinary.run(
            ["adjust", "MUG", "4006381333931", "--reason", "oops", "--store", store], home: home.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("10000000"), "\(result.stderr)")
    }

    @Test func everyVerbWarnsAboutDamagedPiecesUntilDoctorAck() throws {
        let home = TemporaryDirectory()
        let store = try Self.makeStore(home)
        let segment = StoreLayout(root: store).segment(1)
        // A torn write: half a batch at the end.
        let size = RawFile.size(segment)
        RawFile.write(RawFile.bytes(segment) + [9, 0, 0, 0, 40, 0, 0, 0, 2, 7, 7], to: segment)
        let reader = try OnePoolBinary.run(["stock", "--store", store], home: home.path)
        #expect(reader.stderr.contains("11 bytes after the last complete batch"), "\(reader.stderr)")
        #expect(RawFile.size(segment) == size + 11, "a read verb changed the journal")
        try OnePoolBinary.succeed(["receive", "MUG", "1", "--store", store], home: home.path)
        for verb in [["stock"], ["allocation"], ["log"], ["sku", "list"], ["po", "list"], ["briefing"]] {
            let result = try OnePoolBinary.run(verb + ["--store", store], home: home.path)
            #expect(
                result.stderr.contains("damaged piece(s) of journal set aside"),
                "onepool \(verb.joined(separator: " ")): \(result.stderr)")
        }
        let doctor = try OnePoolBinary.run(["doctor", "--store", store], home: home.path)
        #expect(doctor.stdout.contains("11 bytes cut from the journal"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("nothing in it parses as a record"), "\(doctor.stdout)")
        try OnePoolBinary.succeed(["doctor", "--ack", "--store", store], home: home.path)
        let after = try OnePoolBinary.run(["stock", "--store", store], home: home.path)
        #expect(!after.stderr.contains("damaged"), "\(after.stderr)")
    }

    @Test func aRetriedReceiptWithTheSameDeliveryNoteCountsOnce() throws {
        let home = TemporaryDirectory()
        let store = try Self.makeStore(home)
        try OnePoolBinary.succeed(["receive", "MUG", "10", "--ref", "DN-7", "--store", store], home: home.path)
        let again = try OnePoolBinary.succeed(
            ["receive", "MUG", "10", "--ref", "DN-7", "--store", store], home: home.path)
        #expect(again.contains("Already recorded"))
        try OnePoolBinary.succeed(["receive", "MUG", "10", "--ref", "DN-8", "--store", store], home: home.path)
        #expect(try Store.open(at: store).state.stock("MUG")?.onHand == 25)
    }

    @Test func initWithAGroupMakesASharedStore() throws {
        let home = TemporaryDirectory()
        let store = home.child("shared")
        let group = String(cString: getgrgid(getegid()).pointee.gr_name)
        let made = try OnePoolBinary.succeed(["init", "--store", store, "--group", group], home: home.path)
        #expect(made.contains("shared with group \(group)"))
        #expect(RawFile.permissions(store) & 0o7777 == 0o2770)
        let doctor = try OnePoolBinary.succeed(["doctor", "--store", store], home: home.path)
        #expect(doctor.contains("shared with group \(group)"))
    }
}
