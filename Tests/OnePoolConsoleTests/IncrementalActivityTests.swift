import OnePoolConsole
import OnePoolCore
import OnePoolTestSupport
import Testing

/// The activity is kept as news arrives (new items in at the front, the oldest out at the back,
/// the kinds counted), in the data and in the pane: after any walk of news it must be exactly
/// what rebuilding both from the journal gives.
@Suite struct IncrementalActivityTests {
    @Test(arguments: [1, 2, 3])
    func newsGivesTheActivityAFullRebuildGives(seed: Int) {
        var stock = StockState()
        var journal: [Event] = []
        for event in ConsoleFixture.events() {
            stock.apply(event)
            journal.append(event)
        }
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = ConsoleProgram.send(&state, .keyPressed(.char("4")))
        var random = SplitMix64(seed: UInt64(seed))
        let codes = stock.skuCodes
        var trimmed = false
        var filtered = 0
        // Past the limit, so the oldest items leave; batches of 1 to 400 events.
        while journal.count < ConsoleData.activityLimit + 1_500 {
            var batch: [Event] = []
            for _ in 0..<Int.random(in: 1...400, using: &random) {
                let code = codes[Int.random(in: 0..<codes.count, using: &random)]
                let time = Timestamp(millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000)
                let change: Change =
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: .received(sku: code, quantity: 1, reference: nil, fromIncoming: 0)
                    case 1: .safetySet(sku: code, quantity: Int.random(in: 0...3, using: &random))
                    default: .adjusted(sku: code, delta: 1, reason: "count")
                    }
                guard (try? stock.check(change)) != nil else { continue }
                let event = Event(sequence: stock.lastSequence + 1, time: time, actor: "script", change: change)
                stock.apply(event)
                batch.append(event)
            }
            journal += batch
            _ = ConsoleProgram.send(&state, .journalAppended(batch, stock))
            // Now and then another kind is shown, or the selection moves off the newest event.
            switch Int.random(in: 0..<6, using: &random) {
            case 0: _ = ConsoleProgram.send(&state, .keyPressed(.char("K")))
            case 1: _ = ConsoleProgram.send(&state, .keyPressed(.down))
            case 2: _ = ConsoleProgram.send(&state, .keyPressed(.pageDown))
            default: break
            }
            let data = state.data
            let newest = Array(journal.suffix(ConsoleData.activityLimit).reversed())
            #expect(data.activity.map(\.sequence) == newest.map(\.sequence), "the data's activity")
            #expect(data.activityKinds == Set(data.activity.map(\.kind)).sorted(), "the kinds")
            var fresh = ConsoleState(data: data, width: 120, height: 40, pane: .activity)
            fresh.activity.kind = state.activity.kind
            fresh.refreshDerived()
            #expect(
                Array(state.activity.items) == Array(fresh.activity.items),
                "the pane, kind \(state.activity.kind ?? "all")")
            #expect(state.activity.kinds == fresh.activity.kinds)
            if let selected = state.activity.selected { #expect(state.activity.items.contains(selected)) }
            trimmed = trimmed || journal.count > ConsoleData.activityLimit
            if state.activity.kind != nil { filtered += 1 }
        }
        #expect(trimmed)
        #expect(filtered > 0, "the walk must have shown one kind, or it tested no filter")
    }
}
