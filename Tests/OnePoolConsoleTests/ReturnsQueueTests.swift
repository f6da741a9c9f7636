import Foundation
import OnePoolConsole
import OnePoolCore
import Testing

/// The returns queue in the Alerts pane: a RETURNS alert per SKU with units awaiting
/// inspection; R restocks them all, W writes them all off, as `onepool inspect` would.
@Suite struct ReturnsQueueTests {
    /// The fixture's console after two units of a shipped LAMP-OAK line came back.
    static func withAReturn(width: Int, height: Int) throws -> (ConsoleState, StockState, ReturnedLine) {
        var stock = ConsoleFixture.stock
        // The shipped-line table keeps digests, not ids: the fixture's events name the lines.
        let shipped = ConsoleFixture.cachedEvents.compactMap { event -> OrderLineID? in
            switch event.change {
            case .orderShipped(let line), .demandRecorded(let line): line.sku == "LAMP-OAK" ? line.id : nil
            default: nil
            }
        }
        .filter { stock.returns.shipped[$0]?.sku == "LAMP-OAK" }
        .sorted { ($0.channel, $0.order) < ($1.channel, $1.order) }
        let id = try #require(shipped.first)
        let time = Timestamp(
            millisecondsSince1970: Int64(ConsoleFixture.today) * Timestamp.millisecondsPerDay + 1263 * 60_000)
        let back = ReturnedLine(
            id: id, returnID: "RMA-7", sku: "LAMP-OAK", quantity: 1, reason: "shade cracked", time: time)
        let change = Change.returns(.arrived(back))
        try stock.check(change)
        let event = Event(
            sequence: stock.lastSequence + 1, time: time, actor: "fixture", idempotencyKey: back.key, change: change)
        stock.apply(event)
        var state = ConsoleFixture.state(width: width, height: height)
        _ = ConsoleProgram.send(&state, .journalAppended([event], stock))
        return (state, stock, back)
    }

    @Test func aReturnAwaitingInspectionIsAnAlertWithOneKeyToRestockOrWriteOff() throws {
        var (state, stock, back) = try Self.withAReturn(width: 120, height: 40)
        _ = ConsoleProgram.send(&state, .keyPressed(.char("3")))
        let alerts = state.alerts.alerts
        let index = try #require(alerts.firstIndex { $0.kind == .returns })
        #expect(alerts[index].sku == "LAMP-OAK" && alerts[index].units == 1)
        #expect(alerts[index].reason.contains("shade cracked"))
        // R on another alert does nothing but say how.
        state.alerts.cursor.selected = index == 0 ? 1 : 0
        let elsewhere = ConsoleProgram.send(&state, .keyPressed(.char("R")))
        #expect(!elsewhere.contains { if case .append = $0 { true } else { false } })
        state.alerts.cursor.selected = index
        for (key, change) in [
            ("R", ReturnChange.restocked(sku: "LAMP-OAK", quantity: 1, reason: "inspected in the console")),
            ("W", .writtenOff(sku: "LAMP-OAK", quantity: 1, reason: "written off in the console after inspection")),
        ] {
            var copy = state
            let effects = ConsoleProgram.send(&copy, .keyPressed(.char(key)))
            let appended = effects.compactMap { effect -> [ProposedChange]? in
                if case .append(let changes, _) = effect { changes } else { nil }
            }
            #expect(appended == [[ProposedChange(.returns(change))]], "\(key): \(effects)")
            // What the key proposes is what the store accepts.
            try stock.check(.returns(change))
        }
        _ = back
    }

    @Test func theReturnsQueueScreen() throws {
        for (width, height) in [(80, 24), (120, 40)] {
            var (state, _, _) = try Self.withAReturn(width: width, height: height)
            _ = ConsoleProgram.send(&state, .keyPressed(.char("3")))
            if let index = state.alerts.alerts.firstIndex(where: { $0.kind == .returns }) {
                state.alerts.cursor.selected = index
            }
            Golden.compare(ConsoleView.render(state).textDump(), file: "returns-queue-\(width)x\(height).txt")
        }
    }
}
