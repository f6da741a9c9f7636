import OnePoolConsole
import OnePoolCore
import Testing

/// Lists keep the selection on the same item (by identity, not row number) when they re-rank
/// or shrink; when it is gone, on the item that followed it.
@Suite struct SelectionTests {
    @Test func aListThatReRanksKeepsTheSameItemSelected() {
        var cursor = ListCursor()
        cursor.moveTo(2, count: 5, visibleRows: 10)
        cursor.follow("c", from: ["a", "b", "c", "d", "e"], to: ["c", "a", "b", "d", "e"], rows: 10, identity: { $0 })
        #expect(cursor.selected == 0)
        cursor.moveTo(0, count: 5, visibleRows: 10)
        cursor.follow("c", from: ["c", "a", "b", "d", "e"], to: ["a", "b", "d", "e"], rows: 10, identity: { $0 })
        #expect(cursor.selected == 0, "gone: the item that followed it (a)")
        cursor.moveTo(3, count: 4, visibleRows: 10)
        cursor.follow("e", from: ["a", "b", "d", "e"], to: ["a", "b", "d"], rows: 10, identity: { $0 })
        #expect(cursor.selected == 2, "the last one gone: the one before it")
    }

    @Test func approvingAPOSelectsThePOThatFollowedIt() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("6")], on: &state)
        #expect(state.queue.orders == ["PO-00001", "PO-00003", "PO-00002"])
        _ = press([.down], on: &state)
        #expect(state.queue.selected == "PO-00003")
        // Another PO above it leaves the queue (approved elsewhere): the highlight stays on PO-00003.
        var stock = ConsoleFixture.stock
        let approval = Event(
            sequence: stock.lastSequence + 1,
            time: Timestamp(millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000),
            actor: "ana", change: .purchasing(.approved(id: "PO-00001", approver: "ana")))
        stock.apply(approval)
        _ = ConsoleProgram.send(&state, .journalAppended([approval], stock))
        #expect(state.queue.orders == ["PO-00003", "PO-00002"])
        #expect(state.queue.selected == "PO-00003")
        // It is rejected: the PO that followed it is selected, not whatever took its row.
        let rejection = Event(
            sequence: stock.lastSequence + 1, time: approval.time, actor: "ana",
            change: .purchasing(.rejected(id: "PO-00003", approver: "ana", reason: "too much")))
        stock.apply(rejection)
        _ = ConsoleProgram.send(&state, .journalAppended([rejection], stock))
        #expect(state.queue.selected == "PO-00002")
    }

    @Test func theBriefingKeepsItsItemWhenItReRanks() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("1"), .down, .down], on: &state)
        let chosen = try #require(state.briefing.selected)
        // A big oversell arrives: a new item ranks first; the same item stays selected.
        var stock = ConsoleFixture.stock
        let line = OrderLineFacts(
            id: OrderLineID(channel: "shopify", order: "BIG-1", line: 1), sku: "LAMP-OAK", quantity: 500,
            unitPrice: Money(cents: 8900),
            time: Timestamp(millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000))
        let sale = Event(sequence: stock.lastSequence + 1, time: line.time, actor: "script", change: .orderPlaced(line))
        stock.apply(sale)
        _ = ConsoleProgram.send(&state, .journalAppended([sale], stock))
        #expect(state.briefing.items.first?.subject == "LAMP-OAK")
        #expect(state.briefing.cursor.selected == 3)
        #expect(state.briefing.selected?.subject == chosen.subject && state.briefing.selected?.kind == chosen.kind)
    }

    @Test func theActivityPaneFollowsTheJournalFromItsNewestEvent() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("4")], on: &state)
        var stock = ConsoleFixture.stock
        let next = Event(
            sequence: stock.lastSequence + 1,
            time: Timestamp(millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000),
            actor: "script", change: .received(sku: "SLOW-VASE", quantity: 7, reference: nil, fromIncoming: 0))
        stock.apply(next)
        _ = ConsoleProgram.send(&state, .journalAppended([next], stock))
        #expect(state.activity.selected?.sequence == next.sequence)
        // Further down the list, the selected event stays selected as news arrives above it.
        _ = press([.down, .down], on: &state)
        let held = state.activity.selected?.sequence
        let later = Event(
            sequence: next.sequence + 1, time: next.time, actor: "script",
            change: .received(sku: "SLOW-VASE", quantity: 1, reference: nil, fromIncoming: 0))
        stock.apply(later)
        _ = ConsoleProgram.send(&state, .journalAppended([later], stock))
        #expect(state.activity.selected?.sequence == held)
    }
}
