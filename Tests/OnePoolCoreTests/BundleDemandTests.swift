import OnePoolCore
import Testing

/// A component's demand is its own sales plus its bundles' sales × quantity; bundles are never
/// ordered.
@Suite struct BundleDemandTests {
    private let start = Timestamp(secondsSince1970: 1_780_000_000)

    private func store() throws -> (StockState, ReplenishmentHistory, Int) {
        var state = StockState()
        var history = ReplenishmentHistory(utcOffsetSeconds: 0)
        var sequence: UInt64 = 0
        func apply(_ change: Change, at time: Timestamp) throws {
            try state.check(change)
            sequence += 1
            let event = Event(sequence: sequence, time: time, actor: "t", change: change)
            state.apply(event)
            history.record(event)
        }
        try apply(.channelAdded(Channel(name: "shop", kind: .shopify)), at: start)
        try apply(.purchasing(.supplierSet(Supplier(code: "ACME", name: "Acme", leadTimeDays: 7))), at: start)
        for code in ["MUG", "GIFT"] {
            try apply(
                .skuCreated(
                    SKU(
                        code: SKUCode(code), title: code, unitCost: Money(cents: 300), price: Money(cents: 1200),
                        supplier: "ACME")),
                at: start)
        }
        try apply(.received(sku: "MUG", quantity: 40, reference: nil, fromIncoming: 0), at: start)
        try apply(
            .bundles(.defined(BundleDefinition(code: "GIFT", components: [BundleComponent(sku: "MUG", quantity: 2)]))),
            at: start)
        for day in 0..<28 {
            let time = start.adding(days: day)
            for (index, sku) in ["MUG", "GIFT"].enumerated() {
                let line = OrderLineFacts(
                    id: OrderLineID(channel: "shop", order: "\(day)-\(index)", line: 1), sku: SKUCode(sku), quantity: 1,
                    unitPrice: Money(cents: 1200), time: time)
                try apply(.orderPlaced(line), at: time)
                try apply(.orderShipped(line), at: time)
            }
            try apply(.received(sku: "MUG", quantity: 3, reference: nil, fromIncoming: 0), at: time)
        }
        return (state, history, start.adding(days: 28).day(offsetSeconds: 0))
    }

    @Test func aComponentsDemandCountsItsBundlesSalesTimesQuantity() throws {
        let (state, history, today) = try store()
        let pool = try #require(state.pools["MUG"])
        let alone = history.input(for: pool, today: today, days: 28, leadTimeDays: 7)
        let withBundles = history.input(for: pool, today: today, days: 28, leadTimeDays: 7, bundles: state.bundles)
        #expect(alone.demand.reduce(0, +) == 28)
        #expect(withBundles.demand.reduce(0, +) == 28 + 28 * 2)
        #expect(
            history.demand.bundleWindow("MUG", bundles: state.bundles, days: 28, endingOn: today - 1).reduce(0, +) == 56
        )
        #expect(
            history.demand.bundleWindow("GIFT", bundles: state.bundles, days: 28, endingOn: today - 1).allSatisfy {
                $0 == 0
            })
    }

    @Test func aBundleNeverGetsAPurchaseOrderLine() throws {
        let (state, history, today) = try store()
        let planner = ReplenishmentPlanner()
        let recommendations = ["GIFT", "MUG"].compactMap { code in
            state.pools[code].map {
                planner.recommend(
                    history.input(for: $0, today: today, days: 28, leadTimeDays: 7, bundles: state.bundles))
            }
        }
        #expect(recommendations.first { $0.sku == "GIFT" }.map { $0.orderQuantity > 0 } == true)
        let plan = DraftPlan.make(state: state, recommendations: recommendations, time: start.adding(days: 28))
        let lines = plan.orders.flatMap(\.lines).map(\.sku)
        #expect(!lines.contains("GIFT"))
        #expect(lines.contains("MUG"))
    }
}
