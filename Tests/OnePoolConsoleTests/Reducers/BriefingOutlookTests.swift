import OnePoolConsole
import OnePoolCore
import Testing

/// The console's briefing prices its state items (a PO awaiting approval, exposure, starved
/// channels) with the forecast outlook as soon as the forecasts arrive, as `onepool briefing`
/// does — not only at the next journal news.
@Suite struct BriefingOutlookTests {
    @Test func forecastsArrivingRepriceThePOAwaitingApproval() throws {
        var state = ConsoleState(data: ConsoleFixture.unpriced, width: 80, height: 24)
        let before = try #require(state.data.briefing.first { $0.kind == .awaitingApproval })
        #expect(before.why.contains("no forecast yet"), "the fixture's data was built before its forecasts")

        let forecasts = state.data.forecasts
        let items = state.data.briefing.filter { [.stockoutRisk, .overstock, .forecastMiss].contains($0.kind) }
        _ = ConsoleProgram.send(&state, .forecastsComputed(forecasts, briefing: items, current: ConsoleFixture.stock))

        let after = try #require(state.data.briefing.first { $0.id == before.id })
        #expect(!after.why.contains("no forecast yet"), "\(after.why)")
        // The same item `onepool briefing` makes from the same inputs and forecasts.
        let inputs = BriefingInputs(
            state: ConsoleFixture.stock, journal: state.data.briefingJournal, time: state.data.now)
        let board = Briefing.judgedItems(inputs, skus: forecasts.mapValues(\.outlook))
        let expected = try #require(board.first { $0.id == before.id })
        #expect(after.money == expected.money)
    }

    @Test func aStateBehindTheConsoleIsNotUsedToReprice() throws {
        var state = ConsoleState(data: ConsoleFixture.unpriced, width: 80, height: 24)
        let before = try #require(state.data.briefing.first { $0.kind == .awaitingApproval })
        _ = ConsoleProgram.send(&state, .forecastsComputed(state.data.forecasts, briefing: [], current: StockState()))
        let after = try #require(state.data.briefing.first { $0.id == before.id })
        #expect(after.money == before.money)
    }
}
