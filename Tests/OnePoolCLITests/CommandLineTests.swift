import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// The verbs as an operator or a script uses them: real binary, real store.
@Suite struct CommandLineTests {
    private func storeWithMug() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-cli")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store, "--time-zone", "UTC"], home: home.path)
        try OnePoolBinary.succeed(["channel", "add", "shopify", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            ["sku", "add", "MUG", "--title", "Blue mug", "--price", "12", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["receive", "MUG", "10", "--store", store], home: home.path)
        return (home, store)
    }

    @Test func theSameSaleTwiceIsRecordedOnce() throws {
        let (home, store) = try storeWithMug()
        let sale = ["sell", "--channel", "shopify", "--order", "1001", "MUG", "2", "--store", store]
        try OnePoolBinary.succeed(sale, home: home.path)
        let before = try Store.open(at: store).state.lastSequence
        let again = try OnePoolBinary.succeed(sale, home: home.path)
        #expect(again.contains("Already recorded"))
        let state = try Store.open(at: store).state
        #expect(state.lastSequence == before)
        #expect(state.stock("MUG")?.committed == 2)
    }

    @Test func anOversellIsRecordedAndReported() throws {
        let (home, store) = try storeWithMug()
        let result = try OnePoolBinary.run(
            ["sell", "--channel", "shopify", "--order", "9", "MUG", "12", "--store", store], home: home.path)
        #expect(result.status == 0)
        #expect(result.stderr.contains("OVERSOLD"))
        #expect(try Store.open(at: store).state.stock("MUG")?.available == -2)
    }

    @Test func reserveRefusesWithExitThreeAndRecordsNothing() throws {
        let (home, store) = try storeWithMug()
        let journal = "\(store)/journal/00000001.opj"
        let size = RawFile.size(journal)
        let result = try OnePoolBinary.run(
            ["reserve", "--channel", "shopify", "MUG", "11", "--store", store], home: home.path)
        #expect(result.status == 3)
        #expect(result.stderr.contains("10 available"))
        #expect(RawFile.size(journal) == size)
    }

    @Test(arguments: [
        (["receive", "NOPE", "3"], "unknown SKU 'NOPE'"),
        (["receive", "MUG", "-3"], "'<quantity>': expected 1–10000000 units"),
        (["receive", "MUG", "three"], "expected a whole number, 1–10000000 units"),
        (["count", "MUG", "4"], "--reason"),
        (["adjust", "MUG", "-20", "--reason", "lost"], "not enough on hand"),
        (["hold", "MUG", "2", "--reason", " "], "a reason is required"),
        (["sell", "--channel", "etsy", "--order", "1", "MUG", "1"], "unknown channel 'etsy'"),
        (["ship", "--channel", "shopify", "--order", "404"], "no open lines"),
        (["sku", "add", "MUG", "--title", "Again"], "already exists"),
        (["sku", "add", "NEW", "--title", "x", "--price", "12.345"], "--price"),
    ])
    func badInputIsRefusedInOneLineAndNothingIsWritten(arguments: [String], message: String) throws {
        let (home, store) = try storeWithMug()
        let journal = "\(store)/journal/00000001.opj"
        let size = RawFile.size(journal)
        let result = try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "stderr was: \(result.stderr)")
        #expect(RawFile.size(journal) == size)
    }

    @Test func noStoreSaysWhereItLookedAndHowToStart() throws {
        let home = TemporaryDirectory("onepool-cli")
        let overview = try OnePoolBinary.run([], home: home.path)
        #expect(overview.status == 0)
        #expect(overview.stdout.contains("\(home.path)/data/onepool/default"))
        #expect(overview.stdout.contains("onepool demo") && overview.stdout.contains("onepool init"))
        let stock = try OnePoolBinary.run(["stock"], home: home.path, extra: ["ONEPOOL_STORE": home.child("elsewhere")])
        #expect(stock.status != 0)
        #expect(stock.stderr.contains("no OnePool store at \(home.child("elsewhere"))"))
    }

    @Test func aStoreOfANewerFormatIsRefused() throws {
        let (home, store) = try storeWithMug()
        let metadataPath = "\(store)/onepool-store.json"
        let text = String(decoding: RawFile.bytes(metadataPath), as: UTF8.self).replacingOccurrences(
            of: "\"format\" : 1", with: "\"format\" : 7")
        RawFile.write(Array(text.utf8), to: metadataPath)
        let result = try OnePoolBinary.run(["stock", "--store", store], home: home.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("newer than this onepool understands"))
    }

    @Test func readVerbsSpeakTableCSVAndJSON() throws {
        let (home, store) = try storeWithMug()
        try OnePoolBinary.succeed(
            ["sell", "--channel", "shopify", "--order", "1", "MUG", "3", "--store", store], home: home.path)
        let table = try OnePoolBinary.succeed(["stock", "--store", store], home: home.path)
        #expect(table.contains("AVAILABLE") && table.contains("MUG"))
        let csv = try OnePoolBinary.succeed(["stock", "--format", "csv", "--store", store], home: home.path)
        #expect(csv.hasPrefix("sku,title,on_hand,committed,held,unsellable,safety,incoming,available,status"))
        #expect(csv.contains("MUG,Blue mug,10,3,0,0,0,0,7,"))
        let json = try OnePoolBinary.succeed(["stock", "--format", "json", "--store", store], home: home.path)
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(rows?.first?["available"] as? Int == 7)
        let log = try OnePoolBinary.succeed(
            ["log", "--sku", "MUG", "--format", "csv", "--store", store], home: home.path)
        #expect(log.contains("order-placed"))
    }

    @Test func csvCellsThatASpreadsheetWouldRunAreDefused() throws {
        let (home, store) = try storeWithMug()
        try OnePoolBinary.succeed(
            ["sku", "add", "EVIL", "--title", "=HYPERLINK(\"x\")", "--store", store], home: home.path)
        let csv = try OnePoolBinary.succeed(["sku", "list", "--format", "csv", "--store", store], home: home.path)
        #expect(csv.contains("'=HYPERLINK"))
    }

    @Test func doctorPassesOnAHealthyStoreAndFailsOnADamagedOne() throws {
        let (home, store) = try storeWithMug()
        #expect(try OnePoolBinary.run(["doctor", "--store", store], home: home.path).status == 0)
        RawFile.flipByte("\(store)/journal/00000001.opj", at: 60)
        let result = try OnePoolBinary.run(["doctor", "--store", store], home: home.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("damaged at byte"))
    }
}
