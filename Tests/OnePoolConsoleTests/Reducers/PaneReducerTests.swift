import OnePoolConsole
import OnePoolCore
import Testing

/// Each pane's reducer, through key presses sent the one way the runtime sends them.
@Suite struct PaneReducerTests {
    @Test func tabDigitsAndShiftTabSwitchPanes() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.tab], on: &state)
        #expect(state.pane == .alerts)
        _ = press([.tab, .tab, .tab, .tab, .tab], on: &state)
        #expect(state.pane == .stock)
        _ = press([.backTab], on: &state)
        #expect(state.pane == .briefing)
        _ = press([.char("2")], on: &state)
        #expect(state.pane == .stock)
        _ = press([.char("6")], on: &state)
        #expect(state.pane == .queue)
    }

    @Test func arrowsAndVimKeysMoveTheSelection() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.down, .char("j"), .char("j"), .up], on: &state)
        #expect(state.stock.cursor.selected == 2)
        _ = press([.char("G")], on: &state)
        #expect(state.stock.cursor.selected == state.stock.visible.count - 1)
        _ = press([.char("g")], on: &state)
        #expect(state.stock.cursor.selected == 0)
    }

    @Test func lookupNarrowsOnEveryKeystrokeAndEnterOpensTheSKU() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("/")], on: &state)
        #expect(state.lookup?.matchCount == 13)
        _ = press(typed("m"), on: &state)
        let afterOne = state.lookup?.matchCount ?? 0
        _ = press(typed("ug-"), on: &state)
        #expect((state.lookup?.matchCount ?? 0) <= afterOne)
        #expect(state.lookup?.matchCount == 2)
        _ = press([.down, .enter], on: &state)
        #expect(state.lookup == nil)
        #expect(state.detail?.sku == "MUG-SAGE")
    }

    @Test func lookupRanksExactCodeAndBarcodeFirst() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("/")] + typed("lamp-oak"), on: &state)
        #expect(state.lookup.flatMap { $0.selectedRow.map { state.data.rows[$0].code } } == "LAMP-OAK")
        _ = press([.escape, .char("/")] + typed("5000000010002"), on: &state)
        #expect(state.lookup.flatMap { $0.selectedRow.map { state.data.rows[$0].code } } == "TEA-SENCHA")
        _ = press([.escape, .char("/")] + typed("sencha tin"), on: &state)
        #expect(state.lookup?.matchCount == 1)
    }

    @Test func aValidFormAppendsOneEventAndClosesWhenCommitted() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        let effects = press(
            [.char("/")] + typed("BSK-S") + [.enter, .char("r")] + typed("5") + [.tab] + typed("PO-9") + [.enter],
            on: &state)
        // The form submits an intent; Core plans it against the store's state under the lock.
        #expect(
            effects == [
                .submit(
                    .receive(sku: "BSK-S", quantity: 5, reference: "PO-9", unexpected: false),
                    summary: "Received 5 × BSK-S")
            ])
        #expect(state.stockForm?.pending == true)
        _ = ConsoleProgram.send(&state, .changeCommitted(summary: "Received 5 × BSK-S"))
        #expect(state.stockForm == nil)
        #expect(state.status?.text == "Received 5 × BSK-S")
    }

    @Test func aBadQuantitySaysWhyInPlaceAndAppendsNothing() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        let effects = press([.char("/")] + typed("BSK-S") + [.enter, .char("r")] + typed("-3") + [.enter], on: &state)
        #expect(effects.isEmpty)
        #expect(state.stockForm?.error == "'-3' is not a whole number")
        _ = press([.backspace, .backspace] + typed("0"), on: &state)
        #expect(press([.enter], on: &state).isEmpty)
        #expect(state.stockForm?.error == "Quantity must be 1 to 10000000")
        let adjust = press([.escape, .char("a")] + typed("-2") + [.enter], on: &state)
        #expect(adjust.isEmpty)
        #expect(state.stockForm?.error?.contains("Reason is required") == true)
        #expect(state.stockForm?.focus == 1)
    }

    @Test func aRefusalFromTheJournalIsShownInTheForm() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("/")] + typed("BSK-S") + [.enter, .char("l")] + typed("9") + [.enter], on: &state)
        _ = ConsoleProgram.send(&state, .intentRefused(.notEnough(sku: "BSK-S", wanted: 9, have: 0, of: "held")))
        #expect(state.stockForm?.pending == false)
        #expect(state.stockForm?.error == "not enough held for BSK-S: wanted 9, held is 0")
        #expect(state.stockForm?.focus == 0)
    }

    @Test func quitAsksFirstOnlyWhenAFormIsHalfFilled() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        #expect(press([.char("q")], on: &state) == [.quit(.asked)])
        state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("/")] + typed("LAMP") + [.enter, .char("c")] + typed("3"), on: &state)
        #expect(press([.control("c")], on: &state).isEmpty)
        #expect(state.isConfirmingQuit)
        #expect(press([.char("n")], on: &state).isEmpty)
        #expect(state.stockForm?.fields[0].value == "3")
        #expect(press([.control("c"), .char("y")], on: &state) == [.quit(.interrupted)])
    }

    @Test func typingInAFormNeverTriggersCommands() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        let effects = press([.char("/")] + typed("LAMP") + [.enter, .char("c"), .tab] + typed("q?/1T"), on: &state)
        #expect(effects.isEmpty)
        #expect(state.stockForm?.fields[1].value == "q?/1T")
    }

    @Test func filtersAndSortsChangeTheVisibleRows() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("o")], on: &state)
        #expect(state.stock.filter == .oversold)
        #expect(state.stock.visible.allSatisfy { state.data.rows[$0].stock.available < 0 })
        _ = press([.escape, .char("f")] + typed("basket") + [.enter], on: &state)
        #expect(state.stock.visible.map { state.data.rows[$0].code } == ["BSK-L", "BSK-S"])
        _ = press([.escape], on: &state)
        for _ in 0..<6 { _ = press([.char("s")], on: &state) }
        #expect(state.stock.sort == .available)
        let available = state.stock.visible.map { state.data.rows[$0].stock.available }
        #expect(available == available.sorted(by: >))
    }

    @Test func eventsFromAnotherProcessUpdateRowsActivityAndHistory() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        var stock = StockState()
        for event in ConsoleFixture.events() { stock.apply(event) }
        let next = Event(
            sequence: stock.lastSequence + 1,
            time: Timestamp(millisecondsSince1970: Int64(ConsoleFixture.today) * 86_400_000 + 80_000_000),
            actor: "script", change: .received(sku: "SLOW-VASE", quantity: 7, reference: "walk-in", fromIncoming: 0))
        stock.apply(next)
        _ = ConsoleProgram.send(&state, .journalAppended([next], stock))
        #expect(state.data.row("SLOW-VASE")?.stock.onHand == stock.stock("SLOW-VASE")?.onHand)
        #expect(state.data.activity.first?.sequence == next.sequence)
        #expect(state.data.recentBySKU["SLOW-VASE"]?.first?.text == "SLOW-VASE received 7 ref walk-in")
    }

    @Test func aRuleEditShowsItsEffectBeforeItIsApplied() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("5")], on: &state)
        #expect(state.pane == .channels)
        #expect(state.channels.order == ["wholesale", "shopify", "amazon", "ebay"])
        // Amazon is third; edit its cap from 30% to 50%.
        _ = press([.down, .down, .char("e")], on: &state)
        #expect(state.ruleForm?.channel == "amazon")
        #expect(state.scope == .form)
        _ = press([.tab, .tab, .backspace, .backspace, .backspace] + typed("5x%"), on: &state)
        #expect(press([.enter], on: &state).isEmpty)
        #expect(state.ruleForm?.error?.hasPrefix("Cap must be") == true)
        #expect(state.rulePreview == nil)
        _ = press([.backspace, .backspace] + typed("0%"), on: &state)
        #expect(press([.enter], on: &state).isEmpty)
        let preview = try #require(state.rulePreview)
        #expect(state.scope == .confirm)
        let amazon = try #require(state.data.channels.names.firstIndex(of: "amazon"))
        #expect(preview.after[amazon] > preview.before[amazon])
        #expect(preview.after.reduce(0, +) <= state.data.rows.reduce(0) { $0 + max(0, $1.stock.available) })
        // n cancels; y applies exactly one settings event.
        _ = press([.char("n")], on: &state)
        #expect(state.rulePreview == nil)
        _ = press([.enter], on: &state)
        let effects = press([.char("y")], on: &state)
        guard case .append(let changes, _)? = effects.first else {
            Issue.record("expected an append, got \(effects)")
            return
        }
        #expect(changes.map(\.change) == [.channelConfigured(name: "amazon", settings: preview.settings)])
        #expect(preview.settings.rule.cap == .percent(50))
    }

    @Test func approvingFromTheQueueConfirmsTotalAndCoverFirst() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("6")], on: &state)
        #expect(state.queue.orders == ["PO-00001", "PO-00003", "PO-00002"])
        // Select all three, approve: a confirmation with the total of the two within ana's limit,
        // the third left out and why; n cancels, y approves the two as ana.
        _ = press([.char(" "), .char(" "), .char(" "), .char("a")], on: &state)
        let confirmation = try #require(state.approval)
        #expect(confirmation.orders == ["PO-00001", "PO-00002"])
        #expect(confirmation.refused.map(\.id) == ["PO-00003"])
        #expect(confirmation.refused.first?.reason.contains("up to 1500.00; this one is 1980.00") == true)
        #expect(confirmation.total == Money(cents: 48 * 520 + 36 * 520 + 240 * 360))
        #expect(confirmation.coverAfter ?? 0 > confirmation.coverBefore ?? 0)
        #expect(state.scope == .confirm)
        _ = press([.char("n")], on: &state)
        #expect(state.approval == nil)
        _ = press([.char("a")], on: &state)
        let effects = press([.char("y")], on: &state)
        guard case .append(let changes, _)? = effects.first else {
            Issue.record("expected an append, got \(effects)")
            return
        }
        #expect(
            changes.map(\.change) == [
                .purchasing(.approved(id: "PO-00001", approver: "ana")),
                .purchasing(.approved(id: "PO-00002", approver: "ana")),
            ])
    }

    @Test func aPOOpensToItsLinesWhereQuantitiesAreEditedAndRejectionsNeedAReason() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("6"), .enter], on: &state)
        #expect(state.queue.open == "PO-00001")
        _ = press([.down, .char("e")], on: &state)
        #expect(state.prompt?.purpose == .quantity(po: "PO-00001", sku: "MUG-SAGE"))
        _ = press([.backspace, .backspace] + typed("4o"), on: &state)
        #expect(press([.enter], on: &state).isEmpty)
        #expect(state.prompt?.error != nil)
        _ = press([.backspace, .character("2")], on: &state)
        let edit = press([.enter], on: &state)
        #expect(
            edit == [
                .append(
                    [ProposedChange(.purchasing(.edited(id: "PO-00001", sku: "MUG-SAGE", quantity: 42)))],
                    summary: "PO-00001: MUG-SAGE set to 42")
            ])
        _ = press([.char("x"), .enter], on: &state)
        #expect(state.prompt?.error?.contains("reason is required") == true)
        _ = press(typed("too early"), on: &state)
        let reject = press([.enter], on: &state)
        #expect(
            reject == [
                .append(
                    [ProposedChange(.purchasing(.rejected(id: "PO-00001", approver: "ana", reason: "too early")))],
                    summary: "Rejected PO-00001: too early")
            ])
    }

    @Test func theBriefingRanksByMoneyAndEnterTakesTheAction() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("1")], on: &state)
        let briefing = state.data.briefing
        #expect(!briefing.isEmpty)
        #expect(briefing.map(\.money) == briefing.map(\.money).sorted(by: >))
        let index = try #require(briefing.firstIndex { $0.action == .openPO("PO-00002") })
        for _ in 0..<index { _ = press([.down], on: &state) }
        _ = press([.enter], on: &state)
        #expect(state.pane == .queue)
        #expect(state.queue.open == "PO-00002")
    }

    @Test func theBoardFlagsOverExposureAndTheUnmappedQueue() {
        let state = ConsoleFixture.state(width: 120, height: 40)
        #expect(state.data.channels.overExposed == [ListingKey(channel: "amazon", listing: "MUG-BLUE")])
        #expect(state.data.channels.unmapped.map(\.key) == [ListingKey(channel: "ebay", listing: "MUG-BLUE-2PK")])
    }

    @Test func ctrlCAlwaysQuitsEvenWhenTheTerminalIsTooSmall() {
        var state = ConsoleFixture.state(width: 40, height: 10)
        #expect(press([.char("j")], on: &state).isEmpty)
        #expect(press([.control("c")], on: &state) == [.quit(.interrupted)])
    }
}

/// The alerts and activity panes' reducers.
@Suite struct AlertsAndActivityReducerTests {
    @Test func alertsOpenTheirSKUAndRankCriticalFirstThenByMoney() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("3")], on: &state)
        let alerts = state.alerts.alerts
        #expect(alerts.first?.kind.isCritical == true)
        let critical = alerts.filter(\.kind.isCritical)
        let rest = alerts.filter { !$0.kind.isCritical }
        #expect(critical.map(\.money) == critical.map(\.money).sorted(by: >))
        #expect(rest.map(\.money) == rest.map(\.money).sorted(by: >))
        _ = press([.down, .enter], on: &state)
        #expect(state.detail?.sku == alerts[1].sku)
        _ = press([.escape], on: &state)
        #expect(state.detail == nil && state.pane == .alerts)
    }

    /// Issue 18: the Alerts pane ranks by the briefing's money (profit over the horizon, from
    /// `ProfitRule`), not by price × units: an oversell or a forecast stockout is worth what its
    /// briefing item is; out of stock and below safety, the margin of the units at stake.
    @Test func alertsAreRankedByTheBriefingsMoney() throws {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("3")], on: &state)
        let data = state.data
        let rule = ProfitRule(data.settings)
        let alerts = state.alerts.alerts
        #expect(Set(alerts.map(\.kind)).isSuperset(of: [.oversold, .belowSafety, .stockout]), "the fixture's kinds")
        for alert in alerts {
            let row = try #require(data.row(alert.sku))
            switch alert.kind {
            case .oversold:
                #expect(alert.money == data.briefingItem("oversold:\(alert.sku)")?.money, "\(alert.sku)")
            case .stockout:
                #expect(alert.money == data.briefingItem("stockout-risk:\(alert.sku)")?.money, "\(alert.sku)")
            case .outOfStock, .belowSafety, .returns:
                #expect(alert.money == rule.margin(row.sku).money * alert.units, "\(alert.sku)")
            }
            #expect(alert.money != row.price * alert.units, "\(alert.sku): revenue, not profit")
        }
        let critical = alerts.filter(\.kind.isCritical)
        let rest = alerts.filter { !$0.kind.isCritical }
        #expect(rest.map(\.money) == rest.map(\.money).sorted(by: >))
        #expect(critical.map(\.money) == critical.map(\.money).sorted(by: >))
    }

    @Test func activityCyclesThroughKindsAndOpensAnEventsSKU() {
        var state = ConsoleFixture.state(width: 120, height: 40)
        _ = press([.char("4")], on: &state)
        #expect(state.activity.kind == nil)
        let kinds = state.activity.kinds
        _ = press([.char("K")], on: &state)
        #expect(state.activity.kind == kinds.first)
        #expect(state.activity.items.allSatisfy { $0.kind == kinds.first })
        for _ in kinds { _ = press([.char("K")], on: &state) }
        #expect(state.activity.kind == nil, "after the last kind, all kinds again")
        // The newest event is a PO draft (no SKU): Enter does nothing; an order line opens its SKU.
        #expect(state.activity.selected?.sku == nil)
        _ = press([.enter], on: &state)
        #expect(state.detail == nil)
        while state.activity.selected?.sku == nil { _ = press([.down], on: &state) }
        let sku = state.activity.selected?.sku
        _ = press([.enter], on: &state)
        #expect(state.detail?.sku == sku)
    }
}
