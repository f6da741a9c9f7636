import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// `onepool bundle` as an operator runs it: each refusal says why and writes nothing.
@Suite struct BundleCommandTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-bundles")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store, "--time-zone", "UTC"], home: home.path)
        try OnePoolBinary.succeed(["channel", "add", "shopify", "--store", store], home: home.path)
        let catalogue = home.child("catalogue.csv")
        try "sku,title,cost,price,on_hand\nMUG,Mug,3.00,12.00,10\nTEA,Tea,1.00,5.00,7\nKIT,Kit,5.00,20.00,2\n"
            .write(toFile: catalogue, atomically: true, encoding: .utf8)
        try OnePoolBinary.succeed(
            ["import", catalogue, "--as-of", "2024-05-01T00:00:00Z", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            [
                "bundle", "add", "GIFT", "--title", "Gift", "--price", "24", "--component", "MUG:2", "--component",
                "TEA:1",
                "--store", store,
            ], home: home.path)
        return (home, store)
    }

    private func refused(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> String {
        let before = try Store.open(at: store).state.lastSequence
        let result = try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
        #expect(result.status != 0, "\(arguments) was accepted")
        #expect(try Store.open(at: store).state.lastSequence == before, "\(arguments) wrote something")
        return result.stderr
    }

    @Test func aBundleShowsWhatItsComponentsMakeInStockAndShow() throws {
        let (home, store) = try store()
        let stock = try OnePoolBinary.succeed(["stock", "GIFT", "--format", "csv", "--store", store], home: home.path)
        #expect(stock.contains("GIFT,Gift,0,0,0,0,0,0,5,BUNDLE,MUG × 2 + TEA × 1 (limited by MUG)"))
        let json = try OnePoolBinary.succeed(
            ["bundle", "show", "GIFT", "--format", "json", "--store", store], home: home.path)
        #expect(json.contains("\"available\": 5") && json.contains("\"limiting\": \"MUG\""))
        let list = try OnePoolBinary.succeed(["bundle", "list", "--format", "csv", "--store", store], home: home.path)
        #expect(list.contains("GIFT,Gift,MUG × 2 + TEA × 1,5,MUG"))
        try OnePoolBinary.succeed(
            ["sell", "GIFT", "2", "--channel", "shopify", "--order", "1", "--store", store], home: home.path)
        let state = try Store.open(at: store).state
        #expect(state.stock("MUG")?.committed == 4 && state.stock("TEA")?.committed == 2)
        #expect(state.bundleStock("GIFT")?.available == 3)
    }

    @Test func eachRefusalSaysWhyAndWritesNothing() throws {
        let (home, store) = try store()
        #expect(
            try refused(["bundle", "add", "DUO", "--title", "Duo", "--component", "NOPE:1"], home, store)
                .contains("unknown SKU 'NOPE'"))
        #expect(
            try refused(["bundle", "add", "DUO", "--title", "Duo", "--component", "GIFT:1"], home, store)
                .contains("component GIFT is itself a bundle"))
        #expect(
            try refused(["bundle", "add", "KIT", "--component", "MUG:1"], home, store)
                .contains("has stock of its own (on hand 2)"))
        #expect(
            try refused(["bundle", "add", "DUO", "--title", "Duo", "--component", "MUG:0"], home, store)
                .contains("expected 1–1000 units per bundle"))
        #expect(
            try refused(["bundle", "add", "DUO", "--title", "Duo", "--component", "MUG:1001"], home, store)
                .contains("expected 1–1000 units per bundle"))
        #expect(
            try refused(["bundle", "add", "DUO", "--title", "Duo", "--component", "DUO:1"], home, store)
                .contains("lists itself"))
        #expect(
            try refused(["bundle", "add", "MUG", "--component", "TEA:1"], home, store)
                .contains("is a component of bundle GIFT"))
        #expect(try refused(["bundle", "add", "GIFT", "--component", "MUG:3"], home, store).contains("--replace"))
        #expect(try refused(["receive", "GIFT", "3"], home, store).contains("has no stock of its own"))
        #expect(try refused(["bundle", "add", "NEW", "--component", "MUG:1"], home, store).contains("--title"))
    }

    @Test func theSameRecipeAgainWritesNothingAndReplaceChangesIt() throws {
        let (home, store) = try store()
        let before = try Store.open(at: store).state.lastSequence
        let again = try OnePoolBinary.succeed(
            ["bundle", "add", "GIFT", "--component", "TEA:1", "--component", "MUG:2", "--store", store], home: home.path
        )
        #expect(again.contains("nothing written"))
        #expect(try Store.open(at: store).state.lastSequence == before)
        try OnePoolBinary.succeed(
            ["bundle", "add", "GIFT", "--component", "MUG:1", "--replace", "--store", store], home: home.path)
        #expect(try Store.open(at: store).state.bundles["GIFT"]?.text == "MUG × 1")
    }

    @Test func importIsAllOrNothingWithFileLineColumnErrors() throws {
        let (home, store) = try store()
        let bad = home.child("bad.csv")
        try "bundle,component,quantity\nDUO,MUG,1\nDUO,TEA,x\nTRIO,NOPE,1\nTRIO,GIFT,1\nGIFT,MUG,3\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let stderr = try refused(["bundle", "import", bad], home, store)
        #expect(
            stderr.contains(
                "bad.csv:3:3: quantity 'x' is not valid: expected a whole number of units per bundle, 1–1000"))
        // The file's own problems come first; the store's are checked once the file reads.
        let store2 = home.child("s2.csv")
        try "bundle,component,quantity\nTRIO,NOPE,1\nGIFT,MUG,3\n".write(
            toFile: store2, atomically: true, encoding: .utf8)
        try OnePoolBinary.succeed(["sku", "add", "TRIO", "--title", "Trio", "--store", store], home: home.path)
        let second = try refused(["bundle", "import", store2], home, store)
        #expect(second.contains("s2.csv:2:2: unknown SKU 'NOPE'"))
        #expect(second.contains("s2.csv:3:1: bundle GIFT is defined as MUG × 2 + TEA × 1 in the store"))
        let good = home.child("good.csv")
        try "bundle,component,quantity\nTRIO,MUG,1\nTRIO,TEA,2\nGIFT,MUG,2\nGIFT,TEA,1\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let out = try OnePoolBinary.succeed(["bundle", "import", good, "--store", store], home: home.path)
        #expect(out.contains("1 bundle(s) defined, 0 replaced, 1 unchanged"))
        #expect(try Store.open(at: store).state.bundles["TRIO"]?.text == "MUG × 1 + TEA × 2")
    }

    @Test func publishSendsTheBundleShareOfEachListing() throws {
        let (home, store) = try store()
        let out = try OnePoolBinary.succeed(
            ["publish", "--channel", "shopify", "--full", "--record", "--store", store], home: home.path)
        let state = try Store.open(at: store).state
        // MUG 10 shared by MUG alone and GIFT: GIFT ⌊5/2⌋ = 2 (TEA ⌊7/2⌋ = 3), MUG 10 − 4, TEA 7 − 2.
        #expect(state.published[ListingKey(channel: "shopify", listing: "GIFT")] == 2, "\(out)")
        #expect(state.published[ListingKey(channel: "shopify", listing: "MUG")] == 6)
        #expect(state.published[ListingKey(channel: "shopify", listing: "TEA")] == 5)
    }
}
