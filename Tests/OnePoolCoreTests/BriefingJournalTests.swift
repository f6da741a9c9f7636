import OnePoolCore
import Testing

/// What the briefing reads from the journal beyond the state (the one set of inputs the CLI and
/// the console build it from), and the console's compact amounts.
@Suite struct BriefingJournalTests {
    static let day: Int64 = Timestamp.millisecondsPerDay
    static let today = 20_100

    static func event(_ sequence: UInt64, daysAgo: Int, _ change: Change) -> Event {
        let time = Timestamp(millisecondsSince1970: Int64(today - daysAgo) * day + 12 * 3_600_000)
        return Event(sequence: sequence, time: time, actor: "t", change: change)
    }

    static func line(_ channel: ChannelName, _ order: String, _ sku: SKUCode, _ quantity: Int, daysAgo: Int)
        -> OrderLineFacts
    {
        OrderLineFacts(
            id: OrderLineID(channel: channel, order: order, line: 1), sku: sku, quantity: quantity,
            unitPrice: Money(cents: 1000), time: Timestamp(millisecondsSince1970: Int64(today - daysAgo) * day))
    }

    @Test func channelSalesCountTheThirtyDaysEndingYesterdayAndReturnsTheHorizon() {
        var journal = BriefingJournal(today: Self.today, utcOffsetSeconds: 0)
        var state = StockState()
        let events = [
            Self.event(
                1, daysAgo: 40,
                .skuCreated(
                    SKU(
                        code: "MUG", title: "Mug", unitCost: Money(cents: 400),
                        price: Money(cents: 1000)))),
            // Before the window:
            Self.event(2, daysAgo: 31, .orderPlaced(Self.line("ebay", "1", "MUG", 9, daysAgo: 31))),
            Self.event(3, daysAgo: 30, .orderPlaced(Self.line("ebay", "2", "MUG", 3, daysAgo: 30))),
            Self.event(4, daysAgo: 2, .orderPlaced(Self.line("shopify", "3", "MUG", 1, daysAgo: 2))),
            Self.event(5, daysAgo: 0, .orderPlaced(Self.line("shopify", "4", "MUG", 5, daysAgo: 0))),  // today
            Self.event(6, daysAgo: 31, .orderReturned(Self.line("ebay", "1", "MUG", 2, daysAgo: 31), restocked: true)),
            Self.event(7, daysAgo: 3, .orderReturned(Self.line("ebay", "2", "MUG", 1, daysAgo: 3), restocked: true)),
            Self.event(8, daysAgo: 1, .orderReturned(Self.line("ebay", "9", "GONE", 4, daysAgo: 1), restocked: false)),
        ]
        for event in events {
            journal.record(event)
            state.apply(event)
        }
        #expect(journal.channelSales.units(channel: "ebay", sku: "MUG") == 3)
        #expect(journal.channelSales.units(channel: "shopify", sku: "MUG") == 1)
        #expect(journal.channelSales.share(of: "ebay") == 0.75)
        let now = Timestamp(millisecondsSince1970: Int64(Self.today) * Self.day + 13 * 3_600_000)
        let inputs = BriefingInputs(state: state, journal: journal, time: now)
        // 30 d horizon: the return 31 days ago is out; a SKU the state does not know is left out.
        #expect(inputs.returnedUnits.map(\.units) == [1])
        #expect(inputs.returnedUnits.map(\.sku.code) == ["MUG"])
        let returns = Briefing.judgedItems(inputs, skus: [:]).filter { $0.kind == .returns }
        #expect(returns.map(\.money) == [Money(cents: 600)], "1 unit × 30/30 × margin 6.00")
        // Before the journal is read (the console's first seconds) there is no returns item.
        let unread = BriefingInputs(state: state, journal: nil, time: now)
        #expect(!Briefing.judgedItems(unread, skus: [:]).contains { $0.kind == .returns })
    }

    @Test func aHostileWindowNeverTraps() {
        let journal = BriefingJournal(today: 0, utcOffsetSeconds: 0)
        let extreme = Timestamp(millisecondsSince1970: .min)
        #expect(journal.returns.units(state: StockState(), now: extreme, days: .max).isEmpty)
    }

    @Test func compactMoneyDropsTheCentsFromAThousandUpAndRounds() {
        #expect(NumberText.compactMoney(Money(cents: 1299)) == "12.99")
        #expect(NumberText.compactMoney(Money(cents: 99_999)) == "999.99")
        #expect(NumberText.compactMoney(Money(cents: 100_000)) == "1000")
        #expect(NumberText.compactMoney(Money(cents: 8_354_607)) == "83546")
        #expect(NumberText.compactMoney(Money(cents: 8_354_650)) == "83547")
        #expect(NumberText.compactMoney(Money(cents: -8_354_607)) == "-83546")
        #expect(NumberText.compactMoney(Money(cents: -1299)) == "-12.99")
    }
}
