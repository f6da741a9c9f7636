import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// import, map, publish and channel set as an operator runs them: the real binary on a real store.
@Suite struct ChannelCommandTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-channels")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store, "--time-zone", "UTC"], home: home.path)
        for name in ["shopify", "amazon", "till"] {
            try OnePoolBinary.succeed(["channel", "add", name, "--store", store], home: home.path)
        }
        let catalogue = home.child("catalogue.csv")
        try "sku,title,cost,price,on_hand\nMUG,Mug,3.00,12.00,50\nBOX,Box,1.00,4.00,10\n".write(
            toFile: catalogue, atomically: true, encoding: .utf8)
        try OnePoolBinary.succeed(
            ["import", catalogue, "--as-of", "2024-05-01T00:00:00Z", "--store", store], home: home.path)
        return (home, store)
    }

    private func write(_ text: String, _ name: String, in home: TemporaryDirectory) throws -> String {
        let path = home.child(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let header = "channel,order_id,line,sku,qty,unit_price,placed_at,status\n"

    @Test func aBadFileIsRefusedWholeWithEveryProblemAndWritesNothing() throws {
        let (home, store) = try store()
        let path = try write(
            Self.header
                + "till,1,1,MUG,2,12.00,2024-05-02,open\ntill,2,1,MUG,two,12.00,2024-05-02,open\ntill,3,1,MUG,-1,12.00,2024-05-02,open\n",
            "bad.csv", in: home)
        let before = try Store.open(at: store).state.lastSequence
        let result = try OnePoolBinary.run(["import", path, "--channel", "till", "--store", store], home: home.path)
        #expect(result.status != 0)
        let two = "qty: expected a whole number of units (1–10000000 units), found 'two'"
        #expect(result.stderr.contains("bad.csv:3:5: " + two))
        #expect(result.stderr.contains("bad.csv:4:5: qty: expected 1–10000000 units, found -1"))
        #expect(try Store.open(at: store).state.lastSequence == before)
    }

    @Test func skipBadAppliesTheGoodRowsAndWritesTheRejects() throws {
        let (home, store) = try store()
        let path = try write(
            Self.header + "till,1,1,MUG,2,12.00,2024-05-02,open\ntill,2,1,MUG,two,12.00,2024-05-02,open\n", "mixed.csv",
            in: home)
        let result = try OnePoolBinary.run(
            ["import", path, "--channel", "till", "--skip-bad", "--store", store], home: home.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Store.open(at: store).state.stock("MUG")?.committed == 2)
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        #expect(
            rejects.contains(
                "3,\"qty: expected a whole number of units (1–10000000 units), found 'two'\","
                    + "till,2,1,MUG,two"))
    }

    @Test func dryRunWritesNothingAndTheSameFileTwiceChangesNothing() throws {
        let (home, store) = try store()
        let path = try write(Self.header + "till,1,1,MUG,2,12.00,2024-05-02,open\n", "orders.csv", in: home)
        let before = try Store.open(at: store).state.lastSequence
        let dry = try OnePoolBinary.succeed(
            ["import", path, "--channel", "till", "--dry-run", "--store", store], home: home.path)
        #expect(dry.contains("Dry run"))
        #expect(try Store.open(at: store).state.lastSequence == before)
        try OnePoolBinary.succeed(["import", path, "--channel", "till", "--store", store], home: home.path)
        let after = try Store.open(at: store).state.lastSequence
        let again = try OnePoolBinary.succeed(["import", path, "--channel", "till", "--store", store], home: home.path)
        #expect(again.contains("0 event(s) written"))
        #expect(try Store.open(at: store).state.lastSequence == after)
    }

    @Test func unmappedLinesWaitAndMappingAppliesThem() throws {
        let (home, store) = try store()
        let path = try write(Self.header + "till,1,1,MUG-6PK,1,60.00,2024-05-02,open\n", "orders.csv", in: home)
        try OnePoolBinary.succeed(["import", path, "--channel", "till", "--store", store], home: home.path)
        let queue = try OnePoolBinary.succeed(
            ["map", "list", "--unmapped", "--format", "csv", "--store", store], home: home.path)
        #expect(queue.contains("till,MUG-6PK,1,1"))
        let mapped = try OnePoolBinary.succeed(
            ["map", "till", "MUG-6PK", "MUG", "--pack", "6", "--store", store], home: home.path)
        #expect(mapped.contains("applied 1 waiting line"))
        #expect(try Store.open(at: store).state.stock("MUG")?.committed == 6)
    }

    @Test func publishWritesTheChannelsFileAndThenOnlyChanges() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(
            ["channel", "set", "amazon", "--priority", "1", "--cap", "20", "--store", store], home: home.path)
        let out = home.child("amazon.txt")
        try OnePoolBinary.succeed(["publish", "--channel", "amazon", "--out", out, "--store", store], home: home.path)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.hasPrefix("sku\tprice\t"))
        #expect(text.contains("MUG\t\t\t\t20\t\t"))
        #expect(text.contains("BOX\t\t\t\t10\t\t"))
        try OnePoolBinary.succeed(["publish", "--channel", "amazon", "--out", out, "--store", store], home: home.path)
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 1)
        // The pool shrinks: amazon is over-exposed until the next publish.
        try OnePoolBinary.succeed(["adjust", "MUG", "-40", "--reason", "breakage", "--store", store], home: home.path)
        let over = try OnePoolBinary.succeed(
            ["allocation", "MUG", "--over-exposed", "--format", "csv", "--store", store], home: home.path)
        #expect(over.contains("amazon") && over.contains("OVER"))
    }

    /// A Shopify export with an order twice: the import finds it at the end of its first read
    /// (what recognises repeats is spilled to a scratch file) and reads the file again to refuse
    /// it by its lines; with --skip-bad the rest is written. A TMPDIR that does not exist changes
    /// nothing (a file this small never fills a chunk; `RepeatSpillTests` covers a failed one).
    @Test func aShopifyOrderTwiceIsRefusedAfterASecondRead() throws {
        let (home, store) = try store()
        let path = try write(
            "Name,Created at,Lineitem quantity,Lineitem sku,Lineitem price,Id\n"
                + "#1,2024-05-02 10:00:00 +0000,2,MUG,12.00,11\n#2,2024-05-02 11:00:00 +0000,1,MUG,12.00,12\n"
                + "#1,2024-05-02 12:00:00 +0000,1,MUG,12.00,13\n#1,,1,BOX,4.00,\n",
            "orders.csv", in: home)
        let before = try Store.open(at: store).state.lastSequence
        let refusal = "order #1 appears twice in this file (first on line 2); expected each order once"
        for scratch in [home.path, home.child("no-such-directory")] {
            let result = try OnePoolBinary.run(
                ["import", path, "--channel", "shopify", "--store", store], home: home.path,
                extra: ["TMPDIR": scratch])
            #expect(result.status != 0)
            #expect(result.stderr.contains("orders.csv:4:1: Name: " + refusal), "\(result.stderr)")
            #expect(result.stderr.contains("orders.csv:5:1: Name: " + refusal))
            #expect(try Store.open(at: store).state.lastSequence == before)
            // The scratch file is unlinked as soon as it is made.
            let left = try FileManager.default.contentsOfDirectory(atPath: home.path)
            #expect(!left.contains { $0.hasPrefix("onepool-import-") })
        }
        let skipping = try OnePoolBinary.run(
            ["import", path, "--channel", "shopify", "--skip-bad", "--store", store], home: home.path)
        #expect(skipping.status == 0, "\(skipping.stderr)")
        #expect(try Store.open(at: store).state.stock("MUG")?.committed == 3)
        let rejects = try String(contentsOfFile: path + ".rejects.csv", encoding: .utf8)
        #expect(rejects.contains(refusal))
    }
}
