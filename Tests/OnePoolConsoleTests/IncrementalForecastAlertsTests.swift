import OnePoolConsole
import OnePoolCore
import OnePoolTestSupport
import Testing

/// A forecast update of a few SKUs re-judges only their rows' alerts (the stock-out forecast and
/// the other alerts read a row's own forecast): the alerts pane must come out exactly as a full
/// rebuild from the same data gives it, update after update, and alongside journal news.
@Suite struct IncrementalForecastAlertsTests {
    @Test(arguments: [1, 2, 3])
    func aForecastUpdateGivesWhatAFullRebuildGives(seed: Int) throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        var stock = StockState()
        for event in ConsoleFixture.events() { stock.apply(event) }
        _ = ConsoleProgram.send(&state, .keyPressed(.char("3")))
        state.refreshDerived()
        let forecasts = state.data.forecasts
        let codes = forecasts.keys.sorted()
        try #require(codes.count >= 4, "the fixture has forecasts")
        var random = SplitMix64(seed: UInt64(seed))
        var moved = 0
        for step in 0..<40 {
            let before = state.alerts.alerts
            if step % 5 == 4 {
                // Journal news between updates: the pane's news path and its forecast path alternate.
                let code = codes[Int.random(in: 0..<codes.count, using: &random)]
                let change = Change.held(sku: code, quantity: 1, reason: "test")
                guard (try? stock.check(change)) != nil else { continue }
                let time = Timestamp(
                    millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000 + Int64(step) * 1000)
                let event = Event(sequence: stock.lastSequence + 1, time: time, actor: "script", change: change)
                stock.apply(event)
                _ = ConsoleProgram.send(&state, .journalAppended([event], stock))
            } else {
                // A few SKUs forecast again: each takes another SKU's forecast, so its alerts move.
                var summaries: [SKUCode: ForecastSummary] = [:]
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    let code = codes[Int.random(in: 0..<codes.count, using: &random)]
                    let other = codes[Int.random(in: 0..<codes.count, using: &random)]
                    summaries[code] = forecasts[other]
                }
                let update = Message.forecastsUpdated(summaries, items: BriefingItemsChange(), current: stock)
                _ = ConsoleProgram.send(&state, update)
            }
            var fresh = ConsoleState(data: state.data, width: 120, height: 40, pane: .alerts)
            fresh.refreshDerived()
            #expect(state.alerts.alerts == fresh.alerts.alerts, "step \(step): alerts")
            if before != state.alerts.alerts { moved += 1 }
        }
        // The updates did move alerts (else the comparison above proves little).
        #expect(moved >= 5, "alerts moved at \(moved) steps")
    }
}
