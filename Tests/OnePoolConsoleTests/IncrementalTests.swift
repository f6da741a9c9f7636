import OnePoolConsole
import OnePoolCore
import OnePoolTestSupport
import Testing

/// Journal news updates only the rows it touched: the stock list, the alerts and the totals must
/// come out exactly as a full rebuild from the same data would.
@Suite struct IncrementalTests {
    @Test(arguments: [StockColumn.sku, .available, .sold30, .title, .onHand], [false, true])
    func newsGivesWhatAFullRebuildGives(sort: StockColumn, descending: Bool) {
        var state = ConsoleFixture.state(width: 120, height: 40)
        var stock = StockState()
        for event in ConsoleFixture.events() { stock.apply(event) }
        _ = ConsoleProgram.send(&state, .keyPressed(.char("2")))
        state.stock.sort = sort
        state.stock.descending = descending
        state.refreshDerived()
        var random = SplitMix64(seed: UInt64(sort.rawValue * 2 + (descending ? 1 : 0)))
        let codes = stock.skuCodes
        for step in 0..<60 {
            let code = codes[Int.random(in: 0..<codes.count, using: &random)]
            let time = Timestamp(
                millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000 + Int64(step) * 1000)
            let change: Change
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                change = .received(
                    sku: code, quantity: Int.random(in: 1...30, using: &random), reference: nil, fromIncoming: 0)
            case 1: change = .held(sku: code, quantity: 1, reason: "test")
            default:
                change = .orderPlaced(
                    OrderLineFacts(
                        id: OrderLineID(channel: "shopify", order: "news-\(step)", line: 1), sku: code,
                        quantity: Int.random(in: 1...40, using: &random), unitPrice: Money(cents: 500), time: time))
            }
            guard (try? stock.check(change)) != nil else { continue }
            let event = Event(sequence: stock.lastSequence + 1, time: time, actor: "script", change: change)
            stock.apply(event)
            _ = ConsoleProgram.send(&state, .journalAppended([event], stock))
            var fresh = ConsoleState(data: state.data, width: 120, height: 40, pane: .stock)
            fresh.stock.sort = sort
            fresh.stock.descending = descending
            fresh.refreshDerived()
            #expect(state.stock.visible == fresh.stock.visible, "step \(step): stock list")
            #expect(state.alerts.alerts == fresh.alerts.alerts, "step \(step): alerts")
        }
        let recount = ConsoleData(storeName: "x", state: stock, today: ConsoleFixture.today, utcOffsetSeconds: 0)
        #expect(state.data.totalOnHand == recount.totalOnHand)
        #expect(state.data.totalAvailable == recount.totalAvailable)
        #expect(state.data.oversoldCount == recount.oversoldCount)
        #expect(state.data.openByChannel == recount.openByChannel)
    }
}
