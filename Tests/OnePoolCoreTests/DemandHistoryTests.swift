import OnePoolCore
import OnePoolTestSupport
import Testing

@Suite struct DemandHistoryTests {
    /// `total` is the sum of `window` for any span, inside, around or outside the recorded days.
    @Test func totalIsTheWindowsSum() {
        var history = DemandHistory(utcOffsetSeconds: 0)
        var random = SplitMix64(seed: 5)
        for sequence in 1...300 {
            let day = Int.random(in: 20_000...20_120, using: &random)
            let line = OrderLineFacts(
                id: OrderLineID(channel: "shop", order: "\(sequence)", line: 1), sku: "MUG",
                quantity: Int.random(in: 1...4, using: &random),
                unitPrice: .zero,
                time: Timestamp(millisecondsSince1970: Int64(day) * Timestamp.millisecondsPerDay + 3_600_000))
            history.record(Event(sequence: UInt64(sequence), time: line.time, actor: "t", change: .orderPlaced(line)))
        }
        for _ in 0..<200 {
            let last = Int.random(in: 19_980...20_150, using: &random)
            let days = Int.random(in: 1...60, using: &random)
            #expect(
                history.total("MUG", days: days, endingOn: last)
                    == history.window("MUG", days: days, endingOn: last).reduce(0, +))
        }
        #expect(history.total("NONE", days: 30, endingOn: 20_100) == 0)
    }
}
