import OnePoolConsole
import OnePoolCore
import Testing

/// The console fixture with a bundle: GIFT-TEA (2 × MUG-BLUE + 1 × TEA-SENCHA), sold a few times.
enum BundleFixture {
    static let events: [Event] = {
        var events = ConsoleFixture.cachedEvents
        var state = ConsoleFixture.stock
        func add(_ change: Change, minute: Int) {
            let time = Timestamp(
                millisecondsSince1970: Int64(ConsoleFixture.today) * Timestamp.millisecondsPerDay + Int64(minute)
                    * 60_000)
            let event = Event(sequence: state.lastSequence + 1, time: time, actor: "fixture", change: change)
            guard (try? state.check(change)) != nil else { return }
            state.apply(event)
            events.append(event)
        }
        add(.skuCreated(SKU(code: "GIFT-TEA", title: "Tea Gift Set", price: Money(cents: 3200))), minute: 1263)
        add(
            .bundles(
                .defined(
                    BundleDefinition(
                        code: "GIFT-TEA",
                        components: [
                            BundleComponent(sku: "MUG-BLUE", quantity: 2),
                            BundleComponent(sku: "TEA-SENCHA", quantity: 1),
                        ]))), minute: 1263)
        for order in 0..<3 {
            add(
                .orderPlaced(
                    OrderLineFacts(
                        id: OrderLineID(channel: "shopify", order: "G\(order)", line: 1), sku: "GIFT-TEA",
                        quantity: 1 + order,
                        unitPrice: Money(cents: 3200),
                        time: Timestamp(
                            millisecondsSince1970: Int64(ConsoleFixture.today) * Timestamp.millisecondsPerDay))),
                minute: 1264)
        }
        return events
    }()

    static let stock: StockState = {
        var stock = StockState()
        for event in events { stock.apply(event) }
        return stock
    }()

    static func state(width: Int, height: Int) -> ConsoleState {
        var history = DemandHistory(utcOffsetSeconds: ConsoleFixture.offset)
        for event in events { history.record(event) }
        var data = ConsoleData(
            storeName: "Harbour Homewares", state: stock, today: ConsoleFixture.today,
            utcOffsetSeconds: ConsoleFixture.offset)
        data.loadHistory(events, history: history)
        data.wallClock = Timestamp(
            millisecondsSince1970: Int64(ConsoleFixture.today) * Timestamp.millisecondsPerDay + 1265 * 60_000)
        var console = ConsoleState(
            data: data, width: width, height: height, themeName: "default", dateText: "2026-11-27")
        console.actor = "ana"
        return console
    }
}

@Suite struct BundleScreenTests {
    private static func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

    private func screen(_ keys: [Key], width: Int = 120, height: Int = 40) -> Screen {
        var state = BundleFixture.state(width: width, height: height)
        for key in keys { _ = ConsoleProgram.send(&state, .keyPressed(key)) }
        return ConsoleView.render(state)
    }

    /// A bundle's detail: no stock of its own, each component with what it makes, the limiting
    /// one marked, each channel's offer by the bundle share rule.
    @Test func aBundlesDetail() {
        for (width, height) in [(80, 24), (120, 40)] {
            let shown = screen([.char("/")] + Self.typed("GIFT-TEA") + [.enter], width: width, height: height)
            Golden.check(shown, named: "bundle-detail-\(width)x\(height)", roles: true)
        }
        let text = screen([.char("/")] + Self.typed("GIFT-TEA") + [.enter]).textDump()
        let stock = BundleFixture.stock
        let bundle = stock.bundleStock("GIFT-TEA")
        #expect(text.contains("Bundle · available \(bundle?.available ?? -1)"))
        #expect(text.contains("limited by \(bundle?.limiting?.sku ?? "?")"))
        #expect(text.contains("◂ limiting"))
    }

    @Test func theStockPaneAndLookupShowTheBundle() {
        let pane = screen([.char("2"), .char("f")] + Self.typed("gift")).textDump()
        let available = BundleFixture.stock.bundleStock("GIFT-TEA")?.available ?? -1
        #expect(pane.contains("bundle ◂TEA-SENCHA · Tea G"))
        #expect(pane.contains("\(available)"))
        let lookup = screen([.char("/")] + Self.typed("gift")).textDump()
        #expect(lookup.contains("bundle · avail \(available)"))
    }

    /// A component's detail names its bundles and the demand that came through them.
    @Test func aComponentsDetailShowsItsBundles() {
        let text = screen([.char("/")] + Self.typed("TEA-SENCHA") + [.enter]).textDump()
        #expect(text.contains("In bundles: GIFT-TEA ×1 · through bundles 6 of"))
    }
}
