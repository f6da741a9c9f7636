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

    /// The appended changes among a reaction's effects.
    static func appended(_ effects: [Effect]) -> [[ProposedChange]] {
        effects.compactMap { effect -> [ProposedChange]? in
            if case .append(let changes, _) = effect { changes } else { nil }
        }
    }

    /// The fixture with two units of LAMP-OAK back, the Alerts pane on their RETURNS alert.
    static func onTheReturnsAlert(width: Int = 120, height: Int = 40) throws -> (ConsoleState, StockState) {
        var (state, stock, back) = try withAReturn(width: width, height: height)
        let second = ReturnedLine(
            id: back.id, returnID: "RMA-8", sku: "LAMP-OAK", quantity: 1, reason: "box dented",
            time: Timestamp(millisecondsSince1970: back.time.millisecondsSince1970 + 60_000))
        if (try? stock.check(.returns(.arrived(second)))) != nil {
            let event = Event(
                sequence: stock.lastSequence + 1, time: second.time, actor: "fixture", idempotencyKey: second.key,
                change: .returns(.arrived(second)))
            stock.apply(event)
            _ = ConsoleProgram.send(&state, .journalAppended([event], stock))
        }
        _ = ConsoleProgram.send(&state, .keyPressed(.char("3")))
        let index = try #require(state.alerts.alerts.firstIndex { $0.kind == .returns })
        state.alerts.cursor.selected = index
        return (state, stock)
    }

    @Test func aReturnAwaitingInspectionIsAnAlertWhoseKeysAskHowManyAndWhy() throws {
        var (state, stock) = try Self.onTheReturnsAlert()
        let alert = try #require(state.alerts.selected)
        let waiting = stock.returns.awaitingUnits("LAMP-OAK")
        #expect(alert.sku == "LAMP-OAK" && alert.units == waiting && waiting >= 1)
        #expect(alert.reason.contains("shade cracked"))
        // R on another alert does nothing but say how.
        var elsewhere = state
        elsewhere.alerts.cursor.selected = elsewhere.alerts.cursor.selected == 0 ? 1 : 0
        let effects = ConsoleProgram.send(&elsewhere, .keyPressed(.char("R")))
        #expect(Self.appended(effects).isEmpty && elsewhere.modal == nil)

        // R: the form, its quantity every waiting unit; Enter restocks them.
        var restock = state
        #expect(Self.appended(ConsoleProgram.send(&restock, .keyPressed(.char("R")))).isEmpty)
        guard case .inspectForm(let form)? = restock.modal else {
            Issue.record("R opened no form: \(String(describing: restock.modal))")
            return
        }
        #expect(form.restock && form.waiting == waiting && form.fields[0].value == "\(waiting)")
        let all = ReturnChange.restocked(sku: "LAMP-OAK", quantity: waiting, reason: "inspected in the console")
        #expect(Self.appended(ConsoleProgram.send(&restock, .keyPressed(.enter))) == [[ProposedChange(.returns(all))]])
        try stock.check(.returns(all))
        // The form waits for the store's answer (keys do nothing meanwhile); a refusal (another
        // process inspected some units first) comes back into it with what was typed …
        guard case .inspectForm(let sent)? = restock.modal, sent.pending else {
            Issue.record("the form did not wait for the store: \(String(describing: restock.modal))")
            return
        }
        #expect(Self.appended(ConsoleProgram.send(&restock, .keyPressed(.enter))).isEmpty)
        var refused = restock
        _ = ConsoleProgram.send(&refused, .changeRefused(reason: "only 1 unit of LAMP-OAK awaits inspection"))
        guard case .inspectForm(let back)? = refused.modal else {
            Issue.record("a refusal closed the form: \(String(describing: refused.modal))")
            return
        }
        #expect(!back.pending && back.error == "only 1 unit of LAMP-OAK awaits inspection")
        #expect(back.fields[0].value == "\(waiting)")
        // … and a commit closes it.
        _ = ConsoleProgram.send(&restock, .changeCommitted(summary: "Restocked"))
        #expect(restock.modal == nil)

        // W: a quantity above what waits is refused in place, so is a missing reason; then one unit.
        var writeOff = state
        _ = ConsoleProgram.send(&writeOff, .keyPressed(.char("W")))
        for key in [Key.backspace, .backspace, .backspace] { _ = ConsoleProgram.send(&writeOff, .keyPressed(key)) }
        for character in "\(waiting + 1)" { _ = ConsoleProgram.send(&writeOff, .keyPressed(.character(character))) }
        #expect(Self.appended(ConsoleProgram.send(&writeOff, .keyPressed(.enter))).isEmpty)
        let tooMany: String? =
            if case .inspectForm(let form)? = writeOff.modal { form.error } else { nil }
        #expect(tooMany == "Quantity must be 1 to \(waiting): the units awaiting inspection")
        for key in [Key.backspace, .backspace, .backspace, .char("1")] {
            _ = ConsoleProgram.send(&writeOff, .keyPressed(key))
        }
        #expect(Self.appended(ConsoleProgram.send(&writeOff, .keyPressed(.enter))).isEmpty)
        guard case .inspectForm(let unreasoned)? = writeOff.modal else {
            Issue.record("the form closed without a reason")
            return
        }
        #expect(unreasoned.focus == 1 && unreasoned.error == "Reason is required: a write-off is audited")
        #expect(writeOff.modal?.isHalfFilled == true)
        for character in "chipped" { _ = ConsoleProgram.send(&writeOff, .keyPressed(.character(character))) }
        let one = ReturnChange.writtenOff(sku: "LAMP-OAK", quantity: 1, reason: "chipped")
        #expect(Self.appended(ConsoleProgram.send(&writeOff, .keyPressed(.enter))) == [[ProposedChange(.returns(one))]])
        try stock.check(.returns(one))

        // Esc leaves the form without a change.
        var cancelled = state
        _ = ConsoleProgram.send(&cancelled, .keyPressed(.char("W")))
        #expect(Self.appended(ConsoleProgram.send(&cancelled, .keyPressed(.escape))).isEmpty)
        #expect(cancelled.modal == nil)
    }

    /// The write-off form at the stated minimum, in UTF-8 and as an ASCII-only terminal gets it.
    @Test func theInspectFormScreen() throws {
        for charset in [Charset.unicode, .ascii] {
            var (state, _) = try Self.onTheReturnsAlert(width: 80, height: 24)
            state.charset = charset
            _ = ConsoleProgram.send(&state, .keyPressed(.char("W")))
            _ = ConsoleProgram.send(&state, .keyPressed(.enter))  // no reason: the error shows in place
            let screen = ConsoleView.render(state)
            let name = charset == .ascii ? "inspect-form-ascii-80x24.txt" : "inspect-form-80x24.txt"
            #expect(!(charset == .ascii) || screen.textDump().unicodeScalars.allSatisfy { $0.isASCII })
            Golden.compare(screen.textDump(), file: name)
        }
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
