import OnePoolConsole
import OnePoolCore
import OnePoolTestSupport
import Testing

/// Journal news re-judges starvation only for the SKUs it touched (and for every SKU when a
/// channel rule or a listing changes): the briefing must come out exactly as a full rebuild from
/// the same state gives it.
@Suite struct IncrementalBriefingTests {
    @Test(arguments: [1, 2, 3])
    func newsGivesTheBriefingAFullRebuildGives(seed: Int) {
        var stock = StockState()
        for event in ConsoleFixture.events() { stock.apply(event) }
        var data = ConsoleData(storeName: "x", state: stock, today: ConsoleFixture.today, utcOffsetSeconds: 0)
        var random = SplitMix64(seed: UInt64(seed))
        let codes = stock.skuCodes
        var starvedSeen = 0
        var oversoldSeen = 0
        for step in 0..<80 {
            let code = codes[Int.random(in: 0..<codes.count, using: &random)]
            let time = Timestamp(
                millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000 + Int64(step) * 1000)
            let change: Change
            switch Int.random(in: 0..<9, using: &random) {
            case 0:
                let quantity = Int.random(in: 1...30, using: &random)
                change = .received(sku: code, quantity: quantity, reference: nil, fromIncoming: 0)
            case 1: change = .held(sku: code, quantity: Int.random(in: 1...5, using: &random), reason: "test")
            case 2:
                // Changes every SKU's verdict: the console must judge them all again.
                let rule = ChannelRule(
                    priority: Int.random(in: 1...5, using: &random),
                    cap: .percent(Int.random(in: 0...100, using: &random)))
                change = .channelConfigured(name: "ebay", settings: ChannelSettings(rule: rule, format: .generic))
            case 3:
                // A marketplace listing of its own id mapped to the SKU: every verdict is judged
                // again (the ledger keeps the explicit listings it read).
                let channel: ChannelName = Bool.random(using: &random) ? "amazon" : "ebay"
                // Its id either its own, or another SKU's code (which that SKU then no longer lists).
                let other = codes[Int.random(in: 0..<codes.count, using: &random)]
                let id = Bool.random(using: &random) ? "L-\(Int.random(in: 0..<40, using: &random))" : other.rawValue
                change = .listingMapped(ListingKey(channel: channel, listing: id), ListingMapping(sku: code))
            case 6:
                // Takes units away: the SKU may become oversold (its oversold item is per SKU).
                change = .adjusted(sku: code, delta: -Int.random(in: 1...60, using: &random), reason: "test")
            case 7:
                // Prices every oversell again (the penalty is part of each).
                var settings = stock.settings
                settings.cancellationPenalty = Money(cents: Int64(Int.random(in: 0...2_000, using: &random)))
                change = .storeSettingsSet(settings)
            default:
                change = .orderPlaced(
                    OrderLineFacts(
                        id: OrderLineID(channel: "shopify", order: "brief-\(step)", line: 1), sku: code,
                        quantity: Int.random(in: 1...40, using: &random), unitPrice: Money(cents: 500), time: time))
            }
            guard (try? stock.check(change)) != nil else { continue }
            let event = Event(sequence: stock.lastSequence + 1, time: time, actor: "script", change: change)
            stock.apply(event)
            data.absorb([event], state: stock)
            var fresh = ConsoleData(
                storeName: "x", state: stock, today: ConsoleFixture.today, utcOffsetSeconds: 0, deferSecondary: true)
            fresh.now = data.now
            fresh.loadSecondary(stock)
            #expect(data.briefing == fresh.briefing, "step \(step): \(change.kind)")
            for item in fresh.briefing { #expect(data.briefingItem(item.id) == item, "step \(step): \(item.id)") }
            starvedSeen += data.briefing.filter { $0.kind == .starved }.count
            oversoldSeen += data.briefing.filter { $0.kind == .oversold }.count
        }
        // The walk must have met starved channels, or it tested nothing about them.
        #expect(starvedSeen > 0)
        #expect(oversoldSeen > 0)
    }
}
