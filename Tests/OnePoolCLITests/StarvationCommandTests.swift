import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// The README's own walk-through starved amazon and `publish` would have taken every amazon
/// listing offline (issue 11): now `channel add|set` and `allocation` say so, the briefing
/// names it, publishing zeros to a channel never offered stock needs --allow-zero, printing
/// never records, and `--enable` / `--disable` exist.
@Suite struct StarvationCommandTests {
    private func store() throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-starved")
        let store = home.child("store")
        try OnePoolBinary.succeed(["init", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["channel", "add", "shopify", "--store", store], home: home.path)
        try OnePoolBinary.succeed(
            ["sku", "add", "MUG", "--title", "Mug", "--price", "12.00", "--store", store], home: home.path)
        try OnePoolBinary.succeed(["receive", "MUG", "50", "--store", store], home: home.path)
        return (home, store)
    }

    private func run(_ arguments: [String], _ home: TemporaryDirectory, _ store: String) throws -> OnePoolBinary.Result
    {
        try OnePoolBinary.run(arguments + ["--store", store], home: home.path)
    }

    private func journal(_ store: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: "\(store)/journal/00000001.opj"))
    }

    @Test func channelAddSetAndAllocationSayWhenAChannelIsStarved() throws {
        let (home, store) = try store()
        let added = try run(["channel", "add", "amazon"], home, store)
        #expect(added.stdout.contains("STARVED: amazon is offered 0 of 1 SKU(s) that have units (MUG)"))
        #expect(added.stdout.contains("served before it (shopify)"))
        let capped = try run(["channel", "set", "amazon", "--cap", "30%"], home, store)
        #expect(capped.stdout.contains("amazon                 0 →        0"))
        #expect(capped.stdout.contains("STARVED: amazon"))
        let allocation = try run(["allocation", "--format", "csv"], home, store)
        #expect(allocation.stdout.contains("MUG,50,amazon,2,0,15,0,0,,STARVED,0"))
        let briefing = try run(["briefing", "--format", "json"], home, store)
        #expect(briefing.stdout.contains("\"kind\": \"channel-starved\""))
        #expect(briefing.stdout.contains("\"subject\": \"amazon\""))
        let shared = try run(["channel", "set", "shopify", "--cap", "70%"], home, store)
        #expect(shared.stdout.contains("amazon                 0 →       15  (+15)"))
        #expect(!shared.stdout.contains("STARVED"))
    }

    @Test func publishRefusesToZeroAChannelNeverOfferedStock() throws {
        let (home, store) = try store()
        try OnePoolBinary.succeed(["channel", "add", "amazon", "--store", store], home: home.path)
        let before = try journal(store)
        let out = home.child("amazon.txt")
        let refused = try run(["publish", "--channel", "amazon", "--out", out], home, store)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("channel amazon has never been offered stock"))
        #expect(refused.stderr.contains("--allow-zero"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try journal(store) == before)
        // Asked for, the zeros are written and recorded.
        let allowed = try run(["publish", "--channel", "amazon", "--out", out, "--allow-zero"], home, store)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try Store.open(at: store).state.published[ListingKey(channel: "amazon", listing: "MUG")] == 0)
    }

    @Test func printingNeverRecordsAndOutOrRecordDoes() throws {
        let (home, store) = try store()
        let before = try journal(store)
        let printed = try run(["publish", "--channel", "shopify"], home, store)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("MUG"))
        #expect(printed.stderr.contains("not recorded"))
        #expect(try journal(store) == before)
        // Printing again prints the same: nothing was taken as sent.
        #expect(try run(["publish", "--channel", "shopify"], home, store).stdout == printed.stdout)
        let recorded = try run(["publish", "--channel", "shopify", "--record"], home, store)
        #expect(recorded.stdout == printed.stdout)
        #expect(try Store.open(at: store).state.published[ListingKey(channel: "shopify", listing: "MUG")] == 50)
        let contradiction = try run(["publish", "--channel", "shopify", "--record", "--dry-run"], home, store)
        #expect(contradiction.status == 1)
    }

    @Test func enableAndDisableAreTheFlagsTheHelpShows() throws {
        let (home, store) = try store()
        try run(["channel", "set", "shopify", "--disable"], home, store)
        #expect(try Store.open(at: store).state.channelSettings["shopify"]?.rule.enabled == false)
        try run(["channel", "set", "shopify", "--enable"], home, store)
        #expect(try Store.open(at: store).state.channelSettings["shopify"]?.rule.enabled == true)
        let both = try run(["channel", "set", "shopify", "--enable", "--disable"], home, store)
        #expect(both.status != 0)
        let old = try run(["channel", "set", "shopify", "--enable-enable"], home, store)
        #expect(old.status != 0)
        let help = try OnePoolBinary.run(["channel", "set", "--help"], home: home.path)
        #expect(
            help.stdout.contains("--enable") && help.stdout.contains("--disable")
                && !help.stdout.contains("--enable-enable"))
    }
}
