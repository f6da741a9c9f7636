// The background loader's side of forecasts, for the news measures with forecasts installed:
// what `BackgroundLoader` does after each news batch (forecast the touched SKUs again, make the
// whole forecast item list, send the message BranchAPI makes), run on the benchmark's thread
// but never timed as the UI's.

import BenchSupport
import OnePoolConsole
import OnePoolCore

struct ForecastFollower {
    var catalogue: CatalogueForecast
    var history: ReplenishmentHistory
    let today: Int

    /// The message the loader sends after `events` (nil: they touched no SKU).
    mutating func follow(_ events: [Event], state: StockState) -> Message? {
        var touched = Set<SKUCode>()
        for event in events {
            history.record(event)
            if let code = event.change.skuCode { touched.insert(code) }
        }
        guard !touched.isEmpty else { return nil }
        let changed = catalogue.update(touched, state: state, history: history, today: today)
        // As the loader: only the touched SKUs' items are made again.
        return .forecastsUpdated(
            changed, items: catalogue.briefingItemsChange(for: touched, state: state), current: state)
    }
}

/// A forecast update of `k` SKUs as the UI takes it: `k` order lines (one per SKU, absorbed
/// first, untimed), forecast again by the loader's side (untimed), then the loader's message
/// sent and a frame drawn, timed. `reps` times for each k, each from the console as the last left it.
func measureForecastUpdates(
    _ start: ConsoleState, stock startStock: StockState, follower startFollower: ForecastFollower, ks: [Int], reps: Int,
    seed: UInt64
) -> [(String, Samples)] {
    var result: [(String, Samples)] = []
    var random = SeededRandom(seed: seed)
    let rows = start.data.rows
    var state = start
    var stock = startStock
    var follower = startFollower
    var sequence = stock.lastSequence
    var order = 0
    for k in ks {
        var wall = Samples(), cpu = Samples(), loader = Samples(), moved = Samples()
        for rep in 0..<reps {
            var events: [Event] = []
            var picked = Set<Int>()
            while picked.count < min(k, rows.count) { picked.insert(random.below(rows.count)) }
            let time = Timestamp(
                millisecondsSince1970: (Int64(Shop.defaultToday) * 1440 + 15 * 60) * 60_000 + Int64(rep) * 1000)
            for index in picked.sorted() {
                let row = rows[index]
                sequence += 1
                order += 1
                let line = OrderLineFacts(
                    id: OrderLineID(channel: "shopify", order: "update-\(order)", line: 1), sku: row.code, quantity: 1,
                    unitPrice: row.price, time: time)
                let event = Event(sequence: sequence, time: time, actor: "import:shopify", change: .orderPlaced(line))
                stock.apply(event)
                events.append(event)
            }
            _ = ConsoleProgram.send(&state, .journalAppended(events, stock))
            var message: Message? = nil
            loader.add(timed { message = follower.follow(events, state: stock) }.cpu)
            guard let message else { continue }
            if case .forecastsUpdated(let changed, _, _) = message { moved.add(Double(changed.count)) }
            var screen: Screen? = nil
            let taken = timed {
                _ = ConsoleProgram.send(&state, message)
                screen = ConsoleView.render(state)
            }
            consume(screen!)
            wall.add(taken.wall)
            cpu.add(taken.cpu)
        }
        result.append(("forecast update of \(k) SKU(s) taken in + render (UI), briefing of \(state.data.briefing.count)", wall))
        result.append(("  the same, thread CPU time", cpu))
        result.append(("  the loader's side (forecasts, item list, diff), thread CPU (not the UI's)", loader))
    }
    return result
}
