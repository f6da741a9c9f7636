import OnePoolConsole
import OnePoolCore
import Testing

@Suite struct LookupTests {
    private func results(typing text: String, in state: ConsoleState) -> [String] {
        var state = state
        _ = ConsoleProgram.send(&state, .keyPressed(.char("/")))
        for character in text { _ = ConsoleProgram.send(&state, .keyPressed(.character(character))) }
        return state.lookup?.results.map { state.data.rows[$0.row].code.rawValue } ?? []
    }

    /// Narrowing (searching only the previous matches) must find exactly what a fresh search of
    /// the whole catalogue finds — including after the cheap one-character pass.
    @Test(arguments: [
        "mu", "mug-", "ug", "sa", "bsk", "50000", "500000000100", "tin", "se te", "café", "日本", "-", "ba s",
    ])
    func narrowingFindsWhatAFreshSearchFinds(query: String) {
        let state = ConsoleFixture.state(width: 120, height: 40)
        let typed = results(typing: query, in: state)
        // A fresh search: paste the whole query at once by typing it after clearing.
        var fresh = state
        _ = ConsoleProgram.send(&fresh, .keyPressed(.char("/")))
        for character in query { _ = ConsoleProgram.send(&fresh, .keyPressed(.character(character))) }
        for _ in query { _ = ConsoleProgram.send(&fresh, .keyPressed(.backspace)) }
        for character in query { _ = ConsoleProgram.send(&fresh, .keyPressed(.character(character))) }
        #expect(typed == (fresh.lookup?.results.map { fresh.data.rows[$0.row].code.rawValue } ?? []))
        #expect(Set(typed) == Set(expectedMatches(query, state)), "\(query)")
    }

    /// What should match, computed plainly: every word of the query in the code, the title
    /// (lower-cased) or at the start of the barcode.
    private func expectedMatches(_ query: String, _ state: ConsoleState) -> [String] {
        let words = query.lowercased().split(separator: " ")
        return state.data.rows.filter { row in
            words.allSatisfy { word in
                row.code.rawValue.lowercased().contains(word) || row.title.lowercased().contains(word)
                    || (row.barcode ?? "").hasPrefix(word)
            }
        }.map(\.code.rawValue)
    }

    /// A channel listing id mapped to a SKU finds that SKU, as a barcode would.
    @Test func aChannelListingIDFindsItsSKU() {
        var stock = StockState()
        var history = DemandHistory(utcOffsetSeconds: 0)
        var events = ConsoleFixture.events()
        let last = events[events.count - 1]
        events.append(
            Event(
                sequence: last.sequence + 1, time: last.time, actor: "fixture",
                change: .listingMapped(
                    ListingKey(channel: "amazon", listing: "B0SAGE2PK"), ListingMapping(sku: "MUG-SAGE", pack: 2))))
        for event in events {
            stock.apply(event)
            history.record(event)
        }
        let data = ConsoleData(
            storeName: "Harbour Homewares", state: stock, today: ConsoleFixture.today, utcOffsetSeconds: 0)
        let state = ConsoleState(data: data, width: 120, height: 40)
        #expect(results(typing: "b0sage", in: state) == ["MUG-SAGE"])
        #expect(results(typing: "B0SAGE2PK", in: state) == ["MUG-SAGE"])
    }

    @Test func backspaceRestoresTheShorterQuerysResults() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = ConsoleProgram.send(&state, .keyPressed(.char("/")))
        for character in "mu" { _ = ConsoleProgram.send(&state, .keyPressed(.character(character))) }
        let twoLetters = state.lookup?.results.map(\.row)
        _ = ConsoleProgram.send(&state, .keyPressed(.character("g")))
        _ = ConsoleProgram.send(&state, .keyPressed(.backspace))
        #expect(state.lookup?.results.map(\.row) == twoLetters)
    }
}
