import Foundation
import OnePoolCore
import OnePoolStore
import OnePoolTestSupport
import Testing

/// Issue 18 through the real binary: the store's settings as journalled events, `briefing
/// --explain ID`, and point-in-time views (`stock --at`, `allocation --at`, `briefing --date`)
/// that read a typed time in the store's zone.
@Suite struct BriefingMoneyCommandTests {
    private func run(
        _ arguments: [String], _ home: TemporaryDirectory, _ store: String, at now: String = "2026-11-27T12:00:00Z"
    ) throws -> OnePoolBinary.Result {
        try OnePoolBinary.run(arguments + ["--store", store], home: home.path, extra: ["ONEPOOL_NOW": now])
    }

    @discardableResult
    private func succeed(
        _ arguments: [String], _ home: TemporaryDirectory, _ store: String, at now: String = "2026-11-27T12:00:00Z"
    ) throws -> String {
        let result = try run(arguments, home, store, at: now)
        guard result.status == 0 else {
            throw OnePoolBinary.Failure(description: "onepool \(arguments.joined(separator: " ")): \(result.stderr)")
        }
        return result.stdout
    }

    /// shopify; MUG (cost 3.10, price 12.00) with 10 on hand, 13 sold: 3 oversold on one line.
    private func oversoldStore(zone: String = "UTC") throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-briefing-money")
        let store = home.child("store")
        try succeed(["init", "--time-zone", zone], home, store)
        try succeed(["channel", "add", "shopify"], home, store)
        try succeed(["sku", "add", "MUG", "--title", "Mug", "--cost", "3.10", "--price", "12.00"], home, store)
        try succeed(["receive", "MUG", "10"], home, store)
        try succeed(["sell", "--channel", "shopify", "--order", "S1", "MUG", "10"], home, store)
        try succeed(["sell", "--channel", "shopify", "--order", "S2", "MUG", "3"], home, store)
        return (home, store)
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func eventCount(_ store: String) throws -> UInt64 { try Store.open(at: store).state.lastSequence }

    @Test func settingsAreJournalledNoOpsWriteNothingAndRangesAreChecked() throws {
        let (home, store) = try oversoldStore()
        let shown = try json(try succeed(["settings", "--format", "json"], home, store))
        #expect(shown["horizon_days"] as? Int == 30)
        #expect(shown["carrying_rate"] as? String == "25%")
        #expect(shown["default_margin"] as? String == "40%")

        let before = try eventCount(store)
        let set = try succeed(
            ["settings", "set", "--horizon", "45", "--carrying-rate", "22.5%", "--cancellation-penalty", "7.50"], home,
            store)
        #expect(set.contains("horizon 45 d, cancellation penalty 7.50, carrying rate 22.5%/year, default margin 40%"))
        #expect(try eventCount(store) == before + 1)
        let again = try succeed(["settings", "set", "--horizon", "45"], home, store)
        #expect(again.contains("Nothing changed"))
        #expect(try eventCount(store) == before + 1, "a no-op writes no event")
        let log = try succeed(["log", "--kind", "settings-set", "--format", "csv"], home, store)
        #expect(log.contains("store settings: horizon 45 d"))

        // Out of range: refused where typed, saying the range, nothing written.
        let far = try run(["settings", "set", "--horizon", "400"], home, store)
        #expect(far.status == 64 && far.stderr.contains("expected 1–365 days"))
        let fine = try run(["settings", "set", "--default-margin", "12.345"], home, store)
        #expect(fine.status == 64 && fine.stderr.contains("at most two decimals"))
        let empty = try run(["settings", "set"], home, store)
        #expect(empty.status == 64 && empty.stderr.contains("nothing to set"))
        #expect(try eventCount(store) == before + 1)

        // The briefing prices with them (3 × 8.90 + 1 line × 7.50), and a snapshot keeps them.
        let briefing = try json(try succeed(["briefing", "--format", "json"], home, store))
        let items = try #require(briefing["items"] as? [[String: Any]])
        let oversold = try #require(items.first { $0["id"] as? String == "oversold:MUG" })
        #expect(oversold["money"] as? Double == 34.2)
        #expect((briefing["money"] as? String)?.contains("over the next 45 days") == true)
        try succeed(["snapshot"], home, store)
        #expect(try Store.open(at: store).state.settings.horizonDays == 45)
    }

    @Test func explainShowsTheInputsAndTheRuleOfAnItemByItsId() throws {
        let (home, store) = try oversoldStore()
        let text = try succeed(["briefing"], home, store)
        #expect(text.contains("Oversold: MUG — 31.70  (oversold:MUG)"), "3 × 8.90 + 5.00")
        let explained = try succeed(["briefing", "--explain", "oversold:MUG"], home, store)
        #expect(explained.contains("oversold units × unit margin + cancellation penalty × lines to cancel"))
        #expect(explained.contains("unit margin MUG") && explained.contains("price − cost = 12.00 − 3.10"))
        #expect(explained.contains("3 × 8.90"))
        #expect(explained.contains("horizon") && explained.contains("`onepool settings set`"), "where settings change")
        let document = try json(
            try succeed(["briefing", "--explain", "oversold:MUG", "--format", "json"], home, store))
        #expect(document["money"] as? Double == 31.7)
        #expect(document["id"] as? String == "oversold:MUG")
        let steps = try #require(document["steps"] as? [[String: Any]])
        #expect(steps.contains { $0["name"] as? String == "penalties" && $0["value"] as? String == "5.00" })

        let unknown = try run(["briefing", "--explain", "oversold:NOPE"], home, store)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no such item") && unknown.stderr.contains("oversold:MUG"))
    }

    /// Events 1–3 at 08:00 UTC (channels, SKU), then 09:00 received 10, 10:00 sold 4 (event 5),
    /// 11:00 received 5.
    private func timedStore(zone: String) throws -> (TemporaryDirectory, String) {
        let home = TemporaryDirectory("onepool-at")
        let store = home.child("store")
        try succeed(["init", "--time-zone", zone], home, store, at: "2026-11-27T08:00:00Z")
        try succeed(["channel", "add", "shopify"], home, store, at: "2026-11-27T08:00:00Z")
        try succeed(["channel", "add", "ebay"], home, store, at: "2026-11-27T08:00:00Z")
        try succeed(
            ["sku", "add", "MUG", "--title", "Mug", "--price", "12.00"], home, store, at: "2026-11-27T08:00:00Z")
        try succeed(["receive", "MUG", "10"], home, store, at: "2026-11-27T09:00:00Z")
        try succeed(
            ["sell", "--channel", "ebay", "--order", "E1", "MUG", "4"], home, store, at: "2026-11-27T10:00:00Z")
        try succeed(["receive", "MUG", "5"], home, store, at: "2026-11-27T11:00:00Z")
        return (home, store)
    }

    @Test func stockAndAllocationAtATimeFoldTheJournalUpToIt() throws {
        let (home, store) = try timedStore(zone: "UTC")
        let at = try succeed(["stock", "--at", "2026-11-27 10:30"], home, store)
        #expect(
            at.contains(
                "As of 2026-11-27 10:30:00 (UTC): events 1–5, the last included recorded 2026-11-27 10:00:00."))
        let document = try json(
            try succeed(["stock", "--at", "2026-11-27T10:30:00Z", "--format", "json"], home, store))
        #expect(document["last_sequence"] as? Int == 5)
        let row = try #require((document["rows"] as? [[String: Any]])?.first)
        #expect(row["on_hand"] as? Int == 10 && row["committed"] as? Int == 4)
        // Now: 15 on hand; before anything was received: nothing.
        let now = try #require(try Store.open(at: store).state.stock("MUG"))
        #expect(now.onHand == 15)
        let early = try succeed(["stock", "--at", "2026-11-27 08:30", "--format", "csv"], home, store)
        #expect(early.contains("MUG,Mug,0,0,0,0,0,0,0,OUT"))
        let allocation = try json(
            try succeed(["allocation", "--at", "2026-11-27 10:30", "--format", "json"], home, store))
        let ebay = try #require((allocation["rows"] as? [[String: Any]])?.first { $0["channel"] as? String == "ebay" })
        #expect(ebay["committed"] as? Int == 4)
        let bad = try run(["stock", "--at", "yesterday-ish"], home, store)
        #expect(bad.status == 1 && bad.stderr.contains("--at 'yesterday-ish' is not a date or time"))
    }

    /// One date reading, one zone rule: a store nine hours west of UTC (issue 13 point 4).
    @Test func aDateMeansTheStoresDayInEveryVerb() throws {
        let home = TemporaryDirectory("onepool-zone")
        let store = home.child("store")
        let zone = "Pacific/Marquesas"  // UTC−9:30, no daylight saving
        try succeed(["init", "--time-zone", zone], home, store, at: "2026-11-27T10:00:00Z")
        try succeed(["channel", "add", "shopify"], home, store, at: "2026-11-27T10:00:00Z")
        try succeed(
            ["sku", "add", "MUG", "--title", "Mug", "--price", "12.00", "--cost", "3.10"], home, store,
            at: "2026-11-27T10:00:00Z")
        try succeed(["receive", "MUG", "10"], home, store, at: "2026-11-27T10:00:00Z")
        // 2026-11-28 08:00 UTC is still the 27th (22:30) in the store's zone.
        try succeed(
            ["sell", "--channel", "shopify", "--order", "S1", "MUG", "12"], home, store, at: "2026-11-28T08:00:00Z")
        // 2026-11-28 10:00 UTC is the 28th (00:30) there.
        try succeed(["receive", "MUG", "5"], home, store, at: "2026-11-28T10:00:00Z")

        let day = try json(
            try succeed(["stock", "--at", "2026-11-27", "--format", "json"], home, store, at: "2026-11-29T00:00:00Z"))
        #expect(day["last_sequence"] as? Int == 4, "the sale at 22:30 on the 27th is in the 27th")
        let briefing = try json(
            try succeed(
                ["briefing", "--date", "2026-11-27", "--format", "json"], home, store, at: "2026-11-29T00:00:00Z"))
        #expect(briefing["last_sequence"] as? Int == 4)
        #expect(briefing["date"] as? String == "2026-11-27")
        let ids = (briefing["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains("oversold:MUG"), "as the 27th ended, 12 sold of 10")
        let since = try succeed(
            ["log", "--since", "2026-11-28", "--format", "csv"], home, store, at: "2026-11-29T00:00:00Z")
        #expect(since.contains("MUG received 5") && !since.contains("placed"))
    }
}
