import OnePoolConsole
import OnePoolCore
import OnePoolTestSupport
import Testing

/// A forecast update moves only the forecast items that changed (the loader's
/// `BriefingItemsChange`): the briefing must come out exactly as installing the whole new
/// forecast item list and ranking it all again gives it, for a few items (moved by binary
/// search) and for many (one pass and a merge).
@Suite struct IncrementalForecastTests {
    static let forecastKinds: Set<BriefingItem.Kind> = [.stockoutRisk, .forecastMiss, .overstock]

    @Test(arguments: [(1, 3), (2, 40), (3, 400)])
    func anUpdateGivesWhatInstallingTheWholeListGives(seed: Int, size: Int) {
        let base = ConsoleFixture.data
        let old = base.briefing.filter { Self.forecastKinds.contains($0.kind) }
        #expect(!old.isEmpty, "the fixture has forecast items")
        var random = SplitMix64(seed: UInt64(seed))
        var new = BriefingItemsChange.byID(old)
        for _ in 0..<size {
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                // One leaves.
                if let id = new.keys.sorted().randomElement(using: &random) { new[id] = nil }
            case 1:
                // One changes its money (and so its place).
                if let id = new.keys.sorted().randomElement(using: &random), var item = new[id] {
                    item.money = Money(cents: Int64.random(in: 0...500_000, using: &random))
                    new[id] = item
                }
            default:
                // One comes.
                let subject = "NEW-\(Int.random(in: 0..<100_000, using: &random))"
                new["stockout-risk:\(subject)"] = BriefingItem(
                    kind: .stockoutRisk, subject: subject,
                    money: Money(cents: Int64.random(in: 0...500_000, using: &random)),
                    why: "test", action: .openSKU(SKUCode(subject)))
            }
        }
        let change = BriefingItemsChange(from: BriefingItemsChange.byID(old), to: new)
        var updated = base
        updated.updateForecasts([:], items: change)
        var installed = base
        installed.installForecasts(base.forecasts, briefingItems: Array(new.values))
        installed.repriceStateItems(ConsoleFixture.stock)
        #expect(updated.briefing == installed.briefing)
        #expect(updated.briefing.map(\.id) == Briefing.rank(updated.briefing).map(\.id))
        for item in updated.briefing { #expect(updated.briefingItem(item.id) == item) }
    }
}
