import OnePoolCore
import Testing

/// A SKU that needs ordering but cannot be drafted is left out with a typed reason that says
/// what is wrong; no front end's words (the command line adds what to type).
@Suite struct DraftPlanSkipTests {
    private let start = Timestamp(secondsSince1970: 1_780_000_000)

    @Test func aSKUWithoutASupplierOrWithAnUnrecordedOneIsSkippedSayingWhich() throws {
        var state = StockState()
        var history = ReplenishmentHistory(utcOffsetSeconds: 0)
        var sequence: UInt64 = 0
        func apply(_ change: Change, at time: Timestamp) {
            sequence += 1
            let event = Event(sequence: sequence, time: time, actor: "t", change: change)
            state.apply(event)
            history.record(event)
        }
        apply(.channelAdded(Channel(name: "shop", kind: .shopify)), at: start)
        apply(.purchasing(.supplierSet(Supplier(code: "ACME", name: "Acme", leadTimeDays: 7))), at: start)
        let suppliers: [SKUCode: String?] = ["MUG": "ACME", "LOOSE": nil, "ORPHAN": "NOBODY"]
        for (code, supplier) in suppliers {
            let sku = SKU(
                code: code, title: code.rawValue, unitCost: Money(cents: 300), price: Money(cents: 1200),
                supplier: supplier)
            apply(.skuCreated(sku), at: start)
        }
        for day in 0..<28 {
            let time = start.adding(days: day)
            let line = OrderLineFacts(
                id: OrderLineID(channel: "shop", order: "\(day)", line: 1), sku: "MUG", quantity: 1,
                unitPrice: Money(cents: 1200), time: time)
            apply(.orderPlaced(line), at: time)
            apply(.orderShipped(line), at: time)
        }
        let today = start.adding(days: 28).day(offsetSeconds: 0)
        let mug = try #require(state.pools["MUG"])
        let needed = ReplenishmentPlanner().recommend(history.input(for: mug, today: today, days: 28, leadTimeDays: 7))
        #expect(needed.orderQuantity > 0)
        var loose = needed
        loose.sku = "LOOSE"
        var orphan = needed
        orphan.sku = "ORPHAN"

        let plan = DraftPlan.make(state: state, recommendations: [needed, loose, orphan], time: start.adding(days: 28))
        #expect(plan.orders.flatMap(\.lines).map(\.sku) == ["MUG"])
        let skipped = Dictionary(uniqueKeysWithValues: plan.skipped.map { ($0.sku, $0.reason) })
        #expect(skipped == ["LOOSE": .noSupplier, "ORPHAN": .supplierNotOnRecord("NOBODY")])
        #expect(skipped["ORPHAN"]?.description == "supplier \"NOBODY\" is not on record")
        for reason in skipped.values {
            #expect(!reason.description.contains("onepool") && !reason.description.contains("--"))
        }
    }
}
