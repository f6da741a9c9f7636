import OnePoolCore
import Testing

/// The briefing's money rule, one kind at a time, against figures worked out by hand (issue 18).
/// Unless a test says otherwise: horizon 30 d, penalty 5.00 a line, carrying 25% a year, default
/// margin 40%, and a SKU priced 20.00 that costs 8.00 (margin 12.00).
@Suite struct ProfitRuleTests {
    let rule = ProfitRule(.standard)
    let lamp = SKU(code: "LAMP", title: "Lamp", unitCost: Money(cents: 800), price: Money(cents: 2000))

    private func cents(_ value: Int64) -> Money { Money(cents: value) }

    @Test func theMarginIsPriceLessCostOrTheDefaultRateWhenThereIsNoCost() {
        #expect(rule.margin(lamp).money == cents(1200))
        #expect(!rule.margin(lamp).isDefault)
        let noCost = SKU(code: "NEW", title: "New", price: Money(cents: 1000))
        #expect(rule.margin(noCost).money == cents(400), "10.00 × 40%")
        #expect(rule.margin(noCost).isDefault)
        #expect(rule.margin(noCost).how.contains("default margin"))
        let belowCost = SKU(code: "SALE", title: "Sale", unitCost: Money(cents: 900), price: Money(cents: 500))
        #expect(rule.margin(belowCost).money == .zero, "a lost sale below cost loses no margin")
    }

    @Test func aStockoutCostsItsLostUnitsMarginWithinTheHorizon() {
        // Lead 10 d ≤ 30 d: every expected lost unit, 3.5 × 12.00.
        let short = SKUOutlook(daily: 2, daysToStockout: 4, leadTimeDays: 10, expectedLostUnits: 3.5)
        #expect(rule.stockout(sku: lamp, outlook: short).money == cents(4200))
        // Lead 60 d > 30 d: no more than 2 a day from day 20 to day 30 = 20 units, × 12.00.
        let long = SKUOutlook(daily: 2, daysToStockout: 20, leadTimeDays: 60, expectedLostUnits: 50)
        #expect(rule.stockout(sku: lamp, outlook: long).money == cents(24_000))
        // Revenue would have been 3.5 × 20.00 = 70.00: the rule prices profit, not sales.
        #expect(rule.stockout(sku: lamp, outlook: short).money != cents(7000))
    }

    @Test func anOversellCostsItsMarginAndAPenaltyPerCancelledLine() {
        // 3 × 12.00 + 2 lines × 5.00.
        let effect = rule.oversold(sku: lamp, units: 3, lines: 2)
        #expect(effect.money == cents(4600))
        let fined = ProfitRule(StoreSettings(cancellationPenalty: Money(cents: 1500)))
        #expect(fined.oversold(sku: lamp, units: 3, lines: 2).money == cents(6600), "3 × 12.00 + 2 × 15.00")
    }

    @Test func exposureCostsTheExpectedOversellsOfTheExposedUnits() {
        let key = ListingKey(channel: "ebay", listing: "LAMP")
        // No demand known: every exposed unit, 4 × (12.00 + 5.00).
        let blind = ProfitRule.ExposedListing(key: key, sku: lamp, shown: 6, allowed: 2, daily: nil)
        #expect(rule.exposure([blind]).money == cents(6800))
        // One exposed unit, nothing allowed, Poisson demand of mean ln 2 over the horizon:
        // P(D ≥ 1) = 1 − e^(−ln 2) = 0.5 oversold units, × 17.00 = 8.50.
        let halfLikely = ProfitRule.ExposedListing(
            key: key, sku: lamp, shown: 1, allowed: 0, daily: 0.693_147_180_559_945_3 / 30)
        #expect(rule.exposure([halfLikely]).money == cents(850))
        // No demand at all: nothing will be sold beyond what is allowed.
        let idle = ProfitRule.ExposedListing(key: key, sku: lamp, shown: 6, allowed: 2, daily: 0)
        #expect(rule.exposure([idle]).money == .zero)
        // A pack of 6 shown 2, allowed 1: 6 units exposed, × 12.00, and one line's penalty: 72 + 5.
        let pack = ProfitRule.ExposedListing(key: key, sku: lamp, pack: 6, shown: 2, allowed: 1, daily: nil)
        #expect(rule.exposure([pack]).money == cents(7700))
    }

    @Test func aPOAwaitingApprovalIsWorthWhatADaysWaitLoses() {
        // Lead 10 d; runs out at 10.4 d: a day later loses the demand of [10.4, 11) = 0.6 d × 3 a day
        // = 1.8 units × 12.00 = 21.60. The PO's spend is capital beside the item.
        let tight = SKUOutlook(daily: 3, daysToStockout: 10.4, leadTimeDays: 10, expectedLostUnits: 0)
        let line = ProfitRule.OrderLine(sku: lamp, quantity: 40, unitCost: lamp.unitCost, outlook: tight)
        let effect = rule.approval([line], spend: Money(cents: 32_000))
        #expect(effect.money == cents(2160))
        #expect(effect.capital == [CapitalFigure("PO spend", Money(cents: 32_000), effect.capital[0].how)])
        // The line caps it (1 unit), a SKU that lasts past the delivery loses nothing, and a
        // delivery at the horizon's end is outside it.
        let one = ProfitRule.OrderLine(sku: lamp, quantity: 1, unitCost: lamp.unitCost, outlook: tight)
        #expect(rule.approval([one], spend: .zero).money == cents(1200))
        let lasting = SKUOutlook(daily: 3, daysToStockout: 15, leadTimeDays: 10, expectedLostUnits: 0)
        #expect(
            rule.approval(
                [ProfitRule.OrderLine(sku: lamp, quantity: 40, unitCost: .zero, outlook: lasting)], spend: .zero
            ).money == .zero)
        let far = SKUOutlook(daily: 3, daysToStockout: 2, leadTimeDays: 30, expectedLostUnits: 0)
        #expect(
            rule.approval([ProfitRule.OrderLine(sku: lamp, quantity: 40, unitCost: .zero, outlook: far)], spend: .zero)
                .money == .zero)
        // OnePool's own approval is priced by the same rule: no forecast, nothing priced.
        #expect(
            rule.approval([ProfitRule.OrderLine(sku: lamp, quantity: 40, unitCost: .zero, outlook: nil)], spend: .zero)
                .money == .zero)
    }

    @Test func aLatePOCostsTheMarginShortWhileItsUnitsAreMissing() {
        // 4 days late: assumed missing 4 more. 2 available at 1 a day last 2 days; then 2 short
        // (of 10 to come): 2 × 12.00 = 24.00. Still to come at cost: 10 × 8.00.
        let outlook = SKUOutlook(daily: 1, daysToStockout: 1, leadTimeDays: 10, expectedLostUnits: 0)
        let line = ProfitRule.OrderLine(
            sku: lamp, quantity: 10, unitCost: lamp.unitCost, outlook: outlook, available: 2)
        let effect = rule.latePO([line], daysLate: 4)
        #expect(effect.money == cents(2400))
        #expect(effect.capital.first?.money == cents(8000))
        // Late by 90 days: missing at most the horizon, 30 − 2 = 28 short, but only 10 to come.
        #expect(rule.latePO([line], daysLate: 90).money == cents(12_000))
    }

    @Test func overstockCostsItsCarryingAndLikelyMarkdownNotItsCapital() {
        // Horizon 73 d (a fifth of a year). 100 excess units at cost 10.00: carrying
        // 100 × 10.00 × 25% × 0.2 = 50.00. Position 400 at 1 a day: 35 units beyond a year of cover,
        // likely cleared at cost: 35 × 15.00 margin × 0.2 = 105.00. Capital: 100 × 10.00.
        let vase = SKU(code: "VASE", title: "Vase", unitCost: Money(cents: 1000), price: Money(cents: 2500))
        let fifth = ProfitRule(StoreSettings(horizonDays: 73))
        let effect = fifth.overstock([ProfitRule.Overstock(sku: vase, excess: 100, position: 400, daily: 1)])
        #expect(effect.money == cents(15_500))
        #expect(effect.capital.first?.money == cents(100_000))
        // Under a year of cover: carrying only.
        let slow = fifth.overstock([ProfitRule.Overstock(sku: vase, excess: 100, position: 300, daily: 1)])
        #expect(slow.money == cents(5000))
        // No demand at all: every excess unit is likely marked down.
        let dead = fifth.overstock([ProfitRule.Overstock(sku: vase, excess: 100, position: 100, daily: 0)])
        #expect(dead.money == cents(5000 + 30_000))
    }

    @Test func anUnmappedListingIsWorthItsWaitingLinesAtTheDefaultMargin() {
        let key = OrderLineID(channel: "ebay", order: "E1", line: 1)
        let lines = [
            ParkedLine(
                id: key, listing: "L9", quantity: 2, unitPrice: Money(cents: 1000),
                placedAt: Timestamp(secondsSince1970: 0), status: .open, statusTime: nil),
            ParkedLine(
                id: OrderLineID(channel: "ebay", order: "E2", line: 1), listing: "L9", quantity: 1,
                unitPrice: Money(cents: 500), placedAt: Timestamp(secondsSince1970: 0), status: .open, statusTime: nil),
        ]
        // (2 × 10.00 + 5.00) × 40%.
        let effect = rule.unmapped(lines)
        #expect(effect.money == cents(1000))
        #expect(effect.usesDefaultMargin)
    }

    @Test func aForecastMissIsWorthTheMarginOfTheGap() {
        // Sold 20 against 7 forecast: 13 × 12.00.
        #expect(rule.forecastMiss(sku: lamp, sold: 20, expected: 7).money == cents(15_600))
        #expect(rule.forecastMiss(sku: lamp, sold: 0, expected: 7).money == cents(8400))
    }

    @Test func aStarvedChannelIsWorthTheMarginItCannotSell() {
        // 0.2 a day over 30 d = 6 units (it could be offered 10): 6 × 12.00.
        let known = ProfitRule.StarvedSKU(sku: lamp, couldOffer: 10, daily: 0.2)
        #expect(rule.starved([known]).money == cents(7200))
        // 1 a day would be 30, but only 10 could be offered; with no demand known, all 10.
        #expect(rule.starved([ProfitRule.StarvedSKU(sku: lamp, couldOffer: 10, daily: 1)]).money == cents(12_000))
        #expect(rule.starved([ProfitRule.StarvedSKU(sku: lamp, couldOffer: 10, daily: nil)]).money == cents(12_000))
    }

    /// A channel starved of many SKUs: every SKU counts in the money, the explanation shows the
    /// ten that cost the most and sums the rest in one line.
    @Test func aStarvedChannelOfManySKUsExplainsTheTopTenAndSumsTheRest() {
        let entries = (1...15).map { index in
            ProfitRule.StarvedSKU(
                sku: SKU(
                    code: SKUCode("S\(100 + index)"), title: "s", unitCost: Money(cents: 100), price: Money(cents: 300)),
                couldOffer: index, daily: nil)
        }
        // Σ 1…15 units × 2.00 margin.
        let effect = rule.starved(entries)
        #expect(effect.money == cents(24_000))
        #expect(effect.steps.map(\.name) == (106...115).map { "S\($0)" } + ["5 more SKU(s)", "money"])
        #expect(effect.steps.first { $0.name == "5 more SKU(s)" }?.value == "\(cents(3000))", "1…5 units × 2.00")
        #expect(effect.inputs.count == 1 + 10, "the horizon and the ten shown SKUs' margins")
        #expect(rule.starved(Array(entries.prefix(3))).steps.count == 4, "three SKUs shown whole, no rest line")
    }

    @Test func returnsCostTheMarginOfTheRefundedSales() {
        // 3 units back in the last 30 d, over a 30 d horizon: 3 × 12.00; over 60 d, twice that.
        #expect(rule.returns([ProfitRule.ReturnedUnits(sku: lamp, units: 3)], windowDays: 30).money == cents(3600))
        let longer = ProfitRule(StoreSettings(horizonDays: 60))
        #expect(longer.returns([ProfitRule.ReturnedUnits(sku: lamp, units: 3)], windowDays: 30).money == cents(7200))
    }

    @Test func hugeValuesNeverTrap() {
        let dear = SKU(code: "GOLD", title: "Gold", unitCost: Money(cents: 1), price: Money(cents: Bounds.unitCents))
        let effect = rule.oversold(sku: dear, units: Int.max, lines: Int.max)
        #expect(effect.money.isSaturated)
        let wild = SKUOutlook(daily: .infinity, daysToStockout: .nan, leadTimeDays: 400, expectedLostUnits: .infinity)
        _ = rule.stockout(sku: dear, outlook: wild)
        _ = rule.overstock([ProfitRule.Overstock(sku: dear, excess: Int.max, position: Int.max, daily: .nan)])
    }
}
