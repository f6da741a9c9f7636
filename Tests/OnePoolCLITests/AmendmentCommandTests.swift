import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// A line that comes back changed is never "already recorded": `sell` refuses it naming both
/// versions unless --amend, and an import lists its amendments (issue 11).
@Suite struct AmendmentCommandTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-amend")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store, "--time-zone", "UTC"], home: home.path)
        try OnePoolBinary.succeed(["channel", "add", "shopify", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            ["sku", "add", "MUG", "--title", "Mug", "--price", "12.00", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["receive", "MUG", "10", "--store", store], home: home.path)
        return (home, store)
    }

    private func journalBytes(_ store: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: "\(store)/journal/00000001.opj"))
    }

    @Test func sellWithChangedFactsIsRefusedNamingBothVersions() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "2", "--store", store], home: home.path)
        let repeatRun = try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "2", "--store", store], home: home.path)
        #expect(repeatRun.contains("Already recorded"))
        let before = try journalBytes(store)
        let changed = try OnePoolBinary.run(
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "3", "--store", store], home: home.path)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("recorded as 2 × MUG @ 12.00 (open)"))
        #expect(changed.stderr.contains("this sale says 3 × MUG @ 12.00"))
        #expect(changed.stderr.contains("--amend"))
        #expect(try journalBytes(store) == before)
        let amended = try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "3", "--amend", "--store", store],
            home: home.path)
        #expect(amended.contains("Amended shopify/1001#1: 2 × MUG @ 12.00 → 3 × MUG @ 12.00"))
        #expect(try Store.open(at: store).state.stock("MUG")?.committed == 3)
        // The edit again is a repeat now, with or without --amend.
        let again = try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "1001", "MUG", "3", "--amend", "--store", store],
            home: home.path)
        #expect(again.contains("Already recorded"))
        let log = try OnePoolBinary.succeed(["log", "--kind", "order-amended", "--store", store], home: home.path)
        #expect(log.contains("amended 2 × MUG @ 12.00 → 3 × MUG @ 12.00 (from sell)"))
    }

    @Test func aShippedLineSoldAgainWithOtherFactsIsRefusedToo() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "7", "MUG", "1", "--price", "12.00", "--store", store],
            home: home.path)
        try OnePoolBinary.succeed(["ship", "--channel", "shopify", "--order", "7", "--store", store], home: home.path)
        let changed = try OnePoolBinary.run(
            ["sell", "--channel", "shopify", "--order", "7", "MUG", "4", "--price", "12.00", "--store", store],
            home: home.path)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("the line is shipped"))
        #expect(changed.stderr.contains("this sale says 4 × MUG @ 12.00"))
        let amended = try OnePoolBinary.succeed(
            [
                "sell", "--channel", "shopify", "--order", "7", "MUG", "4", "--price", "12.00", "--amend", "--store",
                store,
            ], home: home.path)
        #expect(amended.contains("Amended shopify/7#1"))
        // A closed line keeps the stock its shipment settled.
        #expect(try Store.open(at: store).state.stock("MUG") == StockLevel(onHand: 9))
    }

    @Test func reserveUnderAReservedOrderWithOtherFactsIsRefused() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["reserve", "--channel", "shopify", "--order", "R1", "MUG", "1", "--store", store], home: home.path)
        let same = try OnePoolBinary.succeed(
            ["reserve", "--channel", "shopify", "--order", "R1", "MUG", "1", "--store", store], home: home.path)
        #expect(same.contains("Already reserved"))
        let other = try OnePoolBinary.run(
            ["reserve", "--channel", "shopify", "--order", "R1", "MUG", "2", "--store", store], home: home.path)
        #expect(other.status == 1)
        #expect(other.stderr.contains("was reserved with other facts"))
    }

    @Test func anImportListsItsAmendments() throws {
        let (home, store) = try store()
        let header = "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"
        let first = home.child("first.csv")
        let edited = home.child("edited.csv")
        try (header + "shopify,1,1,MUG,2,12.00,2024-05-02T10:00:00Z,open\n").write(
            toFile: first, atomically: true, encoding: .utf8)
        try (header + "shopify,1,1,MUG,4,12.00,2024-05-02T10:00:00Z,open\n").write(
            toFile: edited, atomically: true, encoding: .utf8)
        try OnePoolBinary.succeed(["import", first, "--store", store], home: home.path)
        let output = try OnePoolBinary.succeed(["import", edited, "--store", store], home: home.path)
        #expect(output.contains("amended 1, unchanged 0"))
        #expect(output.contains("amended shopify/1#1 (\(edited):2): 2 × MUG @ 12.00 → 4 × MUG @ 12.00"))
        #expect(try Store.open(at: store).state.stock("MUG")?.committed == 4)
        let again = try OnePoolBinary.succeed(["import", edited, "--store", store], home: home.path)
        #expect(again.contains("amended 0, unchanged 1"))
        #expect(again.contains("0 event(s) written"))
    }
}
